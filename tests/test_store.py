"""The Chroma client factory."""

import socket

import pytest

from assistant.store import StoreUnavailable, chroma_client


def test_an_http_client_does_not_turn_later_embedded_clients_into_http_clients(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(StoreUnavailable):
        chroma_client(f"http://127.0.0.1:{port}", None)  # nothing listens there
    client = chroma_client(None, tmp_path / "chroma")
    client.create_collection("after_http", embedding_function=None)
    assert (tmp_path / "chroma" / "chroma.sqlite3").exists()
