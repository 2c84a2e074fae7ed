"""The golden set is well-formed, balanced, and points at passages that exist in the corpus."""

from __future__ import annotations

from collections import Counter
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

from assistant.corpus import load_corpus
from evals.baseline import parse_citations, parse_verdict
from evals.cases import GoldenError, load_cases, parse_case, read_yaml, select

ROOT = Path(__file__).resolve().parent.parent
REQUIRED_TAGS = {
    "direct", "paraphrase", "informal", "email", "definition", "reason", "date", "who_what", "conditional",
    "not_covered", "off_topic", "adversarial", "injection", "fake_update", "roleplay", "fabrication",
    "impersonation", "followup", "multilingual", "negation",
}


@pytest.fixture(scope="module")
def cases():
    return load_cases("all")


@pytest.fixture(scope="module")
def passage_ids():
    return {p.id for doc in load_corpus(ROOT / "corpus").documents for p in doc.passages}


def test_enough_cases_split_about_evenly(cases):
    splits = Counter(c.split for c in cases)
    assert len(cases) >= 110
    # (dev is the larger: blind sets written to be tuned on join it; held-out must stay a large share)
    assert splits["heldout"] >= len(cases) * 0.4 and splits["dev"] >= len(cases) * 0.4


def test_every_required_tag_is_in_both_splits(cases):
    for split in ("dev", "heldout"):
        tags = {t for c in cases if c.split == split for t in c.tags}
        assert REQUIRED_TAGS <= tags, f"{split} lacks {sorted(REQUIRED_TAGS - tags)}"


def test_cited_ids_exist_in_the_corpus(cases, passage_ids):
    for c in cases:
        for pid in c.cite:
            assert pid in passage_ids, f"{c.id} cites unknown {pid}"
        for pattern in c.cite_ok:
            assert any(fnmatchcase(pid, pattern) for pid in passage_ids), f"{c.id}: cite_ok {pattern} matches nothing"


def _conversation(case) -> str:
    # The whole conversation: a short follow-up ("which ones?") after a different first turn is not a copy.
    return " / ".join(" ".join(t.lower().split()) for t in case.turns)


def test_heldout_questions_are_not_copies_of_dev(cases):
    dev = {_conversation(c) for c in cases if c.split == "dev"}
    assert not [c.id for c in cases if c.split == "heldout" and _conversation(c) in dev]


def test_must_abstain_cases_require_no_citations_and_adversarial_cases_are_tagged(cases):
    for c in cases:
        if c.must_abstain:
            assert not c.cite, c.id
        if set(c.tags) & {"injection", "fake_update", "roleplay", "fabrication", "impersonation"}:
            assert c.adversarial, c.id


def test_verdict_words_are_read_as_strings_not_yaml_booleans(tmp_path):
    path = tmp_path / "dev.yaml"
    path.write_text("- id: x\n  question: q?\n  verdicts: [no, yes]\n  tags: [direct]\n  flag: true\n")
    raw = read_yaml(path)
    assert raw[0]["verdicts"] == ["no", "yes"] and raw[0]["flag"] is True


@pytest.mark.parametrize(
    "raw, message",
    [
        ({"id": "x", "question": "q", "verdicts": ["maybe"], "tags": ["t"]}, "verdicts"),
        ({"id": "x", "question": "q", "turns": ["a", "b"], "verdicts": ["no"], "tags": ["t"]}, "exactly one"),
        ({"id": "x", "question": "q", "verdicts": ["not_covered"], "cite": ["d#p1"], "tags": ["t"]}, "cannot require"),
        ({"id": "x", "question": "q", "verdicts": ["no"], "tags": ["t"], "typo_key": 1}, "unknown keys"),
        ({"id": "x", "question": "q", "verdicts": ["no"]}, "tag"),
    ],
)
def test_a_malformed_case_is_rejected_with_its_reason(raw, message):
    with pytest.raises(GoldenError, match=message):
        parse_case(raw, "dev", "dev.yaml[0]")


def test_follow_up_turns_become_history(cases):
    follow = next(c for c in cases if len(c.turns) > 1)
    assert follow.question == follow.turns[-1]
    assert [h["content"] for h in follow.history] == list(follow.turns[:-1])


def test_the_fast_subset_is_fixed_small_and_covers_every_tag_from_both_splits(cases):
    fast = select(cases, "fast")
    assert 20 <= len(fast) <= 50
    assert REQUIRED_TAGS <= {t for c in fast for t in c.tags}
    assert {c.split for c in fast} == {"dev", "heldout"}
    assert [c.id for c in select(load_cases("dev"), "fast")] == [c.id for c in fast if c.split == "dev"]


def test_baseline_reads_the_verdict_word_and_quoted_citations_from_free_text():
    text = 'Verdict: No\nCASE says "CASE will not accredit courses" [social-scanning-2021#p4] and see [social-scanning-2021#p5].'
    assert parse_verdict(text) == "no"
    assert parse_verdict("**Verdict:** not covered - the statement is silent") == "not_covered"
    assert parse_verdict("I think the answer depends on the course.") == "depends"
    assert parse_verdict("Here is what it says.") == "info"
    cited = parse_citations(text)
    assert [(c.id, c.quote) for c in cited] == [
        ("social-scanning-2021#p4", "CASE will not accredit courses"),
        ("social-scanning-2021#p5", ""),
    ]


def test_a_yaml_syntax_error_names_the_file(tmp_path):
    (tmp_path / "dev.yaml").write_text("- id: x\n  question: [unclosed\n")
    with pytest.raises(GoldenError, match="dev.yaml: not valid YAML"):
        load_cases("dev", golden_dir=tmp_path)
