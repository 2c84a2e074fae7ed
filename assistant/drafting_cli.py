"""`assistant draft-reply FILE` (and `assistant records ...`), registered by assistant.cli.

The records commands live here too because the CLI imports this module for the staff-facing
commands; keeping them together avoids touching the core CLI.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Imported by every `assistant` command: keep module-level imports light (the pipeline loads lazily).
MAX_EMAIL_BYTES = 200_000
DEFAULT_MAX_QUESTIONS = 5


def _read_email(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    if path.stat().st_size > MAX_EMAIL_BYTES:
        raise ValueError(f"{source} is larger than {MAX_EMAIL_BYTES // 1000} kB; paste only the enquiry")
    return path.read_text(encoding="utf-8", errors="replace")


def cmd_draft_reply(args: argparse.Namespace) -> int:
    from .drafting import NoQuestions, draft_reply, split_enquiry
    from .coverage_model import CoverageModelError
    from .knowledge import IndexMissing
    from .pipeline import Pipeline

    try:
        email = _read_email(args.file)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not email.strip():
        print("error: the email is empty", file=sys.stderr)
        return 2
    if not split_enquiry(email, args.max_questions).questions:  # say so before loading any model
        print(f"error: {NoQuestions.__doc__}", file=sys.stderr)
        return 2
    try:
        pipeline = Pipeline()
    except (IndexMissing, CoverageModelError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        draft = draft_reply(email, lambda q, h: pipeline.ask(q, h), max_questions=args.max_questions)
    except NoQuestions as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(draft.model_dump_json(indent=2))
    else:
        print(draft.text)
        for note in draft.notes:
            print(f"note: {note}", file=sys.stderr)
    return 0


def cmd_export_not_covered(args: argparse.Namespace) -> int:
    import json

    from .records import Records, not_covered_csv
    from .settings import get_settings

    db = Path(args.db) if args.db else get_settings().records_db
    if not db.exists():
        print(f"error: no records database at {db}", file=sys.stderr)
        return 2
    rows = Records(db).not_covered(since=args.since)
    if args.format == "jsonl":
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
    else:
        sys.stdout.write(not_covered_csv(rows))
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    from .records import Records
    from .settings import get_settings

    settings = get_settings()
    db = Path(args.db) if args.db else settings.records_db
    removed = Records(db).purge(settings.retention_days if args.days is None else args.days)
    print(f"removed {removed} exchange(s)")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("draft-reply", help="draft a cited reply to an email enquiry (FILE, or - for stdin)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the draft with its questions and Answers as JSON")
    p.add_argument("--max-questions", type=int, default=DEFAULT_MAX_QUESTIONS)
    p.set_defaults(func=cmd_draft_reply)

    p = subparsers.add_parser("records", help="the question/answer records (see ASSISTANT_RECORDS_DB)")
    rec = p.add_subparsers(dest="records_command", required=True)
    e = rec.add_parser("export-not-covered", help="questions the statements did not cover (CSV or JSON lines)")
    e.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    e.add_argument("--since", help="ISO date, e.g. 2026-01-01")
    e.add_argument("--db", help="records database (default: settings)")
    e.set_defaults(func=cmd_export_not_covered)
    e = rec.add_parser("purge", help="delete records older than the retention period")
    e.add_argument("--days", type=int, help="override ASSISTANT_RETENTION_DAYS")
    e.add_argument("--db", help="records database (default: settings)")
    e.set_defaults(func=cmd_purge)
