"""The shipped statement: metadata, the official wording kept exactly, chrome gone."""

from __future__ import annotations

import re

import frontmatter
import pytest

from assistant.corpus import load_corpus, load_document
from conftest import CORPUS_DIR, SEED_CHROME_LINES, SEED_CHROME_PHRASES

STATEMENT = CORPUS_DIR / "social-scanning-2021.md"


def _ws(text: str) -> str:
    return " ".join(text.split())


def _seed_sentences(seed: str) -> list[str]:
    """Sentences of the raw page's statement wording: chrome and the heading lines dropped."""
    body = "\n".join(line for line in seed.splitlines() if line.strip() not in SEED_CHROME_LINES)
    body = body.replace("[]", "")
    paragraphs = [_ws(p) for p in re.split(r"\n\s*\n", body) if p.strip()]
    wording = [p for p in paragraphs if len(p.split()) > 8]  # titles and "Issued May 2021" are headings
    wording = [re.sub(r"^\*\s+", "", p) for p in wording]  # the footnote's "*" marker
    sentences: list[str] = []
    for para in wording:
        # "eg. baby" does not end a sentence: only a capital or "(" starts the next one.
        sentences += [s for s in re.split(r"(?<=[.!?)])\s+(?=[A-Z(])", para) if s]
    return sentences


def test_front_matter_has_the_required_fields() -> None:
    meta = frontmatter.load(STATEMENT).metadata
    assert meta["title"] == "Social Scanning"
    assert "CASE" in meta["issuer"]
    assert str(meta["issued"]) == "2021-05"
    assert meta["url"] == "https://www.case-uk.org/information/position-statements/social-scanning/"
    assert meta["status"] == "current"


def test_every_official_sentence_is_kept_exactly(seed_raw: str) -> None:
    sentences = _seed_sentences(seed_raw)
    assert len(sentences) == 15, sentences  # 13 sentences in four paragraphs, two in the footnote
    doc = load_document(STATEMENT)
    passages = [p.text for p in doc.passages]
    body = _ws(frontmatter.load(STATEMENT).content)
    for sentence in sentences:
        assert sentence in body, f"changed or missing in the corpus file: {sentence!r}"
        assert any(sentence in p for p in passages), f"not in any indexed passage: {sentence!r}"


def test_the_footnote_definition_is_a_passage_of_its_own() -> None:
    doc = load_document(STATEMENT)
    footnotes = [p for p in doc.passages if p.kind == "footnote"]
    assert len(footnotes) == 1
    assert footnotes[0].text.startswith("Social scanning definition: The use of ultrasound for pregnant patients")
    assert "souvenir images of the baby" in footnotes[0].text
    assert footnotes[0].id == "social-scanning-2021#p5"


@pytest.mark.parametrize("chrome", SEED_CHROME_PHRASES + ("GE Healthcare", "IONOS", "Sitemap"))
def test_website_chrome_is_not_in_the_corpus(chrome: str) -> None:
    assert chrome.lower() not in STATEMENT.read_text(encoding="utf-8").lower()


def test_the_shipped_corpus_loads_without_errors() -> None:
    loaded = load_corpus(CORPUS_DIR)
    assert not loaded.errors, [str(e) for e in loaded.errors]
    assert "social-scanning-2021" in {d.slug for d in loaded.documents}
