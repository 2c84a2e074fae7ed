"""Email drafting: splitting an enquiry into its questions, assembling the cited draft, the CLI."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from assistant.answer import Answer, Citation, Verdict
from assistant.drafting import NoQuestions, draft_reply, split_enquiry


def test_greeting_signature_and_quoted_reply_are_not_questions() -> None:
    email = """Dear CASE,

I lead a sonography programme. Can we accredit a course on fetal sexing?

Kind regards,
Jane Smith
Programme Lead, Example University
Tel 07700 900123 - any questions?

On Tue, 4 May 2021 at 09:12, CASE Office <office@example.org> wrote:
> Is statutory regulation coming?
> Thanks
"""
    split = split_enquiry(email)
    assert split.questions == ["Can we accredit a course on fetal sexing?"]
    assert split.sender_name == "Jane Smith"
    assert split.context == ["I lead a sonography programme."]


def test_outlook_style_quoted_message_is_cut() -> None:
    email = ("Hello,\nDoes CASE accredit individual sonographers?\n\n-----Original Message-----\n"
             "From: someone\nSent: Monday\nWhat is social scanning?\n")
    assert split_enquiry(email).questions == ["Does CASE accredit individual sonographers?"]


def test_bullets_and_indirect_requests_become_questions() -> None:
    email = """Hi,

My questions are:
- whether a focused course can include souvenir scans
- What national guidelines must obstetric outcomes follow
* Can graduates register with the Register of Clinical Technologists?

