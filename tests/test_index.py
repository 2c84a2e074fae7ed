"""build_index: a real persistent Chroma collection plus the lexical index; incremental; atomic."""

from __future__ import annotations

import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import chromadb
import pytest

from assistant.indexer import PROGRESS_MIN_PASSAGES, build_dir, build_index, read_manifest
from assistant.knowledge import KnowledgeBase
from assistant.lexical import LexicalIndex
from assistant.pipeline import Pipeline
from assistant.retrieve import retrieve
from conftest import ASSISTANT_BIN, CORPUS_DIR

pytestmark = pytest.mark.slow  # the embedding model and real index builds

ALPHA = [
    "Departments that host trainees must name a clinical placement coordinator for each intake of students.",
    "The clinical placement coordinator arranges rotas so that every trainee scans under supervision each week.",
    "Coordinators send the university a termly report on the progress of each trainee on placement.",
]
BETA = [
    "Mobile scanning vans may be used for training only when a qualified sonographer travels with the trainee.",
    "Trainees may not scan alone in a mobile van during the first six months of the course.",
]


def _builds(settings) -> list[str]:
    return sorted(p.name for p in (settings.index_dir / "builds").iterdir())


def test_incremental_builds(tmp_path: Path, settings_for, write_statement) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    write_statement(corpus, "alpha", ALPHA)
    beta = write_statement(corpus, "beta", BETA)
    settings = settings_for(corpus, tmp_path / "index")

    # first build: everything embedded into a persistent Chroma collection and a lexical index
    first = build_index(settings, progress=False)
    assert (first.added, first.embedded, first.reused, first.errors) == (["alpha", "beta", "social-scanning-2021"], 10, 0, [])
    folder = build_dir(settings, first.build_id)
    assert (folder / "chroma" / "chroma.sqlite3").is_file()
    manifest = read_manifest(settings)
    assert manifest["build_id"] == first.build_id
    # the store is readable by a plain Chroma client, without our code
    stored = chromadb.PersistentClient(path=str(folder / "chroma")).get_collection(manifest["collection"])
    assert stored.count() == 10
    assert set(stored.get()["ids"]) == {f"alpha#p{n}" for n in (1, 2, 3)} | {"beta#p1", "beta#p2"} | {
        f"social-scanning-2021#p{n}" for n in range(1, 6)}
    lexical = LexicalIndex.load(folder / "lexical")
    assert sorted(lexical.ids) == sorted(stored.get()["ids"])
    assert "coordin" in lexical.df

    # second run: nothing to do, and it says so
    again = build_index(settings, progress=False)
    assert again.up_to_date and again.embedded == 0 and again.build_id == first.build_id
    assert "up to date" in again.summary() and "nothing embedded" in again.summary()

    # one changed paragraph: only that passage is embedded again
    beta.write_text(beta.read_text(encoding="utf-8").replace("first six months", "first nine months"), encoding="utf-8")
    changed = build_index(settings, progress=False)
    assert (changed.changed, changed.added, changed.removed) == (["beta"], [], [])
    assert (changed.embedded, changed.reused) == (1, 9)
    assert "embedded 1, reused 9" in changed.summary() and "changed: beta" in changed.summary()
    kb = KnowledgeBase(settings)
    assert "nine months" in kb.passages["beta#p2"].text
    # the replaced build stays for processes still serving it; the one before goes
    assert _builds(settings) == sorted([first.build_id, changed.build_id])
    assert read_manifest(settings)["previous_build_id"] == first.build_id

    # a removed document leaves the manifest, the store and retrieval
    (corpus / "alpha.md").unlink()
    removed = build_index(settings, progress=False)
    assert removed.removed == ["alpha"] and removed.embedded == 0 and removed.reused == 7
    assert "removed: alpha" in removed.summary()
    assert _builds(settings) == sorted([changed.build_id, removed.build_id])
    assert "alpha" not in read_manifest(settings)["documents"]
    kb = KnowledgeBase(settings)
    assert not [pid for pid in kb.passages if pid.startswith("alpha#")]
    assert kb.collection.get(ids=["alpha#p1", "alpha#p2"])["ids"] == []
    hits = retrieve(kb, "Who is the clinical placement coordinator and what termly report do they send?").hits
    assert hits and not [h for h in hits if h.passage_id.startswith("alpha#")]


