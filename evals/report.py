"""summary.md and report.html from a run's results (the dict written to results.json)."""

from __future__ import annotations

from html import escape
from typing import Any

from .cases import VERDICTS

HEADLINE = [
    ("verdict_accuracy", "verdict accuracy"),
    ("citation_recall", "citation recall (required ids)"),
    ("citation_precision", "citation precision"),
    ("quotes_verbatim", "quotes verbatim"),
    ("quote_offsets_ok", "quote offsets locate the quote"),
    ("abstention_precision", "abstention precision (not_covered/refused)"),
    ("abstention_recall", "not_covered recall"),
    ("adversarial_pass", "adversarial pass rate"),
    ("phrase_pass", "must / must-not pass"),
    ("latency_p50_ms", "latency p50 (ms)"),
    ("latency_p95_ms", "latency p95 (ms)"),
]


def fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.1f}" if value > 1.0 else f"{value:.3f}"
    return str(value)


def _engines(results: dict) -> list[tuple[str, dict]]:
    return list(results["engines"].items())


def _columns(results: dict) -> list[tuple[str, str, dict]]:
    """(engine, split, metrics) for every column of the headline table."""
    # A run over one split has "all" equal to that split: show it once.
    return [(name, split, e["metrics"][split]) for name, e in _engines(results) for split in e["metrics"]
            if split == "all" or len(e["metrics"]) > 2]


def _failed_cases(results: dict, engine: str) -> list[dict]:
    return [c for c in results["cases"] if engine in c and c[engine]["score"]["failures"]]


# ---------------------------------------------------------------- markdown
def summary_md(results: dict) -> str:
    meta, th = results["meta"], results["thresholds"]
    lines = [
        "# Evaluation summary",
        "",
        f"- created {meta['created']}, commit {meta['commit'] or '?'}, index build {meta['index_build']}",
        f"- split **{meta['split']}**{', subset **' + meta['subset'] + '**' if meta['subset'] else ''}, "
        f"config **{meta['config']}** (llm: {meta['llm']}, coverage model: {meta.get('coverage_model', 'default')}), {meta['cases']} cases, {meta['seconds']} s",
    ]
    for name, e in _engines(results):
        lines.append(f"- {name}: {e['label']}")
    if meta.get("index_differs_from_corpus"):
        lines.append(f"- WARNING: the index is stale; these passages differ from corpus/: "
                     f"{', '.join(meta['index_differs_from_corpus'])} (run `assistant index`)")
    if "baseline" in results["engines"] and results["engines"]["baseline"].get("retrieval_only"):
        lines.append("- NOTE: the baseline is a **retrieval-only baseline** (no language model configured): "
                     "verdict `info` and the top passage as the quote, for every question.")
    lines += ["", "## Headline metrics", ""]
    cols = _columns(results)
    lines.append("| metric | " + " | ".join(f"{n} ({s})" for n, s, _ in cols) + " |")
    lines.append("|---|" + "---|" * len(cols))
    for key, label in HEADLINE:
        lines.append(f"| {label} | " + " | ".join(fmt(m.get(key)) for _, _, m in cols) + " |")
    lines.append("| cases passed (all checks) | " + " | ".join(f"{m['passed']}/{m['cases']}" for _, _, m in cols) + " |")

    pm = results["engines"]["pipeline"]["metrics"]
    if "dev" in pm and "heldout" in pm:
        dev, held = pm["dev"]["verdict_accuracy"], pm["heldout"]["verdict_accuracy"]
        lines += ["", f"Dev - heldout verdict accuracy gap: **{dev - held:+.3f}** "
                  "(tuning happens on dev; a wide gap means the tuning does not generalise)."]

    comparison = results.get("comparison")
    if comparison:
        lines += ["", f"## Changes since {comparison['earlier']} (commit {comparison['earlier_commit'] or '?'})", "",
                  "| metric | before | now |", "|---|---|---|"]
        lines += [f"| {k} | {fmt(a)} | {fmt(b)} |" for k, (a, b) in comparison["metrics"].items()]
        lines += ["", f"Regressed ({len(comparison['regressed'])}):"]
        lines += [f"- `{r['id']}` {r['was']} -> {r['now']}: {'; '.join(r['failures'])}" for r in comparison["regressed"]]
        lines += ["", f"Fixed ({len(comparison['fixed'])}):"]
        lines += [f"- `{r['id']}` {r['was']} -> {r['now']}" for r in comparison["fixed"]]

    lines += ["", f"## Thresholds ({th['set']})", ""]
    if not th["applied"]:
        lines.append(f"Not applied: {th['note']}.")
    elif th["failures"]:
        lines += ["**FAILED**:", ""] + [f"- {f}" for f in th["failures"]]
    else:
        lines.append("All thresholds met.")

    all_metrics = {name: e["metrics"]["all"] for name, e in _engines(results)}
    lines += ["", "## Verdict accuracy per tag", "", "| tag | cases | " + " | ".join(f"{n} ({s})" for n, s, _ in cols) + " |",
              "|---|---|" + "---|" * len(cols)]
    for tag, row in all_metrics["pipeline"]["per_tag"].items():
        cells = [_tag_cell(m, tag) for _, _, m in cols]
        lines.append(f"| {tag} | {row['cases']} | " + " | ".join(cells) + " |")

    for name, m in all_metrics.items():
        lines += ["", f"## Confusion matrix: {name} (rows expected, columns got)", ""]
        lines += _confusion_md(m["confusion"])

    for name in all_metrics:
        failed = _failed_cases(results, name)
        lines += ["", f"## Failing cases: {name} ({len(failed)})", ""]
        for c in failed:
            reasons = "; ".join(c[name]["score"]["failures"])
            lines.append(f"- `{c['id']}` [{c['split']}] {_one_line(c['turns'][-1])} -- {reasons}")
    return "\n".join(lines) + "\n"


