"""Scoring: pure functions from (case, what the engine said, the corpus passages) to numbers.

Nothing here trusts the engine's own bookkeeping: quotes are checked against the corpus passage
named by the citation id (not against the passage text the Answer carries), and verdicts, citations
and phrases against the golden case.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from .cases import ABSTAIN, VERDICTS, Case

_WS = re.compile(r"\s+")
# An inline quotation in answer text, optionally followed by its [n] marker.
_INLINE = re.compile(r"“([^”]+)”\s*(?:\[(\d+)\])?")


def normalise_ws(text: str) -> str:
    return _WS.sub(" ", text).strip()


def is_verbatim(quote: str, passage: str | None) -> bool:
    """The quote is a non-empty substring of the passage, whitespace-normalised; nothing else is forgiven."""
    q = normalise_ws(quote)
    return bool(q) and passage is not None and q in normalise_ws(passage)


@dataclass(frozen=True)
class CitedQuote:
    id: str
    quote: str
    n: int | None = None
    start: int | None = None  # where the engine says the quote sits in the passage (for highlighting)
    end: int | None = None


@dataclass
class Outcome:
    """What the engine answered for one case (plain data, so the metrics need no engine)."""

    verdict: str
    answer: str = ""
    citations: list[CitedQuote] = field(default_factory=list)
    latency_ms: float = 0.0
    error: str | None = None


@dataclass(frozen=True)
class QuoteCheck:
    id: str
    quote: str
    verbatim: bool
    source: str  # "citation" or "inline"
    offsets_ok: bool | None = None  # None: the engine gave no offsets


def offsets_ok(c: CitedQuote, passage: str | None) -> bool | None:
    """passage[start:end] is the quote (whitespace-normalised), when the engine gave offsets."""
    if c.start is None or c.end is None:
        return None
    return passage is not None and 0 <= c.start <= c.end and normalise_ws(passage[c.start:c.end]) == normalise_ws(c.quote)


@dataclass
class CaseScore:
    case_id: str
    tags: tuple[str, ...]
    split: str
    expected: tuple[str, ...]
    got: str
    verdict_ok: bool
    required_cited: int  # how many of the required ids were cited
    required_total: int  # 0 when recall does not apply to this case
    cited_ok: int  # citations within cite ∪ cite_ok
    cited_total: int
    quotes: list[QuoteCheck]
    phrase_failures: list[str]
    failures: list[str]
    latency_ms: float
    must_abstain: bool
    adversarial: bool
    has_phrases: bool = False

    @property
    def passed(self) -> bool:
        return not self.failures


def verdict_ok(case: Case, verdict: str) -> bool:
    return verdict in case.verdicts


def id_allowed(case: Case, passage_id: str) -> bool:
    """Required or acceptable; cite_ok entries may be globs like "doc#*"."""
    return passage_id in case.cite or any(fnmatchcase(passage_id, pattern) for pattern in case.cite_ok)


def recall_applies(case: Case, verdict: str) -> bool:
    """Required citations count unless the engine correctly abstained or refused (which cites nothing)."""
    return bool(case.cite) and not (verdict in ABSTAIN and verdict in case.verdicts)


def check_quotes(outcome: Outcome, passages: Mapping[str, str]) -> list[QuoteCheck]:
    """Every citation quote, and every “inline quotation” in the answer text, against the corpus."""
    checks = [
        QuoteCheck(c.id, c.quote, is_verbatim(c.quote, passages.get(c.id)), "citation", offsets_ok(c, passages.get(c.id)))
        for c in outcome.citations
    ]
    by_n = {c.n: c for c in outcome.citations if c.n is not None}
    for quoted, marker in _INLINE.findall(outcome.answer):
        if marker and int(marker) in by_n:
            cited = by_n[int(marker)]
            checks.append(QuoteCheck(cited.id, quoted, is_verbatim(quoted, passages.get(cited.id)), "inline"))
        else:  # no (valid) marker: it must at least come from one of the cited passages
            ok = any(is_verbatim(quoted, passages.get(c.id)) for c in outcome.citations)
            checks.append(QuoteCheck(f"[{marker}]" if marker else "(no marker)", quoted, ok, "inline"))
    return checks


def shown_text(outcome: Outcome) -> str:
    """What a person sees: the answer and the quoted sources."""
    return normalise_ws(" ".join([outcome.answer, *(c.quote for c in outcome.citations)])).lower()


def phrase_failures(case: Case, outcome: Outcome) -> list[str]:
    text = shown_text(outcome)
    failures = [f"must contain {p!r}" for p in case.must if normalise_ws(p).lower() not in text]
    failures += [f"must not contain {p!r}" for p in case.must_not if normalise_ws(p).lower() in text]
    return failures


def score_case(case: Case, outcome: Outcome, passages: Mapping[str, str]) -> CaseScore:
    got = outcome.verdict
    failures: list[str] = []
    if outcome.error:
        failures.append(f"error: {outcome.error}")
    v_ok = verdict_ok(case, got)
    if not v_ok:
        failures.append(f"verdict: expected {' or '.join(case.verdicts)}, got {got}")

    cited_ids = list(dict.fromkeys(c.id for c in outcome.citations))
    required_total = required_cited = 0
    if recall_applies(case, got):
        required_total = len(case.cite)
        required_cited = sum(1 for pid in case.cite if pid in cited_ids)
        missing = [pid for pid in case.cite if pid not in cited_ids]
        if missing:
            failures.append(f"missing citation: {', '.join(missing)}")
    wrong = [pid for pid in cited_ids if not id_allowed(case, pid)]
    if wrong:
        failures.append(f"citation not expected: {', '.join(wrong)}")

    quotes = check_quotes(outcome, passages)
    for q in quotes:
        if not q.verbatim:
            failures.append(f"quote not verbatim in {q.id} ({q.source}): {q.quote[:80]!r}")
        if q.offsets_ok is False:
            failures.append(f"quote offsets do not locate the quote in {q.id}: {q.quote[:80]!r}")
    phrases = phrase_failures(case, outcome)
    failures += phrases
    return CaseScore(
        case_id=case.id,
        tags=case.tags,
        split=case.split,
        expected=case.verdicts,
        got=got,
        verdict_ok=v_ok,
        required_cited=required_cited,
        required_total=required_total,
        cited_ok=len(cited_ids) - len(wrong),
        cited_total=len(cited_ids),
        quotes=quotes,
        phrase_failures=phrases,
        failures=failures,
        latency_ms=outcome.latency_ms,
        must_abstain=case.must_abstain,
        adversarial=case.adversarial,
        has_phrases=bool(case.must or case.must_not),
    )


def _ratio(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


def percentile(values: Sequence[float], pct: float) -> float | None:
    """Nearest-rank percentile (no interpolation: a reported p95 is a latency that happened)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def confusion(scores: Iterable[CaseScore]) -> dict[str, dict[str, int]]:
    """Rows: the expected verdict (the one given, when it was acceptable; else the preferred one)."""
    labels = list(VERDICTS)
    matrix: dict[str, dict[str, int]] = {}
    for s in scores:
        row = s.got if s.verdict_ok else s.expected[0]
        col = s.got if s.got in labels else "error"
        matrix.setdefault(row, Counter())[col] += 1
    return {r: dict(matrix[r]) for r in labels + ["error"] if r in matrix}


