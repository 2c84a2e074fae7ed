"""`assistant eval`: run the golden set against the real Pipeline (and the baseline), report, gate."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .engines import CONFIGS


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "eval",
        help="evaluate the answer engine on the golden questions",
        description="Runs the golden questions through the real Pipeline and a plain-RAG baseline, writes "
        "summary.md, results.json and report.html, and exits 1 when a metric is below evals/thresholds.yaml. "
        "Language-model settings come from the ASSISTANT_LLM* environment variables.",
    )
    add_arguments(p)
    p.set_defaults(func=cmd_eval)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--split", choices=["dev", "heldout", "all"], default="all",
                   help="which golden split to run (tune on dev only; default: all)")
    p.add_argument("--subset", choices=["fast"], default=None,
                   help="a fixed, tag-balanced subset (evals/subsets.yaml) with its own thresholds")
    p.add_argument("--config", choices=sorted(CONFIGS), default="default",
                   help="pipeline configuration: " + "; ".join(f"{k}: {v}" for k, v in CONFIGS.items()))
    p.add_argument("--baseline", action=argparse.BooleanOptionalAction, default=True,
                   help="also run the plain langchain RAG baseline and show it side by side (default: on)")
    p.add_argument("--baseline-llm", default=None, metavar="PROVIDER",
                   help="language model for the baseline only (e.g. qwen-0.5b); default: ASSISTANT_LLM")
    p.add_argument("--out", type=Path, default=None,
                   help="report folder (default: evals/reports/<UTC timestamp>/)")
    p.add_argument("--thresholds", type=Path, default=None, help="thresholds file (default: evals/thresholds.yaml)")
    p.add_argument("--case", action="append", default=[], metavar="GLOB",
                   help="only cases whose id matches (repeatable, e.g. 'dev-para-*'); thresholds are not applied")
    p.add_argument("--tag", action="append", default=[], help="only cases with this tag (repeatable); thresholds are not applied")
    p.add_argument("--compare", type=Path, default=None, metavar="RESULTS",
                   help="an earlier results.json (or its report folder): list cases that regressed or were fixed")


def cmd_eval(args: argparse.Namespace) -> int:
    from assistant.coverage_model import CoverageModelError
    from assistant.knowledge import IndexMissing

    from .cases import GoldenError
    from .report import HEADLINE, fmt
    from .runner import THRESHOLDS_FILE, RunOptions, run

    options = RunOptions(split=args.split, subset=args.subset, config=args.config, baseline=args.baseline,
                         baseline_llm=args.baseline_llm, out=args.out,
                         thresholds_file=args.thresholds or THRESHOLDS_FILE, case_globs=args.case, tags=args.tag,
                         compare=args.compare)
    try:
        result = run(options, progress=lambda m: print(m, file=sys.stderr, flush=True))
    except (IndexMissing, CoverageModelError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (GoldenError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    engines = result.results["engines"]
    print(f"{result.results['meta']['cases']} cases, split {args.split}"
          f"{', subset ' + args.subset if args.subset else ''}, config {args.config}")
    for name, e in engines.items():
        m = e["metrics"]["all"]
        print(f"\n{name}: {e['label']}")
        for key, label in HEADLINE:
            print(f"  {label:45s} {fmt(m.get(key))}")
        for split in ("dev", "heldout"):
            if split in e["metrics"]:
                print(f"  {'verdict accuracy (' + split + ')':45s} {fmt(e['metrics'][split]['verdict_accuracy'])}")
    th = result.results["thresholds"]
    if not th["applied"]:
        print(f"\nthresholds: {th['note']}")
    elif result.threshold_failures:
        print(f"\nFAILED thresholds ({th['set']}):")
        for f in result.threshold_failures:
            print(f"  - {f}")
    else:
        print(f"\nall {th['set']} thresholds met")
    comparison = result.results.get("comparison")
    if comparison:
        print(f"\ncompared with {comparison['earlier']}: {len(comparison['regressed'])} regressed, "
              f"{len(comparison['fixed'])} fixed (of {comparison['common_cases']} common cases)")
        for row in comparison["regressed"]:
            print(f"  REGRESSED {row['id']}: {row['was']} -> {row['now']}; {'; '.join(row['failures'])}")
    print(f"\nreport: {result.out_dir}/summary.md, report.html, results.json")
    return result.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.cli")
    add_arguments(parser)
    return cmd_eval(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
