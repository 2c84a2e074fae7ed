"""Where the bench keeps its generated corpora and indexes (never corpus/ or index/)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"


def work_dir() -> Path:
    """bench/.work, or $BENCH_WORK_DIR (e.g. a bigger disk)."""
    path = Path(os.environ.get("BENCH_WORK_DIR") or BENCH_DIR / ".work")
    path.mkdir(parents=True, exist_ok=True)
    return path


def fresh(path: Path) -> Path:
    """An empty folder at path (removing what a previous run left)."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def disk_bytes(path: Path) -> int:
    """Bytes on disk of every file under path."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
