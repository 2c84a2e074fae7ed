"""The verify stage: nothing unverified reaches a user."""

import pytest

from assistant.answer import Citation, Verdict
from assistant.verify import check, quote_is_verbatim


def _citation(kb, pid: str, quote: str, n: int = 1) -> Citation:
    passage = kb.passages[pid]
    start = passage.text.find(quote)
    return Citation(n=n, id=pid, document="Social Scanning", issued="2021-05", url="https://example.org",
                    quote=quote, passage=passage.text, quote_start=max(start, 0), quote_end=max(start, 0) + len(quote))


def test_whitespace_differences_are_tolerated_but_words_are_not():
    assert quote_is_verbatim("CASE  will not\naccredit", "CASE will not accredit courses")
    assert not quote_is_verbatim("CASE will accredit", "CASE will not accredit courses")
    assert not quote_is_verbatim("   ", "anything")


def test_altered_quote_fails(pipeline):
    kb = pipeline.kb
    good = _citation(kb, "social-scanning-2021#p4", "CASE will not accredit courses")
    bad = good.model_copy(update={"quote": "CASE will accredit courses"})
    assert check(kb, "No. “CASE will not accredit courses” [1]", [good]).ok
    result = check(kb, "Yes. “CASE will accredit courses” [1]", [bad])
    assert not result.ok and any("not verbatim" in p for p in result.problems)


def test_marker_without_citation_and_uncited_quote_fail(pipeline):
    kb = pipeline.kb
    good = _citation(kb, "social-scanning-2021#p4", "CASE will not accredit courses")
    assert not check(kb, "No. “CASE will not accredit courses” [2]", [good]).ok
    assert not check(kb, "No. “CASE will not accredit courses”", [good]).ok


def test_citation_to_wrong_passage_fails(pipeline):
    kb = pipeline.kb
    wrong = _citation(kb, "social-scanning-2021#p4", "CASE will not accredit courses").model_copy(
        update={"id": "social-scanning-2021#p1"})
    assert not check(kb, "“CASE will not accredit courses” [1]", [wrong]).ok


def test_pipeline_replaces_an_answer_that_fails_verification(pipeline, monkeypatch):
    """A composer that misquotes must never reach the user: the evidence-only answer replaces it."""
    from assistant import compose

    real = compose.compose

    def misquoting(verdict, citations, *args, **kwargs):
        return real(verdict, citations, *args, **kwargs).replace("will not accredit", "will accredit")

    monkeypatch.setattr(compose, "compose", misquoting)
    answer = pipeline.ask("Can I get a gender reveal scanning course accredited?")
    assert answer.verification == "replaced_by_evidence"
    assert "will accredit" not in answer.answer
    assert answer.verdict in (Verdict.INFO, Verdict.NOT_COVERED)
    for c in answer.citations:
        assert quote_is_verbatim(c.quote, kb_text(pipeline, c.id))


def kb_text(pipeline, pid: str) -> str:
    return pipeline.kb.passages[pid].text
