"""The `assistant` command: index, ask, draft-reply, eval, serve."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from . import offline  # noqa: F401
from .answer import Answer


def _print_answer(answer: Answer) -> None:
    print(f"Verdict: {answer.verdict.value}")
    print()
    print(answer.answer)
    if answer.citations:
        print()
        print("Sources:")
        for c in answer.citations:
            print(f"  [{c.n}] {c.document} ({c.issued}), {c.id}: “{c.quote}”")
            print(f"      {c.url}")


def _line_question(line: str) -> tuple[str, list[dict[str, str]]]:
    """A stdin line is plain text or a JSON object with a "question" field and, optionally, the chat
    "history" before it (a list of {"role", "content"} objects, or of strings: earlier user turns)."""
    stripped = line.strip()
    if stripped.startswith("{"):
        try:
            obj = json.loads(stripped)
        except ValueError:
            return stripped, []
        if isinstance(obj, dict) and isinstance(obj.get("question"), str):
            turns = obj.get("history") if isinstance(obj.get("history"), list) else []
            history = [{"role": "user", "content": t} if isinstance(t, str) else t
                       for t in turns if isinstance(t, (str, dict))]
            return obj["question"], history
    return stripped, []


def cmd_index(args: argparse.Namespace) -> int:
    from .indexer import build_index
    from .settings import get_settings

    report = build_index(get_settings(), progress=not args.quiet, force=args.force,
                         on_step=None if args.quiet else (lambda m: print(m, file=sys.stderr)))
    print(report.summary())
    return 1 if report.not_built or (report.errors and not report.documents) else 0


def cmd_ask(args: argparse.Namespace) -> int:
    from .coverage_model import CoverageModelError
    from .knowledge import IndexMissing
    from .pipeline import Pipeline
    from .store import StoreUnavailable

    try:
        pipeline = Pipeline()
    except (IndexMissing, StoreUnavailable, CoverageModelError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.question == "-":
        for line in sys.stdin:
            if not line.strip():
                continue
            question, history = _line_question(line)
            answer = pipeline.ask(question, history)
            print(answer.model_dump_json() if args.json else "", flush=True)
            if not args.json:
                _print_answer(answer)
                print("-" * 60)
        return 0
    answer = pipeline.ask(args.question)
    if args.json:
        print(answer.model_dump_json(indent=2))
    else:
        _print_answer(answer)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import runpy

    sys.argv = ["app.py"] + (["--port", str(args.port)] if args.port else [])
    runpy.run_path("app.py", run_name="__main__")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assistant", description="CASE position-statement assistant.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="build or update the index from corpus/")
    p.add_argument("--force", action="store_true", help="re-embed everything")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("ask", help="answer a question (use - to read one question per stdin line)")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the Answer JSON")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("serve", help="start the web app (same as python app.py)")
    p.add_argument("--port", type=int)
    p.set_defaults(func=cmd_serve)

    _optional_commands(sub)
    return parser


def _optional_commands(sub: argparse._SubParsersAction) -> None:
    """Commands whose modules register themselves (draft-reply, eval)."""
    for module in ("assistant.drafting_cli", "evals.cli"):
        try:
            mod = __import__(module, fromlist=["register"])
        except ImportError:
            continue
        mod.register(sub)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
