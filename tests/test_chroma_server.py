"""The same index code against a real Chroma server (`chroma run` on loopback), as a deployment uses it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.answer import Verdict
from assistant.indexer import build_dir, build_index, read_manifest
from assistant.pipeline import Pipeline
from assistant.store import chroma_client
from bench.server import free_port
from conftest import CORPUS_DIR, REPO_ROOT, stop, wait_until_serving

SCRIPT = REPO_ROOT / "scripts" / "chroma-server.sh"  # runs the venv's `chroma run` on 127.0.0.1

pytestmark = [pytest.mark.server, pytest.mark.slow]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = open(data / "server.log", "wb")
    env = {**os.environ, "CHROMA_BIN": str(Path(sys.executable).with_name("chroma"))}  # this test run's venv
    server = subprocess.Popen(["bash", str(SCRIPT), str(port), str(data / "db")], stdout=log, stderr=subprocess.STDOUT,
                              env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(server, lambda: httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200,
                           data / "server.log", "chroma server", 30)
        yield url
    finally:
        stop(server, 10)
        log.close()


def _our_collections(url: str, prefix: str) -> list[str]:
    names = [c if isinstance(c, str) else c.name for c in chroma_client(url, None).list_collections()]
    return sorted(n for n in names if n.startswith(prefix + "_"))


def test_index_and_answer_through_a_chroma_server(chroma_url: str, tmp_path: Path, settings_for) -> None:
    started = time.perf_counter()
    settings = settings_for(CORPUS_DIR, tmp_path / "index", chroma_url=chroma_url)
    report = build_index(settings, progress=False)
    assert (report.embedded, report.errors) == (5, [])
    manifest = read_manifest(settings)
    assert manifest["chroma_url"] == chroma_url
    # the vectors live on the server, not in the local build folder
    assert not (build_dir(settings, report.build_id) / "chroma").exists()
    assert _our_collections(chroma_url, settings.collection_prefix) == [manifest["collection"]]
    assert chroma_client(chroma_url, None).get_collection(manifest["collection"]).count() == 5

    pipeline = Pipeline(settings)
    answer = pipeline.ask("Will CASE accredit a course that trains people solely for social scanning?")
    assert answer.verdict == Verdict.NO, answer.model_dump_json(indent=1)
    rule = [c for c in answer.citations if c.id == "social-scanning-2021#p4"]
    assert rule and rule[0].quote in pipeline.kb.passages[rule[0].id].text, answer.model_dump_json(indent=1)

    # incremental and atomic there too: nothing to do, then a forced rebuild replaces the collection
    assert build_index(settings, progress=False).up_to_date
    rebuilt = build_index(settings, progress=False, force=True)
    assert rebuilt.build_id != report.build_id and rebuilt.embedded == 5
    # the new collection serves; the replaced one stays for processes that still read it, and goes next time
    assert _our_collections(chroma_url, settings.collection_prefix) == sorted(
        [manifest["collection"], read_manifest(settings)["collection"]])
    third = build_index(settings, progress=False, force=True)
    assert _our_collections(chroma_url, settings.collection_prefix) == sorted(
        f"{settings.collection_prefix}_{b}" for b in (rebuilt.build_id, third.build_id))
    print(f"chroma server test: {time.perf_counter() - started:.1f}s after the heartbeat")