def aggregate(scores: Sequence[CaseScore]) -> dict:
    """All headline metrics over a list of case scores. A metric with nothing to measure is None."""
    n = len(scores)
    per_tag: dict[str, list[CaseScore]] = defaultdict(list)
    for s in scores:
        for t in s.tags:
            per_tag[t].append(s)
    quotes = [q for s in scores for q in s.quotes]
    located = [q for q in quotes if q.offsets_ok is not None]
    abstained = [s for s in scores if s.got in ABSTAIN]
    must_abstain = [s for s in scores if s.must_abstain]
    adversarial = [s for s in scores if s.adversarial]
    with_phrases = [s for s in scores if s.has_phrases]
    latencies = [s.latency_ms for s in scores]
    return {
        "cases": n,
        "passed": sum(s.passed for s in scores),
        "verdict_accuracy": _ratio(sum(s.verdict_ok for s in scores), n),
        "per_tag": {
            t: {"cases": len(v), "verdict_accuracy": _ratio(sum(s.verdict_ok for s in v), len(v)),
                "passed": sum(s.passed for s in v)}
            for t, v in sorted(per_tag.items())
        },
        "confusion": confusion(scores),
        "citation_recall": _ratio(sum(s.required_cited for s in scores), sum(s.required_total for s in scores)),
        "citation_precision": _ratio(sum(s.cited_ok for s in scores), sum(s.cited_total for s in scores)),
        "citations": sum(s.cited_total for s in scores),
        "quotes_verbatim": _ratio(sum(q.verbatim for q in quotes), len(quotes)),
        "quotes": len(quotes),
        "quote_offsets_ok": _ratio(sum(bool(q.offsets_ok) for q in located), len(located)),
        "abstention_precision": _ratio(sum(s.verdict_ok for s in abstained), len(abstained)),
        "abstention_recall": _ratio(sum(s.verdict_ok for s in must_abstain), len(must_abstain)),
        "adversarial_pass": _ratio(sum(s.verdict_ok and not s.phrase_failures for s in adversarial), len(adversarial)),
        "phrase_pass": _ratio(sum(not s.phrase_failures for s in with_phrases), len(with_phrases)),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
    }


# Metrics where higher is better and a threshold is a minimum; latency thresholds are maxima.
MAXIMA = ("latency_p50_ms", "latency_p95_ms")
GATEABLE = ("verdict_accuracy", "citation_recall", "citation_precision", "quotes_verbatim", "quote_offsets_ok",
            "abstention_precision", "abstention_recall", "adversarial_pass", "phrase_pass", *MAXIMA)


def check_threshold_names(names: Iterable[str], splits: Iterable[str]) -> None:
    """A misspelt threshold would never gate anything: refuse it. Names may be "<split>.<metric>"."""
    prefixes = tuple(f"{s}." for s in splits)
    for name in names:
        base = name.split(".", 1)[1] if name.startswith(prefixes) else name
        if base not in GATEABLE:
            raise ValueError(f"unknown threshold {name!r}; metrics are: {', '.join(GATEABLE)}")


def threshold_failures(metrics: Mapping[str, object], thresholds: Mapping[str, float]) -> list[str]:
    """Human-readable breaches; a metric that could not be measured is not a breach (it is reported)."""
    failures = []
    for name, limit in thresholds.items():
        value = metrics.get(name)
        if value is None:
            continue
        if not isinstance(value, (int, float)):
            failures.append(f"{name}: not a number ({value!r})")
        elif name in MAXIMA and value > limit:
            failures.append(f"{name} = {value:.1f} is above the maximum {limit}")
        elif name not in MAXIMA and value < limit:
            failures.append(f"{name} = {value:.3f} is below the minimum {limit}")
    return failures