def _bulk_paragraphs(n: int) -> list[str]:
    """n distinct, long paragraphs: enough embedding work for a build to take several seconds."""
    subjects = ["Trainees", "Mentors", "Providers", "Assessors", "Departments", "Universities", "Coordinators"]
    topics = ["vascular", "abdominal", "musculoskeletal", "gynaecological", "cardiac", "paediatric", "breast"]
    out = []
    for i in range(n):
        s, t = subjects[i % len(subjects)], topics[(i // len(subjects)) % len(topics)]
        out.append(
            f"{s} working in {t} ultrasound must follow local protocol number {i} when planning lists. "
            f"Rule {i} covers record keeping, consent, chaperones, image archiving, equipment checks and the "
            f"escalation of unexpected findings to a named senior colleague within {i % 9 + 1} working days, "
            f"and it applies to every site in region {i % 13} regardless of how the service is commissioned "
            f"or which organisation employs the practitioner on the day of the examination in question."
        )
    return out


def test_killed_build_leaves_the_previous_index_serving(tmp_path: Path, settings_for, write_statement, cli_env) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    settings = settings_for(corpus, tmp_path / "index")
    old = build_index(settings, progress=False)

    n = 300
    assert n >= PROGRESS_MIN_PASSAGES
    write_statement(corpus, "bulk", _bulk_paragraphs(n))
    proc = subprocess.Popen([str(ASSISTANT_BIN), "index"], cwd=tmp_path, env=cli_env(corpus, settings.index_dir),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    err = bytearray()
    reader = threading.Thread(target=lambda: [err.extend(c) for c in iter(lambda: proc.stderr.read1(4096), b"")],
                              daemon=True)
    reader.start()
    deadline = time.monotonic() + 90
    # the progress bar appears once embedding has started: that is the moment to kill it
    while b"Batches" not in err and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert b"Batches" in err, f"no progress bar for {n} passages; stderr: {err.decode(errors='replace')[-2000:]}"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    reader.join(timeout=5)
    out = proc.stdout.read().decode()
    assert proc.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    assert "Index built" not in out

    # the manifest still names the old build, a half-written build sits beside it, and it serves
    assert read_manifest(settings)["build_id"] == old.build_id
    assert len(_builds(settings)) == 2
    kb = KnowledgeBase(settings)
    assert kb.build_id == old.build_id
    assert set(kb.passages) == {f"social-scanning-2021#p{n}" for n in range(1, 6)}
    assert kb.collection.count() == 5
    hits = retrieve(kb, "Will CASE accredit a course that trains people solely for social scanning?").hits
    assert hits[0].passage_id in {"social-scanning-2021#p4", "social-scanning-2021#p5"}
    answer = Pipeline(settings, kb=kb).ask("Will CASE accredit a course that trains people solely for social scanning?")
    assert answer.citations and all(c.id.startswith("social-scanning-2021#") for c in answer.citations)

    # the next run, even one with nothing to build, removes the leftover
    (corpus / "bulk.md").unlink()
    done = build_index(settings, progress=False)
    assert done.up_to_date and done.build_id == old.build_id
    assert _builds(settings) == [old.build_id]


def test_no_progress_bar_for_small_builds(tmp_path: Path, settings_for, capfd: pytest.CaptureFixture[str]) -> None:
    settings = settings_for(CORPUS_DIR, tmp_path / "index")
    report = build_index(settings, progress=True)
    assert report.embedded == 5 < PROGRESS_MIN_PASSAGES
    assert "Batches" not in capfd.readouterr().err


def test_concurrent_builds_do_not_break_the_index(tmp_path: Path, settings_for, write_statement) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    write_statement(corpus, "alpha", ALPHA)
    settings = settings_for(corpus, tmp_path / "index")
    reports: list = []
    failures: list[BaseException] = []

    def build() -> None:
        try:
            reports.append(build_index(settings, progress=False))
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=build) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not failures, failures
    # one build did the work, the other waited for it and found the index up to date
    assert sorted(r.up_to_date for r in reports) == [False, True]
    assert sorted(r.embedded for r in reports) == [0, 8]
    manifest = read_manifest(settings)
    assert _builds(settings) == [manifest["build_id"]]
    kb = KnowledgeBase(settings)
    assert len(kb.passages) == kb.collection.count() == 8


def test_a_rebuild_by_another_process_does_not_break_a_running_server(tmp_path: Path, settings_for, write_statement,
                                                                      cli_env) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    write_statement(corpus, "alpha", ALPHA)
    settings = settings_for(corpus, tmp_path / "index")
    first = build_index(settings, progress=False)
    serving = KnowledgeBase(settings)  # a web server that loaded the index and has not queried yet

    (corpus / "alpha.md").unlink()
    done = subprocess.run([str(ASSISTANT_BIN), "index", "--quiet"], cwd=tmp_path, env=cli_env(corpus, settings.index_dir),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "1 removed" in done.stdout, done.stdout + done.stderr
    assert read_manifest(settings)["build_id"] != first.build_id

    # the old build keeps answering until the server reloads...
    hits = retrieve(serving, "Who is the clinical placement coordinator?").hits
    assert hits[0].passage_id.startswith("alpha#")
    # ...and a reload serves the new one
    assert not [p for p in KnowledgeBase(settings).passages if p.startswith("alpha#")]


def test_an_empty_corpus_never_replaces_a_good_index(tmp_path: Path, settings_for) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    settings = settings_for(corpus, tmp_path / "index")
    good = build_index(settings, progress=False)

    (corpus / "social-scanning-2021.md").unlink()
    empty = build_index(settings, progress=False)
    assert empty.not_built and empty.build_id == good.build_id
    assert empty.errors == [f"{corpus}: no statement files (.md, .markdown, .txt, .html, .htm, .pdf, .docx)"]
    assert empty.summary().startswith("Index not built: no statement could be loaded; the serving index is unchanged.")

    (corpus / "broken.md").write_text("no front matter\n", encoding="utf-8")
    broken = build_index(settings, progress=False)
    assert broken.not_built and len(broken.errors) == 1 and "broken.md: missing metadata" in broken.errors[0]

    assert read_manifest(settings)["build_id"] == good.build_id
    assert len(KnowledgeBase(settings).passages) == 5


def _unused_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("url", ["http://127.0.0.1:{port}", "chroma.internal:8000"])
def test_an_unreachable_or_malformed_chroma_server_is_a_clear_error_before_any_work(
        tmp_path: Path, settings_for, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str) -> None:
    from assistant import cli
    from assistant.settings import get_settings

    url = url.format(port=_unused_port())
    settings = settings_for(CORPUS_DIR, tmp_path / "index", chroma_url=url)
    report = build_index(settings, progress=False)
    assert report.not_built and report.embedded == 0 and read_manifest(settings) is None
    assert len(report.errors) == 1 and url in report.errors[0]
    assert report.summary().startswith("Index not built: the vector store is unavailable.")

    # the command says so and exits non-zero, without a traceback
    for key, value in {"ASSISTANT_CORPUS_DIR": str(CORPUS_DIR), "ASSISTANT_INDEX_DIR": str(tmp_path / "index"),
                       "ASSISTANT_CHROMA_URL": url}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    try:
        assert cli.main(["index", "--quiet"]) == 1
    finally:
        get_settings.cache_clear()
    out = capsys.readouterr().out
    assert out.startswith("Index not built: the vector store is unavailable.") and url in out
