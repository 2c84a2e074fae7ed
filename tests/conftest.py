"""Shared fixtures: one real index of the real corpus per test session, and helpers to build
small corpora and run the `assistant` command against temp folders.

Nothing here touches the repository's own index/: every build goes to a temp folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from assistant.settings import Settings

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = REPO_ROOT / "corpus"
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"
ASSISTANT_BIN = Path(sys.executable).with_name("assistant")

# The lines of the raw seed page that are website furniture, not statement wording, and the
# phrases of them that must never reach the index.
SEED_CHROME_LINES = (
    "Contact us",
    "Get social with us",
    "Print | Sitemap",
    "Header photographs supplied courtesy of GE Healthcare. Created with IONOS WebsiteBuilder",
)
SEED_CHROME_PHRASES = (
    "Header photographs supplied courtesy of GE Healthcare",
    "Created with IONOS WebsiteBuilder",
    "Contact us",
    "Print | Sitemap",
    "Get social with us",
)


def wait_until_serving(proc: subprocess.Popen, ready: Callable[[], bool], log: Path, what: str, timeout_s: float) -> None:
    """Poll ready() until it is true; fail with the server's log if the process exits or time runs out.
    ready() may raise OSError (which httpx errors and urllib errors are) while the server starts."""
    deadline = time.monotonic() + timeout_s
    while True:
        if proc.poll() is not None:
            pytest.fail(f"{what} exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            if ready():
                return
        except Exception:  # noqa: BLE001 - connection refused, timeouts, half-started replies
            pass
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"{what} not ready within {timeout_s:.0f} s: {log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.2)


def stop(proc: subprocess.Popen, timeout_s: float = 15) -> None:
    """Terminate a server process, killing it if it does not stop in time."""
    proc.terminate()
    try:
        proc.wait(timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout_s)


def make_settings(corpus_dir: Path, index_dir: Path, **overrides: object) -> Settings:
    """Settings for a test: no .env file, embedded Chroma, no language model, unless overridden."""
    values: dict[str, object] = {"corpus_dir": corpus_dir, "index_dir": index_dir, "chroma_url": None, "llm": "none"}
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture(scope="session")
def settings_for() -> Callable[..., Settings]:
    """make_settings(corpus_dir, index_dir, **overrides) as a fixture."""
    return make_settings


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The real corpus built into a session temp index; shared, so treat it as read-only."""
    from assistant.indexer import build_index

    settings = make_settings(CORPUS_DIR, tmp_path_factory.mktemp("index") / "index")
    report = build_index(settings, progress=False)
    assert not report.errors, report.summary()
    return settings


@pytest.fixture(scope="session")
def pipeline(built_settings: Settings):  # -> assistant.pipeline.Pipeline
    """One Pipeline (models loaded once) over the session index."""
    from assistant.pipeline import Pipeline

    return Pipeline(built_settings)


@pytest.fixture(scope="session")
def rules_pipeline(pipeline, built_settings: Settings):  # -> assistant.pipeline.Pipeline
    """The same index with the learned coverage check off: for tests of what the rules decide."""
    from assistant.pipeline import Pipeline

    return Pipeline(built_settings.model_copy(update={"coverage_model": "none"}), kb=pipeline.kb)


@pytest.fixture(scope="session")
def seed_raw() -> str:
    """The statement as copied from the website, chrome and all."""
    return (FIXTURES_DIR / "seed_social_scanning_raw.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def cli_env() -> Callable[[Path, Path], dict[str, str]]:
    """Environment for running `assistant` on a temp corpus and index (no model, no server)."""

    def env(corpus_dir: Path, index_dir: Path) -> dict[str, str]:
        out = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
        out.update(
            ASSISTANT_CORPUS_DIR=str(corpus_dir),
            ASSISTANT_INDEX_DIR=str(index_dir),
            ASSISTANT_LLM="none",
            PYTHONUNBUFFERED="1",
        )
        return out

    return env


@pytest.fixture(scope="session")
def write_statement() -> Callable[..., Path]:
    """Write a Markdown statement with valid front matter; returns its path."""

    def write(folder: Path, slug: str, paragraphs: Sequence[str], footnotes: Sequence[str] = (), title: str | None = None,
              issued: str = "2023-01") -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        front = (
            f"---\ntitle: {title or slug.replace('-', ' ').title()}\nissuer: Test Accreditation Board\n"
            f"issued: {issued}\nurl: https://example.org/statements/{slug}/\nstatus: current\n---\n\n"
        )
        body = "\n\n".join(paragraphs)
        notes = "".join(f"\n\n[^{i}]: {text}" for i, text in enumerate(footnotes, start=1))
        path = folder / f"{slug}.md"
        path.write_text(front + f"# {title or slug}\n\n" + body + notes + "\n", encoding="utf-8")
        return path

    return write