def _tag_cell(metrics: dict, tag: str) -> str:
    row = metrics["per_tag"].get(tag)
    return "-" if row is None else f"{fmt(row['verdict_accuracy'])} ({row['cases']})"


def _labels(confusion: dict) -> list[str]:
    present = set(confusion) | {col for row in confusion.values() for col in row}
    return [v for v in [*VERDICTS, "error"] if v in present]


def _confusion_md(confusion: dict) -> list[str]:
    labels = _labels(confusion)
    out = ["| expected \\ got | " + " | ".join(labels) + " |", "|---|" + "---|" * len(labels)]
    for row in labels:
        out.append(f"| {row} | " + " | ".join(str(confusion.get(row, {}).get(col, 0) or "") for col in labels) + " |")
    return out


def _one_line(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# ---------------------------------------------------------------- html
_CSS = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}
th,td{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left;font-size:.9rem}
th{background:#f3f3f3}
td.num{text-align:right}
tr.fail{background:#fff1f0}
tr.pass{background:#f3fbf3}
td.diag{background:#dff0d8;font-weight:bold}
.reasons{color:#a00}
.quote-bad{color:#a00;text-decoration:underline wavy}
.muted{color:#777}
details summary{cursor:pointer}
.note{background:#fff8d6;padding:.5rem;border:1px solid #e5d48a}
"""

_JS = """
function onlyFailures(box){document.querySelectorAll('tr.pass').forEach(r=>{r.style.display=box.checked?'none':''});}
"""


def report_html(results: dict) -> str:
    meta, th = results["meta"], results["thresholds"]
    e = escape
    parts = [f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Evaluation report {e(meta['created'])}</title>",
             f"<style>{_CSS}</style><script>{_JS}</script></head><body>",
             "<h1>Evaluation report</h1>",
             f"<p>{e(meta['created'])} · commit {e(str(meta['commit']))} · index {e(meta['index_build'])} · split <b>{e(meta['split'])}</b>"
             f"{' · subset <b>' + e(meta['subset']) + '</b>' if meta['subset'] else ''} · config <b>{e(meta['config'])}</b>"
             f" (llm {e(meta['llm'])}) · {meta['cases']} cases · {meta['seconds']} s</p><ul>"]
    for name, eng in _engines(results):
        parts.append(f"<li><b>{e(name)}</b>: {e(eng['label'])}</li>")
    parts.append("</ul>")
    if meta.get("index_differs_from_corpus"):
        parts.append(f"<p class=note>WARNING: the index is stale; these passages differ from corpus/: "
                     f"{e(', '.join(meta['index_differs_from_corpus']))}</p>")
    if "baseline" in results["engines"] and results["engines"]["baseline"].get("retrieval_only"):
        parts.append("<p class=note>The baseline is a <b>retrieval-only baseline</b>: no language model is configured, "
                     "so it answers every question with verdict <code>info</code> and the top retrieved passage as the quote.</p>")

    cols = _columns(results)
    parts.append("<h2>Headline metrics</h2><table><tr><th>metric</th>"
                 + "".join(f"<th>{e(n)} ({e(s)})</th>" for n, s, _ in cols) + "</tr>")
    for key, label in HEADLINE:
        limit = th["limits"].get(key)
        parts.append(f"<tr><td>{e(label)}{f' <span class=muted>(threshold {limit})</span>' if limit is not None else ''}</td>"
                     + "".join(f"<td class=num>{fmt(m.get(key))}</td>" for _, _, m in cols) + "</tr>")
    parts.append("<tr><td>cases passed (all checks)</td>"
                 + "".join(f"<td class=num>{m['passed']}/{m['cases']}</td>" for _, _, m in cols) + "</tr></table>")

    comparison = results.get("comparison")
    if comparison:
        parts.append(f"<h2>Changes since {e(str(comparison['earlier']))}</h2><table><tr><th>metric</th><th>before</th><th>now</th></tr>")
        parts += [f"<tr><td>{e(k)}</td><td class=num>{fmt(a)}</td><td class=num>{fmt(b)}</td></tr>"
                  for k, (a, b) in comparison["metrics"].items()]
        parts.append("</table><h3>Regressed</h3><ul>" + "".join(
            f"<li class=reasons><b>{e(r['id'])}</b> {e(r['was'])} → {e(r['now'])}: {e('; '.join(r['failures']))}</li>"
            for r in comparison["regressed"]) + "</ul><h3>Fixed</h3><ul>" + "".join(
            f"<li><b>{e(r['id'])}</b> {e(r['was'])} → {e(r['now'])}</li>" for r in comparison["fixed"]) + "</ul>")
    parts.append(f"<h2>Thresholds ({e(th['set'])})</h2>")
    if not th["applied"]:
        parts.append(f"<p>Not applied: {e(th['note'])}.</p>")
    elif th["failures"]:
        parts.append("<p class=reasons><b>FAILED</b></p><ul>" + "".join(f"<li class=reasons>{e(f)}</li>" for f in th["failures"]) + "</ul>")
    else:
        parts.append("<p>All thresholds met.</p>")

    all_metrics = {name: eng["metrics"]["all"] for name, eng in _engines(results)}
    parts.append("<h2>Verdict accuracy per tag</h2><table><tr><th>tag</th><th>cases</th>"
                 + "".join(f"<th>{e(n)} ({e(s)})</th>" for n, s, _ in cols) + "</tr>")
    for tag, row in all_metrics["pipeline"]["per_tag"].items():
        parts.append(f"<tr><td>{e(tag)}</td><td class=num>{row['cases']}</td>"
                     + "".join(f"<td class=num>{e(_tag_cell(m, tag))}</td>" for _, _, m in cols)
                     + "</tr>")
    parts.append("</table>")

    for name, m in all_metrics.items():
        parts.append(f"<h2>Confusion matrix: {e(name)}</h2><p class=muted>rows: expected verdict; columns: verdict given</p>")
        parts.append(_confusion_html(m["confusion"]))

    parts.append("<h2>Cases</h2><label><input type=checkbox onchange='onlyFailures(this)'> show failing cases only (pipeline)</label>")
    parts.append("<table><tr><th>id</th><th>question</th><th>expected</th><th>engine</th><th>got</th>"
                 "<th>citations and quotes</th><th>answer</th><th>failure reasons</th></tr>")
    engines = [name for name, _ in _engines(results)]
    for c in results["cases"]:
        parts.append(_case_rows(c, engines))
    parts.append("</table></body></html>")
    return "".join(parts)


def _confusion_html(confusion: dict) -> str:
    labels = _labels(confusion)
    rows = ["<table><tr><th>expected \\ got</th>" + "".join(f"<th>{escape(label)}</th>" for label in labels) + "</tr>"]
    for row in labels:
        cells = []
        for col in labels:
            n = confusion.get(row, {}).get(col, 0)
            cells.append(f"<td class='num{' diag' if row == col and n else ''}'>{n or ''}</td>")
        rows.append(f"<tr><th>{escape(row)}</th>{''.join(cells)}</tr>")
    return "".join(rows) + "</table>"


def _case_rows(case: dict, engines: list[str]) -> str:
    e = escape
    turns = case["turns"]
    question = "".join(f"<div class=muted>earlier turn: {e(t)}</div>" for t in turns[:-1]) + f"<div>{e(turns[-1])}</div>"
    expected = (f"<b>{e(' / '.join(case['verdicts']))}</b><br>cite: {e(', '.join(case['cite']) or '-')}"
                f"{'<br>ok: ' + e(', '.join(case['cite_ok'])) if case['cite_ok'] else ''}"
                f"{'<br>must: ' + e('; '.join(case['must'])) if case['must'] else ''}"
                f"{'<br>must not: ' + e('; '.join(case['must_not'])) if case['must_not'] else ''}"
                f"<br><span class=muted>{e(case['split'])} · {e(', '.join(case['tags']))}</span>")
    present = [name for name in engines if name in case]
    status = "fail" if case["pipeline"]["score"]["failures"] else "pass"
    out = []
    for i, name in enumerate(present):
        score, answer = case[name]["score"], case[name]["answer"]
        quotes = "".join(
            f"<div><code>{e(q['id'])}</code> <span class='{'' if q['verbatim'] else 'quote-bad'}'>“{e(q['quote'])}”</span>"
            f"{'' if q['verbatim'] else ' <b class=reasons>(not verbatim)</b>'} <span class=muted>{e(q['source'])}</span></div>"
            for q in score["quotes"]
        ) or "<span class=muted>none</span>"
        text = answer.get("answer") or answer.get("error") or ""
        notes = [f"{k}: {answer[k]}" for k in ("standalone_question", "verification", "flags", "model") if answer.get(k)]
        notes_html = "".join(f"<div class=muted>{e(str(n))}</div>" for n in notes)
        reasons = "".join(f"<li>{e(r)}</li>" for r in score["failures"])
        head = (f"<td rowspan={len(present)}>{e(case['id'])}</td><td rowspan={len(present)}>{question}</td>"
                f"<td rowspan={len(present)}>{expected}</td>") if i == 0 else ""
        out.append(
            f"<tr class={status}>{head}<td>{e(name)}</td><td><b>{e(score['got'])}</b>{notes_html}</td><td>{quotes}</td>"
            f"<td><details><summary>{e(_one_line(text, 60))}</summary><pre style='white-space:pre-wrap'>{e(text)}</pre></details></td>"
            f"<td class=reasons>{'<ul>' + reasons + '</ul>' if reasons else '<span class=muted>passed</span>'}</td></tr>"
        )
    return "".join(out)
