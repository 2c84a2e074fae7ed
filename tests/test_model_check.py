"""The optional model check: runs when a model is configured, and a model that is down never
breaks an answer (the evidence verdict stands and the Answer says so)."""

import time

import pytest

from assistant.answer import Verdict
from assistant.model_check import OVERRIDE_CONFIDENCE, checked_verdict
from bench.server import free_port

pytestmark = pytest.mark.slow

QUESTION = "Can I get a gender reveal scanning course accredited?"


def test_override_needs_confidence():
    assert checked_verdict(Verdict.NO, 0.5) is Verdict.NO
    assert checked_verdict(Verdict.NO, OVERRIDE_CONFIDENCE) is Verdict.YES
    assert checked_verdict(Verdict.YES, 1 - OVERRIDE_CONFIDENCE) is Verdict.NO
    assert checked_verdict(Verdict.INFO, 0.0) is Verdict.INFO


def test_model_server_down_answers_from_the_evidence(built_settings):
    from assistant.pipeline import Pipeline

    settings = built_settings.model_copy(update={
        "llm": "openai", "llm_base_url": f"http://127.0.0.1:{free_port()}/v1", "llm_model": "x", "llm_timeout_s": 2.0,
    })
    pipeline = Pipeline(settings)
    started = time.perf_counter()
    answer = pipeline.ask(QUESTION)
    assert time.perf_counter() - started < 10
    assert answer.verdict is Verdict.NO
    assert "llm_unavailable" in answer.flags
    check = [s for s in answer.stages if s.name == "check"]
    assert check and "unavailable" in (check[0].note or "")


def test_local_model_check_is_recorded(built_settings):
    from assistant.pipeline import Pipeline

    pipeline = Pipeline(built_settings.model_copy(update={"llm": "smollm2"}))
    answer = pipeline.ask(QUESTION)
    check = [s for s in answer.stages if s.name == "check"]
    assert check and check[0].model == "smollm2" and check[0].note.startswith("P(yes)=")
    assert answer.model == "smollm2"
    assert answer.verdict in (Verdict.YES, Verdict.NO)
    assert all(c.quote in c.passage for c in answer.citations)
