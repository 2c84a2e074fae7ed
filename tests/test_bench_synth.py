"""The benchmark's synthetic corpus generator: deterministic, loadable, shaped like the real statements."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus import load_corpus
from assistant.definitions import augmented_text, find_definitions
from dataclasses import asdict

from assistant.indexer import _augment, _augmented_texts, _rows
from assistant.passages import split_sentences
from assistant.text import content_stems
from bench.synth import SynthSpec, change_document, document_path, document_sizes, generate

REPO_ROOT = Path(__file__).resolve().parent.parent


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_spec_gives_identical_files_and_other_seed_differs(tmp_path: Path) -> None:
    spec = SynthSpec(passages=130, per_doc=50, seed=3)
    generate(tmp_path / "a", spec)
    generate(tmp_path / "b", spec)
    generate(tmp_path / "c", SynthSpec(passages=130, per_doc=50, seed=4))
    assert _bytes(tmp_path / "a") == _bytes(tmp_path / "b")
    assert _bytes(tmp_path / "a") != _bytes(tmp_path / "c")


@pytest.mark.parametrize("n, per_doc, sizes", [(10, 50, [10]), (100, 50, [50, 50]), (130, 50, [50, 50, 30]), (1, 50, [1])])
def test_document_sizes_add_up(n: int, per_doc: int, sizes: list[int]) -> None:
    assert document_sizes(SynthSpec(passages=n, per_doc=per_doc)) == sizes


def test_generated_corpus_loads_with_the_requested_passages(tmp_path: Path) -> None:
    paths = generate(tmp_path, SynthSpec(passages=230, per_doc=50))
    loaded = load_corpus(tmp_path)
    assert not loaded.errors
    assert len(loaded.documents) == len(paths) == 5
    passages = [p for d in loaded.documents for p in d.passages]
    assert len(passages) == 230
    assert len({p.text for p in passages if p.kind == "paragraph"}) > 0.9 * sum(p.kind == "paragraph" for p in passages)
    # Short passages (1-4 sentences), like the real statement's clauses, not whole pages.
    assert max(len(split_sentences(p.text)) for p in passages) <= 4
    # Every statement ends with one footnote that defines a term its first paragraph uses.
    definitions = find_definitions(passages)
    assert len(definitions) == len(paths)
    for doc, definition in zip(loaded.documents, definitions):
        assert doc.passages[-1].kind == "footnote" and definition.passage_id == doc.passages[-1].id
        assert definition.term.lower() in doc.passages[0].text.lower()
    assert all(d.meta.status == "current" and d.meta.issuer for d in loaded.documents)


def test_change_document_changes_exactly_one_passage(tmp_path: Path) -> None:
    generate(tmp_path, SynthSpec(passages=100, per_doc=50))
    before = {p.id: p.text for d in load_corpus(tmp_path).documents for p in d.passages}
    change_document(document_path(tmp_path, 0))
    after = {p.id: p.text for d in load_corpus(tmp_path).documents for p in d.passages}
    assert before.keys() == after.keys()
    assert [pid for pid in before if before[pid] != after[pid]] == ["synthetic-00000#p2"]


def test_refuses_to_write_into_the_project_corpus() -> None:
    with pytest.raises(ValueError, match="corpus"):
        generate(REPO_ROOT / "corpus", SynthSpec(passages=10))
    assert not list((REPO_ROOT / "corpus").glob("synthetic-*"))


def test_indexer_batch_augmentation_matches_augmented_text(tmp_path: Path) -> None:
    """The indexer's one-pass augmentation (a bench-driven speed-up) indexes the same text."""
    generate(tmp_path, SynthSpec(passages=400, per_doc=40))
    for folder in (tmp_path, REPO_ROOT / "corpus"):
        passages = [p for d in load_corpus(folder).documents for p in d.passages]
        definitions = find_definitions(passages)
        expected = [augmented_text(p, definitions) for p in passages]
        assert _augmented_texts(passages, definitions) == expected
        assert any(e != p.text for e, p in zip(expected, passages))  # some passages were augmented
        # The stems handed to the lexical index are those of the indexed text.
        assert [stems for _, stems, _ in _augment(passages, definitions)] == [content_stems(t) for t in expected]
        rows, _ = _rows(load_corpus(folder).documents)
        assert [{k: v for k, v in r.items() if not k.startswith("indexed_")} for r in rows] == [asdict(p) for p in passages]


def test_a_term_defined_by_several_statements_is_glossed_once_preferring_the_own_statement() -> None:
    """Shared vocabulary: when three statements define the same term, a passage using it carries one
    definition (its own statement's if there is one), and a defining passage none of the others."""
    from assistant.documents import Passage

    def passage(pid: str, text: str) -> Passage:
        return Passage(id=pid, doc=pid.split("#")[0], n=int(pid.split("#p")[1]), kind="paragraph", text=text, start=0, end=len(text))

    passages = [
        passage("a#p1", "Remote scanning definition: The scanning of patients from another site."),
        passage("b#p1", "Remote scanning definition: Ultrasound operated at a distance."),
        passage("c#p1", "Remote scanning definition: A scan read away from the patient."),
        passage("b#p2", "Courses may not teach remote scanning alone."),
        passage("d#p1", "Remote scans are reviewed yearly."),
    ]
    definitions = find_definitions(passages)
    assert len(definitions) == 3
    texts = dict(zip((p.id for p in passages), _augmented_texts(passages, definitions)))
    assert texts["b#p2"] == "Courses may not teach remote scanning alone. (Remote scanning: Ultrasound operated at a distance.)"
    assert texts["d#p1"].count("(Remote scanning:") == 1 and texts["d#p1"].endswith("(Remote scanning: The scanning of patients from another site.)")
    assert texts["a#p1"] == passages[0].text  # it defines the term itself
