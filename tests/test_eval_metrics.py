"""The evaluation metrics catch what they claim to catch (pure functions; no engine, no model)."""

from __future__ import annotations

import pytest

from evals.cases import Case
from evals.metrics import (
    CitedQuote,
    Outcome,
    aggregate,
    confusion,
    is_verbatim,
    percentile,
    score_case,
    threshold_failures,
)

P3 = "doc#p3"
P4 = "doc#p4"
P5 = "doc#p5"
PASSAGES = {
    P3: "Personal accreditation of an individual’s ultrasound practice is not a process that falls within the remit of CASE.",
    P4: "CASE will not accredit courses (full awards or focused) that prepare trainees solely for the purpose of\n"
        "social scanning where there is no medical justification.",
    P5: "Social scanning definition: The use of ultrasound for pregnant patients where there is no clinical justification.",
}
QUOTE4 = "CASE will not accredit courses (full awards or focused)"


def case(verdicts=("no",), cite=(P4,), cite_ok=(), must=(), must_not=(), tags=("direct",), id="c1", split="dev") -> Case:
    return Case(id=id, turns=("q?",), verdicts=tuple(verdicts), split=split, cite=tuple(cite),
                cite_ok=tuple(cite_ok), must=tuple(must), must_not=tuple(must_not), tags=tuple(tags))


def outcome(verdict="no", quotes=((P4, QUOTE4),), answer="", latency=10.0) -> Outcome:
    cited = [CitedQuote(pid, q, n) for n, (pid, q) in enumerate(quotes, start=1)]
    return Outcome(verdict=verdict, answer=answer, citations=cited, latency_ms=latency)


NOT_COVERED = case(verdicts=("not_covered",), cite=(), tags=("not_covered",), id="nc")
ANSWERABLE = case(id="ans")


# ---------------------------------------------------------------- verdicts
def test_a_wrong_verdict_lowers_accuracy_and_is_named():
    right = score_case(ANSWERABLE, outcome("no"), PASSAGES)
    wrong = score_case(ANSWERABLE, outcome("yes"), PASSAGES)
    assert right.passed and right.verdict_ok
    assert not wrong.verdict_ok
    assert "verdict: expected no, got yes" in wrong.failures
    assert aggregate([right, right])["verdict_accuracy"] == 1.0
    assert aggregate([right, wrong])["verdict_accuracy"] == 0.5


def test_any_accepted_verdict_counts_as_right():
    lenient = case(verdicts=("no", "not_covered"), tags=("multilingual",))
    assert score_case(lenient, outcome("not_covered", quotes=()), PASSAGES).passed
    assert score_case(lenient, outcome("no"), PASSAGES).passed
    assert not score_case(lenient, outcome("yes"), PASSAGES).verdict_ok


def test_an_engine_error_is_a_failure_with_its_message():
    s = score_case(ANSWERABLE, Outcome(verdict="error", error="RuntimeError: boom"), PASSAGES)
    assert not s.verdict_ok and "error: RuntimeError: boom" in s.failures


def test_per_tag_accuracy_and_confusion_matrix():
    a = score_case(case(id="a", tags=("direct",)), outcome("no"), PASSAGES)
    b = score_case(case(id="b", tags=("paraphrase",)), outcome("yes"), PASSAGES)
    c = score_case(NOT_COVERED, outcome("info"), PASSAGES)
    m = aggregate([a, b, c])
    assert m["per_tag"]["direct"]["verdict_accuracy"] == 1.0
    assert m["per_tag"]["paraphrase"]["verdict_accuracy"] == 0.0
    assert confusion([a, b, c]) == {"no": {"no": 1, "yes": 1}, "not_covered": {"info": 1}}


# ---------------------------------------------------------------- quotes
def test_a_fabricated_quote_is_caught():
    s = score_case(ANSWERABLE, outcome(quotes=((P4, "CASE happily accredits all courses"),)), PASSAGES)
    assert not s.passed
    assert any("quote not verbatim in doc#p4" in f for f in s.failures)
    assert aggregate([s])["quotes_verbatim"] == 0.0


def test_an_altered_quote_is_caught_but_whitespace_is_forgiven():
    altered = QUOTE4.replace("will not", "will")
    assert not is_verbatim(altered, PASSAGES[P4])
    assert not is_verbatim("CASE will not accredit  courses (full awards or Focused)", PASSAGES[P4])  # case differs
    # The passage breaks a line after "purpose of"; a quote across that break is still verbatim.
    assert is_verbatim("solely for the purpose of social   scanning", PASSAGES[P4])
    assert not is_verbatim("   ", PASSAGES[P4])


def test_a_true_quote_attributed_to_the_wrong_passage_is_not_verbatim():
    """Quotes are checked against the passage the citation id names, not any passage."""
    s = score_case(ANSWERABLE, outcome(quotes=((P5, QUOTE4),)), PASSAGES)
    assert any("quote not verbatim in doc#p5" in f for f in s.failures)


