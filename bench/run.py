"""`make bench` / `python -m bench.run`: measure latency, scale, concurrency, memory and cold start.

Writes bench/results/<timestamp>.json and .md (and latest.md) and prints a summary. See
bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import time
import traceback
from pathlib import Path

from assistant import offline  # noqa: F401

from . import latency, report, scale
from .questions import load_questions
from .workdir import RESULTS_DIR, fresh, work_dir

REPO = Path(__file__).resolve().parent.parent


def _log(msg: str) -> None:
    print(msg, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    p.add_argument("--scales", default=",".join(map(str, scale.DEFAULT_SCALES)),
                   help="synthetic corpus sizes in passages, comma-separated (default 10,1000,10000,100000)")
    p.add_argument("--quick", action="store_true", help="scales 10,1000, one latency round, 5 s load steps")
    p.add_argument("--rounds", type=int, default=3, help="rounds over the questions for answer latency")
    p.add_argument("--clients", default="1,8,32", help="concurrent API clients, comma-separated")
    p.add_argument("--seconds", type=float, default=15.0, help="duration of each concurrency step")
    p.add_argument("--workers", type=int, default=1, help="app worker processes for the server section")
    p.add_argument("--keep-rate-limit", action="store_true",
                   help="load-test with the app's per-client rate limit on (429s are then expected)")
    p.add_argument("--skip", default="", help="sections to skip: latency,scale,server")
    p.add_argument("--profile", action="store_true", help="write pyinstrument profiles of queries and re-index")
    p.add_argument("--out", type=Path, default=RESULTS_DIR)
    args = p.parse_args(argv)
    if args.quick:
        args.scales, args.rounds, args.seconds = "10,1000", 1, min(args.seconds, 5.0)
    args.scale_list = [int(s) for s in args.scales.split(",") if s.strip()] if args.scales.strip() else []
    args.client_list = [int(c) for c in args.clients.split(",") if c.strip()]
    args.skip_set = {s.strip() for s in args.skip.split(",") if s.strip()}
    return args


def _environment() -> dict:
    import torch

    return {"cpus": os.cpu_count(), "python": platform.python_version(), "torch_threads": torch.get_num_threads(),
            "platform": platform.platform(), "load_start": [round(x, 2) for x in os.getloadavg()]}


def _server_section(args: argparse.Namespace, settings, questions: list[str], work: Path) -> dict:
    from .server import AppServer, cold_start, concurrency, warm_up

    env = {"ASSISTANT_INDEX_DIR": str(settings.index_dir.resolve()), "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir.resolve()),
           "ASSISTANT_RECORDS_DB": str(work / "server" / "records.sqlite3"), "WEB_CONCURRENCY": str(args.workers)}
    if not args.keep_rate_limit:
        env["ASSISTANT_RATE_LIMIT_PER_MINUTE"] = "0"  # measure capacity, not the per-client limit
    fresh(work / "server")
    # Index with the code the app subprocess will run (the tree may have changed since this process started).
    subprocess.run([str(Path(sys.executable).with_name("assistant")), "index"], env={**os.environ, **env},
                   cwd=REPO, check=True, capture_output=True)
    configs = [("default configuration (ASSISTANT_LLM=" + settings.llm + ")", {})]
    if settings.llm != "none":
        configs.append(("evidence-only (ASSISTANT_LLM=none)", {"ASSISTANT_LLM": "none"}))
    runs, conc = [], []
    for label, extra in configs:
        _log(f"[server] {label}: cold start")
        with AppServer({**env, **extra}, work / "server" / f"app-{len(runs)}.log") as server:
            cold = cold_start(server, questions[0], {})
            warm_up(server.url, questions)  # as a server that has run a while: caches filled
            if extra or len(configs) == 1:  # the load test runs on the evidence-only configuration
                conc = concurrency(server.url, args.client_list, args.seconds, questions, {}, log=_log)
            else:
                concurrency(server.url, [1], min(args.seconds, 5.0), questions, {}, log=_log)  # exercise it for the RSS figure
            runs.append({"label": label, "cold_start": cold, "peak_rss_mb": server.peak_rss_mb()})
    return {"workers": args.workers, "rate_limit": "kept (per-client limit on)" if args.keep_rate_limit else "off (ASSISTANT_RATE_LIMIT_PER_MINUTE=0)",
            "body": {"question": "…"}, "runs": runs, "concurrency": conc}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.chdir(REPO)
    from assistant.settings import Settings

    questions = load_questions()
    work = work_dir()
    results: dict = {"timestamp": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H-%M-%SZ"),
                     "command": " ".join(["python -m bench.run", *(argv if argv is not None else sys.argv[1:])]),
                     "environment": _environment(), "notes": []}
    started = time.perf_counter()
    real = latency.real_index_settings(work, Settings().corpus_dir)

    def section(name: str, fn) -> None:
        """Run one section; a failure is recorded in the results instead of losing the others."""
        if name in args.skip_set:
            return
        try:
            results[name] = fn()
        except Exception as exc:  # noqa: BLE001 - reported in the results and on the console
            traceback.print_exc()
            results["notes"].append(f"section {name} failed: {type(exc).__name__}: {exc}")

    def scale_section() -> list[dict]:
        _log(f"[scale] {args.scale_list}")
        profiles = args.out / "profiles" if args.profile else None
        if profiles:
            profiles.mkdir(parents=True, exist_ok=True)
        return scale.run(args.scale_list, work, real.corpus_dir, questions, profiles, log=_log)

    section("latency", lambda: (_log("[latency] default, evidence-only and plain-RAG baseline"),
                                latency.run(real, questions, work, args.rounds, log=_log))[1])
    if args.scale_list:
        section("scale", scale_section)
    section("server", lambda: _server_section(args, real, questions, work))
    results["environment"]["load_end"] = [round(x, 2) for x in os.getloadavg()]
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["targets"] = report.check_targets(results)
    json_path, md_path = report.write(results, args.out)
    print(report.markdown(results))
    print(report.console_summary(results))
    print(f"\nWrote {json_path} and {md_path} (and latest.md).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