Please confirm whether CASE accredits individual practitioners.
I would like to know if CASE will accredit a course for social scanning.
Thanks, Bob
"""
    split = split_enquiry(email)
    assert split.questions == [
        "Whether a focused course can include souvenir scans?",
        "What national guidelines must obstetric outcomes follow?",
        "Can graduates register with the Register of Clinical Technologists?",
        "Whether CASE accredits individual practitioners?",
        "If CASE will accredit a course for social scanning?",
    ]
    assert split.sender_name == "Bob"


def test_statements_are_not_questions_and_context_skips_list_intros() -> None:
    email = "We run a PgC. We would like to add a module.\nIs that allowed?\nThe following are my questions:\n- Why was the statement issued?"
    split = split_enquiry(email)
    assert split.questions == ["Is that allowed?", "Why was the statement issued?"]
    assert split.context == ["We would like to add a module.", "We would like to add a module."]


def test_duplicates_are_dropped_and_questions_capped() -> None:
    lines = [f"{i}. Question number {i} about accreditation?" for i in range(1, 9)]
    email = "\n".join(lines + ["Question number 1 about accreditation?"])
    split = split_enquiry(email, max_questions=3)
    assert split.questions == [f"Question number {i} about accreditation?" for i in (1, 2, 3)]
    assert split.skipped == [f"Question number {i} about accreditation?" for i in range(4, 9)]


def test_email_without_an_explicit_question_is_answered_as_a_whole() -> None:
    split = split_enquiry("Hi\n\nWe run gender reveal scans and want your view on training.\n\nBest wishes\nAl")
    assert split.whole_body_used and split.questions == ["We run gender reveal scans and want your view on training."]


@pytest.mark.parametrize(("email", "expected"), [
    ("Hello CASE\n\nIs a PgD course accreditable? And what about a focused course for fetal sexing\n\n--\nDr A. Jones",
     ["Is a PgD course accreditable?", "What about a focused course for fetal sexing?"]),
    ("Good morning,\nI hope you are well. I am writing to ask whether CASE would accredit a souvenir scanning module. "
     "We also want to understand why CASE issued the statement.\nMany thanks in advance,\nSam",
     ["Whether CASE would accredit a souvenir scanning module?", "Why CASE issued the statement?"]),
    ("Q1) Can CASE accredit it?\nQ2: What is social scanning?", ["Can CASE accredit it?", "What is social scanning?"]),
    ("Dear Sir/Madam\r\n\r\nCould you please confirm that CASE accredits PgC courses?\r\n\r\nYours faithfully\r\nK. Patel",
     ["CASE accredits PgC courses?"]),
    ("We offer a PgC. What we teach is clinical practice. Is that fine?", ["Is that fine?"]),
])
def test_unmarked_and_indirect_questions(email: str, expected: list[str]) -> None:
    assert split_enquiry(email).questions == expected


@pytest.mark.parametrize("email", ["> Is this only quoted?\n> Yes?", "Hi,\n\nThanks\nJo", "Dear CASE,\n\nKind regards"])
def test_email_with_nothing_to_answer_is_refused_clearly(email: str) -> None:
    assert split_enquiry(email).questions == []
    with pytest.raises(NoQuestions, match="no enquiry text"):
        draft_reply(email, lambda q, h: pytest.fail("nothing should be asked"))


def _fake_citation(n: int, pid: str, quote: str) -> Citation:
    passage = f"Before. {quote} After."
    return Citation(n=n, id=pid, document="Social Scanning", issued="2021-05", url="https://example.org/s",
                    quote=quote, passage=passage, quote_start=8, quote_end=8 + len(quote))


def test_draft_renumbers_citations_across_questions_and_lists_sources_once() -> None:
    """The assembly step on its own: answers given, numbering and layout checked."""
    answers = {
        "Can we run it?": Answer(question="Can we run it?", verdict=Verdict.NO, answer="No. “Quote A” [1] and “Quote B” [2]",
                                 citations=[_fake_citation(1, "doc#p4", "Quote A"), _fake_citation(2, "doc#p5", "Quote B")]),
        "What is it?": Answer(question="What is it?", verdict=Verdict.INFO, answer="“Quote B” [1] then “Quote C” [2]",
                              citations=[_fake_citation(1, "doc#p5", "Quote B"), _fake_citation(2, "doc#p1", "Quote C")]),
        "Parking?": Answer(question="Parking?", verdict=Verdict.NOT_COVERED, answer="Not covered; contact CASE."),
    }
    seen_history = []

    def ask(question: str, history):
        seen_history.append(history)
        return answers[question]

    draft = draft_reply("Dear CASE,\nCan we run it?\nWhat is it?\nParking?\nRegards,\nSam Lee", ask)
    assert [q.question for q in draft.questions] == list(answers)
    assert [(s.n, s.id) for s in draft.sources] == [(1, "doc#p4"), (2, "doc#p5"), (3, "doc#p1")]
    assert "“Quote B” [2] then “Quote C” [3]" in draft.text  # second answer renumbered to the shared list
    assert "[1] Social Scanning (issued May 2021), paragraph 4: “Quote A” https://example.org/s" in draft.text
    assert draft.text.startswith("Dear Sam,\n\nThank you for your enquiry.")
    assert "3. You asked: “Parking?”\nNot covered; contact CASE." in draft.text
    assert draft.text.endswith("Kind regards,\n\nThe CASE team")
    assert seen_history[0] is None and seen_history[1] == [{"role": "user", "content": "Can we run it?"}]


def test_a_quote_inside_a_longer_quote_of_the_same_passage_is_one_source() -> None:
    long_quote, short_quote = "Social scanning is X. It may include Y.", "Social scanning is X."
    answers = {
        "What is it?": Answer(question="What is it?", verdict=Verdict.INFO, answer="“short” [1]",
                              citations=[_fake_citation(1, "doc#p5", short_quote)]),
        "Define it?": Answer(question="Define it?", verdict=Verdict.INFO, answer="“long” [1] and [2]",
                             citations=[_fake_citation(1, "doc#p5", long_quote), _fake_citation(2, "doc#p4", "Other.")]),
    }
    draft = draft_reply("What is it?\nDefine it?", lambda q, h: answers[q])
    assert [(s.n, s.id, s.quote) for s in draft.sources] == [(1, "doc#p5", long_quote), (2, "doc#p4", "Other.")]
    assert "“long” [1] and [2]" in draft.text and draft.text.count("paragraph 5:") == 1


@pytest.mark.slow
def test_draft_with_the_real_pipeline_cites_verbatim(pipeline) -> None:
    email = ("Hello,\n\nCan CASE accredit a course that teaches gender-reveal scanning?\n"
             "Also, what is social scanning?\n\nMany thanks\nRo")
    draft = draft_reply(email, lambda q, h: pipeline.ask(q, h))
    assert len(draft.questions) == 2
    for item in draft.questions:
        assert item.answer.verdict in set(Verdict)
        for c in item.answer.citations:
            assert c.quote in pipeline.kb.passages[c.id].text
    body = draft.text.split("Sources:")[0]
    assert {int(n) for n in re.findall(r"\[(\d+)\]", body)} == {s.n for s in draft.sources}


@pytest.mark.slow
def test_draft_reply_cli(built_settings, cli_env, tmp_path: Path) -> None:
    from conftest import ASSISTANT_BIN

    email = tmp_path / "enquiry.txt"
    email.write_text("Hi,\nCan CASE accredit a course that teaches gender-reveal scanning?\nThanks\nKim\n", encoding="utf-8")
    env = cli_env(built_settings.corpus_dir, built_settings.index_dir)
    data = json.loads(subprocess.run([str(ASSISTANT_BIN), "draft-reply", str(email), "--json"], capture_output=True,
                                     text=True, env=env, timeout=180, check=True).stdout)
    assert data["text"].startswith("Dear Kim,") and len(data["questions"]) == 1
    assert "You asked: “Can CASE accredit a course that teaches gender-reveal scanning?”" in data["text"]
    assert data["questions"][0]["answer"]["verdict"] in {v.value for v in Verdict}
    bad = subprocess.run([str(ASSISTANT_BIN), "draft-reply", "-"], input="  \n", capture_output=True, text=True, env=env, timeout=60)
    assert bad.returncode == 2 and "empty" in bad.stderr
    quoted = subprocess.run([str(ASSISTANT_BIN), "draft-reply", "-"], input="Hi,\n> Only quoted?\nThanks\nJo\n",
                            capture_output=True, text=True, env=env, timeout=60)
    assert quoted.returncode == 2 and "nothing to answer" in quoted.stderr
    missing = subprocess.run([str(ASSISTANT_BIN), "draft-reply", str(tmp_path / "nope.txt")], capture_output=True,
                             text=True, env=env, timeout=60)
    assert missing.returncode == 2 and "error:" in missing.stderr