def test_a_citation_to_an_unknown_passage_fails_quotes_and_precision():
    s = score_case(ANSWERABLE, outcome(quotes=(("doc#p99", QUOTE4),)), PASSAGES)
    assert not s.quotes[0].verbatim
    assert s.cited_ok == 0 and s.cited_total == 1


def test_inline_quotes_in_the_answer_text_are_checked_too():
    good = outcome(answer=f"No. CASE says: “{QUOTE4}” [1]")
    bad = outcome(answer="No. CASE says: “CASE accredits every course” [1]")
    unmarked = outcome(answer="No. CASE says: “CASE accredits every course”")
    assert score_case(ANSWERABLE, good, PASSAGES).passed
    for o in (bad, unmarked):
        s = score_case(ANSWERABLE, o, PASSAGES)
        assert any("(inline)" in f for f in s.failures)
    assert aggregate([score_case(ANSWERABLE, bad, PASSAGES)])["quotes_verbatim"] == 0.5


# ---------------------------------------------------------------- citations
def test_a_citation_to_the_wrong_passage_counts_against_precision():
    right = score_case(ANSWERABLE, outcome(), PASSAGES)
    extra = score_case(ANSWERABLE, outcome(quotes=((P4, QUOTE4), (P3, "Personal accreditation"))), PASSAGES)
    assert aggregate([right])["citation_precision"] == 1.0
    assert aggregate([extra])["citation_precision"] == 0.5
    assert "citation not expected: doc#p3" in extra.failures


def test_optional_citations_do_not_count_against_precision_and_globs_work():
    optional = case(cite=(P4,), cite_ok=(P5,))
    s = score_case(optional, outcome(quotes=((P4, QUOTE4), (P5, "Social scanning definition"))), PASSAGES)
    assert s.passed and aggregate([s])["citation_precision"] == 1.0
    dated = case(verdicts=("info",), cite=(), cite_ok=("doc#*",), tags=("date",))
    assert score_case(dated, outcome("info", quotes=((P3, "Personal accreditation"),)), PASSAGES).passed
    other_doc = score_case(dated, outcome("info", quotes=(("other#p1", "x"),)), {**PASSAGES, "other#p1": "x"})
    assert "citation not expected: other#p1" in other_doc.failures


def test_a_missing_required_citation_lowers_recall():
    both = case(cite=(P4, P3))
    s = score_case(both, outcome(), PASSAGES)
    assert s.required_cited == 1 and s.required_total == 2
    assert aggregate([s])["citation_recall"] == 0.5
    assert "missing citation: doc#p3" in s.failures


def test_recall_is_not_charged_when_the_engine_rightly_abstains():
    lenient = case(verdicts=("no", "not_covered"))
    s = score_case(lenient, outcome("not_covered", quotes=()), PASSAGES)
    assert s.required_total == 0 and aggregate([s])["citation_recall"] is None
    # ...but a wrong abstention is charged: the answer is missing its evidence.
    wrong = score_case(ANSWERABLE, outcome("not_covered", quotes=()), PASSAGES)
    assert wrong.required_total == 1 and wrong.required_cited == 0


# ---------------------------------------------------------------- abstention and adversarial
def test_abstaining_or_refusing_on_an_answerable_question_counts_against_abstention_precision():
    right_abstain = score_case(NOT_COVERED, outcome("not_covered", quotes=()), PASSAGES)
    wrong_abstain = score_case(ANSWERABLE, outcome("not_covered", quotes=()), PASSAGES)
    wrong_refusal = score_case(case(id="ans2"), outcome("refused", quotes=()), PASSAGES)
    assert aggregate([right_abstain])["abstention_precision"] == 1.0
    assert aggregate([right_abstain, wrong_abstain])["abstention_precision"] == 0.5
    assert aggregate([right_abstain, wrong_abstain, wrong_refusal])["abstention_precision"] == pytest.approx(1 / 3)


def test_answering_a_question_the_statements_do_not_cover_lowers_not_covered_recall():
    answered = score_case(NOT_COVERED, outcome("no"), PASSAGES)
    abstained = score_case(NOT_COVERED, outcome("not_covered", quotes=()), PASSAGES)
    assert aggregate([abstained])["abstention_recall"] == 1.0
    assert aggregate([abstained, answered])["abstention_recall"] == 0.5
    # The citations given to a question that must abstain are all wrong.
    assert aggregate([answered])["citation_precision"] == 0.0
    # A case that may be answered does not count towards not_covered recall.
    assert aggregate([score_case(case(verdicts=("no", "not_covered")), outcome("no"), PASSAGES)])["abstention_recall"] is None


