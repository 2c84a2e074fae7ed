"""The results file pair (JSON + Markdown) and the console summary."""

from __future__ import annotations

import json
from pathlib import Path

TARGETS = {
    "evidence_p50_at_largest_ms": 50,
    "default_p50_ms": 2000,
    "indexing_passages_per_s": 200,
    "reindex_one_doc_at_largest_s": 2,
    "concurrency_p95_ratio_32_vs_1": 3,
}


def _fmt(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _table(headers: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_fmt(c) for c in row) + " |" for row in rows]
    return lines + [""]


def check_targets(results: dict) -> list[dict]:
    """Each target with the measured figure and whether it is met (None = not measured)."""
    checks = []

    def add(name: str, measured: float | None, target: float, at: str = "") -> None:
        checks.append({"target": name, "limit": target, "measured": measured, "at": at,
                       "met": None if measured is None else measured <= target})

    lat = results.get("latency") or {}
    scales = results.get("scale") or []
    largest = scales[-1] if scales else None
    add("evidence-only answer p50 (ms) at the largest corpus", largest["evidence_only"]["p50_ms"] if largest else None,
        TARGETS["evidence_p50_at_largest_ms"], f"{largest['passages']:,} passages" if largest else "")
    add("default answer p50 (ms)", (lat.get("default") or {}).get("p50_ms"), TARGETS["default_p50_ms"], "real corpus")
    if scales:
        slowest = min(scales, key=lambda s: s["indexing_passages_per_s"] if s["passages"] >= 1000 else float("inf"))
        rate = slowest["indexing_passages_per_s"] if slowest["passages"] >= 1000 else None
        checks.append({"target": "indexing throughput (passages/s, >=)", "limit": TARGETS["indexing_passages_per_s"],
                       "measured": rate, "at": f"{slowest['passages']:,} passages",
                       "met": None if rate is None else rate >= TARGETS["indexing_passages_per_s"]})
    add("re-index after one changed document (s) at the largest corpus", largest["reindex_one_doc_s"] if largest else None,
        TARGETS["reindex_one_doc_at_largest_s"], f"{largest['passages']:,} passages" if largest else "")
    conc = (results.get("server") or {}).get("concurrency") or []
    by_clients = {c["clients"]: c for c in conc}
    if 1 in by_clients and 32 in by_clients and by_clients[1].get("p95_ms") and by_clients[32].get("p95_ms"):
        r = round(by_clients[32]["p95_ms"] / by_clients[1]["p95_ms"], 2)
        add("32 clients p95 / 1 client p95", r, TARGETS["concurrency_p95_ratio_32_vs_1"])
        errors = by_clients[32]["errors"] + by_clients[32]["timeouts"]
        checks.append({"target": "32 clients: errors + timeouts", "limit": 0, "measured": errors, "at": "",
                       "met": errors == 0})
    return checks


def markdown(results: dict) -> str:
    env = results["environment"]
    out = [f"# Benchmark {results['timestamp']}", "",
           f"Machine: {env['cpus']} CPU(s), Python {env['python']}, torch threads {env['torch_threads']}. "
           f"Load average at start {env['load_start']}, at end {env.get('load_end')} (other work on the machine "
           "inflates every figure; ratios within one run are the comparable numbers).",
           f"Command: `{results['command']}`", ""]
    out += ["## Targets", ""]
    out += _table(["target", "limit", "measured", "at", "met"],
                  [[c["target"], c["limit"], c["measured"], c["at"], {True: "yes", False: "**no**", None: "not measured"}[c["met"]]]
                   for c in results["targets"]])

    lat = results.get("latency")
    if lat:
        out += ["## 1. Answer latency (real corpus, in process)", "",
                f"{lat['questions']} questions x {lat['rounds']} rounds after one warm-up round. LLM: `{lat['llm']}`. "
                f"Baseline: {lat['baseline_label']}.", ""]
        rows = []
        for key, label in (("default", "Pipeline.ask (default)"), ("evidence_only", "Pipeline.ask(evidence_only=True)"),
                           ("baseline", "plain langchain RAG baseline")):
            s = lat[key]
            rows.append([label, s["p50_ms"], s["p95_ms"], s["mean_ms"],
                         lat["ratios_p50_vs_baseline"].get(key, 1.0), lat["ratios_p95_vs_baseline"].get(key, 1.0)])
        out += _table(["path", "p50 ms", "p95 ms", "mean ms", "p50 / baseline", "p95 / baseline"], rows)

    scales = results.get("scale")
    if scales:
        out += ["## 2. Retrieval at scale (synthetic statements + the real one)", ""]
        out += _table(
            ["passages", "docs", "index s", "passages/s", "index MB", "load s", "first query ms",
             "evidence p50 ms", "evidence p95 ms", "default p50 ms", "default p95 ms", "re-index 1 doc s"],
            [[s["passages"], s["documents"], s["index_build_s"], s["indexing_passages_per_s"], s["index_mb"], s["kb_load_s"],
              s["first_query_ms"], s["evidence_only"]["p50_ms"], s["evidence_only"]["p95_ms"], s["default"]["p50_ms"],
              s["default"]["p95_ms"], s["reindex_one_doc_s"]] for s in scales])

    server = results.get("server")
    if server:
        out += ["## 3-5. Server (python app.py on loopback)", "",
                f"App workers: {server.get('workers', 1)}. Rate limit during the load test: {server['rate_limit']}. Request body: `{json.dumps(server['body'])}`.", ""]
        out += _table(["configuration", "healthy s", "first answer s", "peak RSS MB"],
                      [[r["label"], r["cold_start"]["healthy_s"], r["cold_start"]["first_answer_s"], r["peak_rss_mb"]]
                       for r in server["runs"]])
        out += _table(["clients", "seconds", "answered", "req/s", "p50 ms", "p95 ms", "429s", "errors", "timeouts"],
                      [[c["clients"], c["seconds"], c["answered"], c["throughput_rps"], c.get("p50_ms"), c.get("p95_ms"),
                        c["rejected_429"], c["errors"], c["timeouts"]] for c in server["concurrency"]])
        samples = [s for c in server["concurrency"] for s in c["error_samples"]]
        if samples:
            out += ["Error samples:", "", *[f"- `{s}`" for s in samples[:10]], ""]
    for note in results.get("notes", []):
        out.append(f"- {note}")
    return "\n".join(out).rstrip() + "\n"


def write(results: dict, folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    stem = results["timestamp"].replace(":", "").replace("-", "")
    json_path, md_path = folder / f"{stem}.json", folder / f"{stem}.md"
    json_path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    text = markdown(results)
    md_path.write_text(text, encoding="utf-8")
    (folder / "latest.md").write_text(text, encoding="utf-8")
    return json_path, md_path


def console_summary(results: dict) -> str:
    lines = ["", "Targets:"]
    for c in results["targets"]:
        mark = {True: "OK  ", False: "MISS", None: "n/a "}[c["met"]]
        lines.append(f"  {mark} {c['target']}: {_fmt(c['measured'])} (limit {c['limit']}) {c['at']}")
    return "\n".join(lines)
