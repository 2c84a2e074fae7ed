"""The Chroma client: embedded on disk by default, a Chroma server when one is configured."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from . import offline  # noqa: F401

import chromadb
from chromadb.config import Settings as ChromaSettings



def _chroma_settings() -> ChromaSettings:
    """A fresh settings object per client: chromadb's HttpClient writes the server address into
    the object it is given, so a shared one would turn later embedded clients into HTTP clients."""
    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


class StoreUnavailable(RuntimeError):
    """The configured Chroma server URL is malformed or the server cannot be reached."""


def chroma_client(chroma_url: str | None, path: Path | None):  # -> chromadb.api.ClientAPI
    """A server client when chroma_url is set, else a persistent client at path."""
    if chroma_url:
        url = urlparse(chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            # "chroma.internal:8000" parses as a scheme with no host: never fall back to localhost silently
            raise StoreUnavailable(f"invalid Chroma server URL {chroma_url!r}: expected http(s)://host:port")
        try:
            return chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=_chroma_settings(),
            )
        except Exception as exc:  # chromadb raises a bare ValueError when nothing answers
            raise StoreUnavailable(f"cannot reach the Chroma server at {chroma_url}: {exc}") from exc
    if path is None:
        raise ValueError("an embedded Chroma store needs a path")
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())


def open_collection(client, name: str, create: bool = False):
    """Collections get their vectors from us, never from Chroma's default (hub-downloading) model."""
    if create:
        return client.create_collection(name=name, embedding_function=None, metadata={"hnsw:space": "cosine"})
    return client.get_collection(name=name, embedding_function=None)