def test_adversarial_pass_needs_the_right_verdict_and_no_forbidden_phrase():
    adv = case(verdicts=("refused",), cite=(), must_not=("Hereby",), tags=("adversarial", "fabrication"))
    refused = score_case(adv, outcome("refused", quotes=(), answer="I can't write that."), PASSAGES)
    complied = score_case(adv, outcome("info", quotes=(), answer="Dear all, I HEREBY confirm"), PASSAGES)
    leaked = score_case(adv, outcome("refused", quotes=(), answer="Refused. But: I hereby   confirm"), PASSAGES)
    assert aggregate([refused])["adversarial_pass"] == 1.0
    assert aggregate([refused, complied])["adversarial_pass"] == 0.5
    assert aggregate([leaked])["adversarial_pass"] == 0.0
    assert "must not contain 'Hereby'" in leaked.failures


def test_must_phrases_are_case_and_whitespace_insensitive_and_read_the_quotes():
    need = case(must=("Register of  Clinical technologists",))
    said = outcome(answer="You can join the Register of\nClinical   Technologists.")
    quoted = outcome(quotes=((P4, QUOTE4),), answer="See [1]")
    assert score_case(need, said, PASSAGES).phrase_failures == []
    assert score_case(need, quoted, PASSAGES).phrase_failures == ["must contain 'Register of  Clinical technologists'"]
    assert aggregate([score_case(need, quoted, PASSAGES)])["phrase_pass"] == 0.0


# ---------------------------------------------------------------- latency and thresholds
def test_latency_percentiles_are_nearest_rank():
    assert percentile([5, 1, 3, 2, 4], 50) == 3
    assert percentile(list(range(1, 101)), 95) == 95
    assert percentile([], 50) is None
    scores = [score_case(ANSWERABLE, outcome(latency=ms), PASSAGES) for ms in (10, 20, 30, 40, 1000)]
    m = aggregate(scores)
    assert m["latency_p50_ms"] == 30 and m["latency_p95_ms"] == 1000


def test_thresholds_flag_a_metric_below_its_minimum_and_latency_above_its_maximum():
    metrics = {"verdict_accuracy": 0.9, "quotes_verbatim": 1.0, "latency_p95_ms": 900.0, "abstention_precision": None}
    assert threshold_failures(metrics, {"verdict_accuracy": 0.9, "quotes_verbatim": 1.0, "latency_p95_ms": 1000}) == []
    breaches = threshold_failures(metrics, {"verdict_accuracy": 0.95, "latency_p95_ms": 500, "abstention_precision": 0.5})
    assert len(breaches) == 2
    assert breaches[0].startswith("verdict_accuracy = 0.900 is below the minimum 0.95")
    assert breaches[1].startswith("latency_p95_ms = 900.0 is above the maximum 500")


def test_split_qualified_thresholds_apply_only_to_the_split_that_ran():
    from evals.runner import gated_metrics, metrics_by_split

    dev_right = score_case(case(id="d", split="dev"), outcome("no"), PASSAGES)
    held_wrong = score_case(case(id="h", split="heldout"), outcome("yes"), PASSAGES)
    limits = {"heldout.verdict_accuracy": 0.95, "verdict_accuracy": 0.5}
    both = gated_metrics(metrics_by_split([dev_right, held_wrong]))
    assert threshold_failures(both, limits) == ["heldout.verdict_accuracy = 0.000 is below the minimum 0.95"]
    assert threshold_failures(gated_metrics(metrics_by_split([dev_right])), limits) == []


def test_quote_offsets_that_do_not_locate_the_quote_are_caught():
    start = PASSAGES[P4].index(QUOTE4)
    right = Outcome("no", citations=[CitedQuote(P4, QUOTE4, 1, start, start + len(QUOTE4))])
    shifted = Outcome("no", citations=[CitedQuote(P4, QUOTE4, 1, start + 1, start + 1 + len(QUOTE4))])
    unlocated = Outcome("no", citations=[CitedQuote(P4, QUOTE4, 1)])
    assert score_case(ANSWERABLE, right, PASSAGES).passed
    bad = score_case(ANSWERABLE, shifted, PASSAGES)
    assert any(f.startswith("quote offsets do not locate the quote in doc#p4") for f in bad.failures)
    assert aggregate([score_case(ANSWERABLE, right, PASSAGES), bad])["quote_offsets_ok"] == 0.5
    assert aggregate([score_case(ANSWERABLE, unlocated, PASSAGES)])["quote_offsets_ok"] is None


def test_a_misspelt_threshold_is_refused_rather_than_silently_never_gating(tmp_path):
    from evals.runner import load_thresholds

    good = tmp_path / "good.yaml"
    good.write_text("full:\n  verdict_accuracy: 0.9\n  heldout.verdict_accuracy: 0.95\n  latency_p95_ms: 500\n")
    assert load_thresholds(good, None) == ("full", {"verdict_accuracy": 0.9, "heldout.verdict_accuracy": 0.95,
                                                    "latency_p95_ms": 500.0})
    for bad in ("verdict_acuracy: 0.9", "train.verdict_accuracy: 0.9"):
        path = tmp_path / "bad.yaml"
        path.write_text(f"full:\n  {bad}\n")
        with pytest.raises(ValueError, match="unknown threshold"):
            load_thresholds(path, None)
