"""One pipeline for every interface:

question -> guard -> rewrite -> retrieve -> route -> decide -> compose -> verify -> Answer

Each stage is a small function in its own module; this module only wires them together and records
which ran and how long each took.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

from . import compose as composer
from . import coverage_model, followup, guard, model_check, quote_check, textspeak
from .answer import Answer, Citation, StageRun, Verdict
from .decide import decide
from .evidence import asked_sentences, gather
from .issue_date import issue_date_verdict, issuing_sentence
from .knowledge import KnowledgeBase
from .question import analyse, asks_if_false
from .retrieve import retrieve
from .route import Route, route
from .settings import Settings, get_settings
from .verify import check


class _Stages:
    def __init__(self) -> None:
        self.runs: list[StageRun] = []

    @contextmanager
    def stage(self, name: str, model: str | None = None) -> Iterator[StageRun]:
        run = StageRun(name=name, ms=0.0, model=model)
        started = time.perf_counter()
        try:
            yield run
        finally:
            run.ms = round((time.perf_counter() - started) * 1000, 2)
            self.runs.append(run)


class Pipeline:
    """Loads the index and models once; answer many questions with ask()."""

    def __init__(self, settings: Settings | None = None, kb: KnowledgeBase | None = None) -> None:
        self.settings = settings or get_settings()
        self.kb = kb or KnowledgeBase(self.settings)
        self.model, self.model_name, self.model_error = self._load_model()
        self.coverage_model = self._load_coverage_model()
        self.fit_on_firm_routes = False  # evals.train_coverage sets it to read every routed question's features

    def _load_coverage_model(self) -> coverage_model.CoverageModel | None:
        """The learned coverage check; a weights file that does not fit this build fails loudly, at start."""
        choice = (self.settings.coverage_model or "none").strip()
        if choice.lower() == "none":
            return None
        path = coverage_model.DEFAULT_PATH if choice.lower() == "default" else Path(choice)
        dimensions = self.kb.embedder.query("coverage").vector.size
        return coverage_model.load(path, self.kb.embedder.name, dimensions)

    def _load_model(self) -> tuple[Any, str | None, str | None]:
        """The configured language model, loaded once; a model that can't load is reported, not fatal."""
        if (self.settings.llm or "none").lower() == "none":
            return None, None, None
        from .llm import LLMUnavailable, get_chat_model, model_label

        try:
            return get_chat_model(self.settings), model_label(self.settings), None
        except LLMUnavailable as exc:
            return None, self.settings.llm, str(exc)

    def ask(self, question: str, history: Sequence[Any] | None = None, evidence_only: bool = False) -> Answer:
        started = time.perf_counter()
        stages = _Stages()
        answer = self._answer(question, history, evidence_only, stages)
        answer.stages = stages.runs
        answer.latency_ms = round((time.perf_counter() - started) * 1000, 2)
        return answer

    def _answer(self, question: str, history: Sequence[Any] | None, evidence_only: bool, stages: _Stages) -> Answer:
        kb = self.kb
        with stages.stage("guard") as run:
            guarded = guard.check(question, self.settings.max_question_chars)
            run.note = ",".join(guarded.flags) or None
        shown = guarded.original if guarded.rejection is None else guarded.original[:500]
        if guarded.rejection:
            return Answer(question=shown, verdict=Verdict.REFUSED, answer=guarded.rejection,
                          verification="not_needed", flags=guarded.flags)
        if guarded.refusal:
            return Answer(question=shown, verdict=Verdict.REFUSED, answer=guarded.refusal,
                          verification="not_needed", flags=guarded.flags)

        # (chat shorthand written out: "is 4d scanning safe 4 the baby tho", "can u get on the rct wiv a pgd")
        guarded.text = textspeak.normalise(guarded.text)
        text = guarded.text
        standalone = None
        if history:
            with stages.stage("rewrite") as run:
                # A dispute that makes a checkable claim ("my tutor says CASE now accredits X") is
                # answered by checking the claim, not by repeating the earlier question.
                said = guard.clean(guarded.original) if "claim_checked" not in guarded.flags else text
                standalone, again = followup.standalone(text, history, said)
                if again:
                    # The earlier turn is asked again, so it passes the guard as if asked now.
                    earlier = guard.check(standalone, self.settings.max_question_chars)
                    if earlier.refusal or earlier.rejection:
                        return Answer(question=shown, verdict=Verdict.REFUSED, answer=earlier.refusal or earlier.rejection,
                                      verification="not_needed", flags=[*guarded.flags, *earlier.flags])
                    standalone = earlier.text
                    if not followup.asks_why(guarded.text):
                        guarded.flags.append("pushback")
                run.note = "rewritten" if standalone else "standalone"
            text = standalone or text

        quoted = quote_check.quoted_claim(guard.clean(guarded.original))
        found = None
        if quoted is not None and not evidence_only:
            found = quote_check.find_verbatim(quoted.quote, {pid: p.text for pid, p in kb.passages.items()})
            if quoted.only_question and (found is not None or quoted.about_wording):
                # "Is that an accurate quote?": only the statements' own words are confirmed as theirs.
                return self._quote_answer(quoted.quote, found, stages, dict(question=shown, flags=guarded.flags))

        # The asker's own words decide the kind of question, except "what about X?", which asks
        # the earlier question again about X, and "are you sure?", which asks it again as it was.
        again = standalone and (followup.asks_again(guarded.text) or "pushback" in guarded.flags)
        info = analyse(standalone if again else guarded.text)
        if again and "pushback" not in guarded.flags and not followup.asks_why(guarded.text):
            # "what about if it's only partly for that?" asks the earlier question again: its kind is that one's
            earlier = analyse(followup.earlier_question(history) or standalone)
            info = replace(info, kind=earlier.kind, wh=earlier.wh, negated=earlier.negated)
        with stages.stage("retrieve") as run:
            text = kb.speller.correct(text)
            retrieval = retrieve(kb, text)
            evidence = gather(kb, text, retrieval, yesno=info.kind == "yesno", last_asks=bool(standalone) and not again)
            if (not standalone and evidence.asked.rstrip().endswith("?")
                    and sum(q.rstrip().endswith("?") for q in asked_sentences(text)) > 1):
                # Several questions in one message ("is it any private scan, or something narrower? ...
                # What exactly does CASE mean by social scanning?"): the kind is that of the one answered.
                # (what the whole message says, "also a unit on keepsake images", "purely for fun", still counts)
                answered = analyse(evidence.asked)
                info = replace(info, kind=answered.kind, wh=answered.wh, negated=answered.negated, copular=answered.copular,
                               plain_negation=answered.plain_negation, alternative=answered.alternative,
                               partial=answered.partial, inclusion=answered.inclusion)
            run.note = f"{len(retrieval.hits)} passages" + (f"; bridged: {', '.join(retrieval.bridged_terms)}" if retrieval.bridged_terms else "")

        with stages.stage("route") as run:
            routed = self._route(evidence, text, info, guarded.text if standalone else None)
            run.note = routed.reason
        base = dict(question=shown, standalone_question=standalone, flags=guarded.flags)
        if not routed.covered:
            prefix = ""
            if routed.flag:
                base["flags"] = [*guarded.flags, routed.flag]
                if routed.flag == "not_english":
                    prefix = "I can only answer questions written in English. "
            # ("thanks!": nothing is asked; the reply thanks back, then says what the statements cover)
            thanked = followup.thanks(guarded.text)
            return Answer(**base, verdict=Verdict.NOT_COVERED, answer=prefix + composer.not_covered_text(kb, thanked),
                          verification="not_needed")

        with stages.stage("decide") as run:
            decision = decide(info, evidence)
            if evidence_only and decision.verdict is not Verdict.NOT_COVERED:
                decision.verdict = Verdict.INFO
            run.note = f"{info.kind}{'/' + info.wh if info.wh else ''}{' negated' if info.negated else ''} -> {decision.verdict}"
            wh = info.wh
            dated = issue_date_verdict(kb, evidence.asked or text, decision.support) if info.kind == "yesno" else None
            if dated is None and standalone and info.kind == "yesno":
                # ("Why did CASE put out its statement? ... And that was back in 2021, correct?": what was
                # issued is named in the question the follow-up refers to)
                dated = issue_date_verdict(kb, guarded.text, decision.support, earlier=standalone)
            if dated is not None and not evidence_only:
                # "Was the statement issued back in 2019?": its date, not a sentence's wording, answers
                decision.verdict, decision.condition, wh = dated, None, "when"
                issuing = issuing_sentence(evidence.sentences)  # (quoted: the sentence saying it was issued)
                if issuing is not None:
                    decision.support = [issuing]
                run.note += f"; issue date -> {dated}"
            if standalone and followup.asks_why(guarded.text) and decision.verdict in (Verdict.YES, Verdict.NO):
                # "Why?" after "Will CASE accredit X?": the reason is asked, which the rule that decided it gives
                decision.verdict, wh = Verdict.INFO, "why"
                run.note += "; asks why -> info"
            elif asks_if_false(evidence.asked or text) and decision.verdict in (Verdict.YES, Verdict.NO):
                # "Is it false that CASE would accredit X?": the claim is answered, the question is its opposite
                decision.verdict = Verdict.NO if decision.verdict is Verdict.YES else Verdict.YES
                run.note += "; asks if false -> " + str(decision.verdict)

        if decision.verdict is Verdict.NOT_COVERED:
            return Answer(**base, verdict=Verdict.NOT_COVERED, answer=composer.not_covered_text(kb),
                          verification="not_needed")
        if self.model_name and decision.verdict in (Verdict.YES, Verdict.NO) and not evidence_only:
            base["model"] = self.model_name
            self._model_check(text, decision, stages, base)

        with stages.stage("compose"):
            citations = composer.make_citations(kb, decision.support)
            if evidence_only:
                text_out = composer.evidence_text(citations)
            else:
                text_out = composer.compose(decision.verdict, citations, wh, set(evidence.definition_passages),
                                            decision.condition, composer.guard_notes(guarded.flags))

        with stages.stage("verify") as run:
            result = check(kb, text_out, citations)
            status, verdict = "passed", decision.verdict
            if not result.ok:
                run.note = "; ".join(result.problems)
                citations, text_out, status = self._evidence_fallback(result.good)
                verdict = Verdict.INFO if citations else Verdict.NOT_COVERED
            if not citations:
                text_out = composer.not_covered_text(kb)
        if (quoted is not None and quoted.only_question and found is None and not evidence_only
                and verdict not in (Verdict.YES, Verdict.REFUSED)):
            # "The statement apparently says "X". Can you confirm?": the words aren't the statement's,
            # and what they say is not confirmed by it either.
            return self._quote_answer(quoted.quote, None, stages, dict(question=shown, flags=guarded.flags))
        return Answer(**base, verdict=verdict, answer=text_out, citations=citations, verification=status)

    def _route(self, evidence: Any, text: str, info: Any, own_words: str | None) -> Route:
        """The routing rules' call, then the learned model's, which decides unless the rules' call is firm."""
        routed = route(evidence, text, info, own_words)
        if self.coverage_model is None:
            return routed
        if routed.firm:
            if self.fit_on_firm_routes and evidence.sentences:
                # (training: a firm route's question still shows the model what the statements leave out)
                self.coverage_model.record_firm(coverage_model.features(self.kb, evidence, text, routed.covered))
            return routed
        skipped = self.coverage_model.skip_reason(self.kb, evidence)
        if skipped is not None:
            return replace(routed, reason=f"{routed.reason}; {skipped}")
        p = self.coverage_model.probability(coverage_model.features(self.kb, evidence, text, routed.covered))
        covered = p <= self.coverage_model.threshold
        if covered == routed.covered:
            return replace(routed, reason=f"{routed.reason}; model P(not covered) {p:.2f}")
        return Route(covered, f"model P(not covered) {p:.2f} overrules the rules ({routed.reason})")

    def _quote_answer(self, quote: str, found: str | None, stages: _Stages, base: dict[str, Any]) -> Answer:
        """Yes, quoting the sentence holding the quotation; or no, quoting the sentence closest to it."""
        kb = self.kb
        with stages.stage("quote check") as run:
            nearest = gather(kb, quote, retrieve(kb, quote)).sentences
            if found is not None:
                # the sentence holding the quotation, else its passage's nearest sentence
                holding = [s for s in nearest if s.passage_id == found and quote_check.find_verbatim(quote, {found: s.text})]
                nearest = holding or [s for s in nearest if s.passage_id == found] or nearest
            run.note = f"quotation {'found in ' + found if found else 'not in the statements'}"
        if not nearest:
            return Answer(**base, verdict=Verdict.NOT_COVERED, answer=composer.not_covered_text(kb), verification="not_needed")
        citations = composer.make_citations(kb, nearest[:1])
        place = composer.place_words(kb.passages[citations[0].id]) if found is not None else None
        text_out = composer.quote_check_text(found is not None, citations, place)
        with stages.stage("verify") as run:
            result = check(kb, text_out, citations)
            run.note = None if result.ok else "; ".join(result.problems)
        if not result.ok:
            return Answer(**base, verdict=Verdict.NOT_COVERED, answer=composer.not_covered_text(kb), verification="not_needed")
        return Answer(**base, verdict=Verdict.YES if found is not None else Verdict.NO, answer=text_out, citations=citations)

    def _model_check(self, question: str, decision: Any, stages: _Stages, base: dict) -> None:
        """Let the language model confirm the yes/no verdict; if it can't be reached, the
        evidence rules' verdict stands and the Answer says so."""
        from .llm import LLMUnavailable

        with stages.stage("check", model=self.model_name) as run:
            if self.model is None:
                run.note = f"model unavailable: {self.model_error}"
                base["flags"] = [*base["flags"], "llm_unavailable"]
                return
            try:
                p_yes = model_check.yes_probability(self.model, question, decision.support[0].text)
            except LLMUnavailable as exc:
                run.note = f"model unavailable: {exc}"
                base["flags"] = [*base["flags"], "llm_unavailable"]
                return
            checked = model_check.checked_verdict(decision.verdict, p_yes)
            run.note = f"P(yes)={p_yes:.2f}" + (f"; {decision.verdict} -> {checked}" if checked is not decision.verdict else "")
            decision.verdict = checked

    def _evidence_fallback(self, good: list[Citation]) -> tuple[list[Citation], str, str]:
        """The evidence-only answer from the citations that did verify, itself verified; if even
        that fails, no citations at all (the caller then says the statements can't answer)."""
        renumbered = [c.model_copy(update={"n": i}) for i, c in enumerate(good, start=1)]
        text = composer.evidence_text(renumbered)
        if renumbered and check(self.kb, text, renumbered).ok:
            return renumbered, text, "replaced_by_evidence"
        return [], "", "replaced_by_evidence"
