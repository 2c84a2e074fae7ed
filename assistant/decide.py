"""Decide the verdict from the evidence alone."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from .answer import Verdict
from .asker import asker_is_said, claimed_asker, naming_sentence, report_of_asking
from .evidence import QUALIFIER as _QUALIFIER, Evidence, SentenceEvidence, condition_text
from .question import PROVISO, QuestionInfo, analyse, answered_by_a_report, asked_verb, contrast, split_alternatives
from .text import content_stems, stem, words

RULE_MARGIN = 0.25  # a yes/no question is answered by the best rule unless background is far more relevant
CONTRAST_RULES = 6  # "X, not Y?": each side is answered from the rules among this many best sentences
DEPENDS_MARGIN = 0.035  # two opposite rules this close in relevance: the question doesn't settle which applies
# A rule near only in meaning (its share of the question's weighted words under this share of the best
# rule's) is no opposite that makes the answer depend ...
OPPOSITE_LEXICAL_SHARE = 0.5
# ... and is not preferred over the background sentence that says most of the question.
RULE_LEXICAL_SHARE = 0.5
# A rule limited by a condition ("solely for ...", "where there is no ...") applies only when the
# question says something about that condition; otherwise the answer depends on it.
_EXCLUSIVE = re.compile(r"\b(solely|exclusively|purely|only)\b", re.IGNORECASE)
SECOND_QUOTE_MARGIN = 0.08
UNMET_CONDITION_MARGIN = 0.2
_ONLY = re.compile(r"\bonly\b", re.IGNORECASE)
MAX_WHOLE_DEFINITION = 400
PROCEDURE_RULE_MIN = 0.35  # a forbidding rule answers "how do I ...?" only if it says most of what is asked
# "any scan carried out in a private clinic", "every scan done privately": a claim about all of a kind
_EVERY_ONE = re.compile(r"\b(every|any|all)\s+([\w-]+\s+){0,2}?(scans?|ultrasounds?|examinations?|appointments?)\b", re.IGNORECASE)
_HEDGE = re.compile(r"\b(may|might|can|could|some|sometimes|often|usually|typically)\b", re.IGNORECASE)


@dataclass
class Decision:
    verdict: Verdict
    support: list[SentenceEvidence]
    condition: str | None = None  # for depends: the words of support[0] that state the condition


def _first(chosen: SentenceEvidence, ranked: list[SentenceEvidence]) -> tuple[SentenceEvidence, list[SentenceEvidence]]:
    """The chosen sentence, and the ranking with it moved to the front (it answers)."""
    return chosen, [chosen] + [s for s in ranked if s is not chosen]


def _distinct(a: SentenceEvidence, b: SentenceEvidence) -> bool:
    return (a.passage_id, a.start) != (b.passage_id, b.start)


def decide(info: QuestionInfo, evidence: Evidence) -> Decision:
    ranked = evidence.sentences
    best = ranked[0]
    second = next((s for s in ranked[1:] if _distinct(s, best) and best.score - s.score <= SECOND_QUOTE_MARGIN), None)
    if info.procedure:
        # The statements say what is allowed, not how to do it: a procedure for something they
        # forbid is answered "no"; otherwise they don't cover it.
        yesno = decide(QuestionInfo("yesno", None, info.negated, info.universal, info.copular, info.plain_negation), evidence)
        rule = yesno.support[0] if yesno.support else None
        if (yesno.verdict is Verdict.NO and rule is not None and rule.lexical >= PROCEDURE_RULE_MIN
                and len(rule.matched & set(evidence.query_stems)) >= 2):
            return yesno
        return Decision(Verdict.NOT_COVERED, [])
    if info.kind != "yesno":
        if evidence.asks_about_term and (info.copular or info.wh == "what"):
            # "What is X?", "What does CASE mean by X?": the statement's own definition answers it.
            definition = _definition_sentences(evidence, set(evidence.definition_passages))
            if definition:
                return Decision(Verdict.INFO, definition)
        return Decision(Verdict.INFO, [best] + ([second] if second else []))

    actor = claimed_asker(evidence.asked or "")
    report = report_of_asking(evidence) if actor is not None else None
    if actor is not None and report is not None:
        # "Did CASE issue the statement because the government asked?": the statement says who asked
        said = asker_is_said(actor, evidence, report)
        naming = naming_sentence(evidence, report)  # (quoted first: it says who)
        support = [naming, report] if naming is not None else [report]
        return Decision(Verdict.YES if said != info.negated else Verdict.NO, support)
    agreeing = _agreement_asked(info, evidence)
    if agreeing is not None:
        return agreeing
    narrowed = _narrows_term(evidence)
    scope_denied = [pid for pid in evidence.definition_passages if pid in evidence.definition_scope_denied]
    if scope_denied and evidence.asks_about_term:
        # "Does the definition apply to anyone, not just pregnant women?", "Is a scan on a woman who isn't
        # pregnant social scanning?": the definition limits the term to what the message denies or goes past
        return Decision(Verdict.NO, _definition_sentences(evidence, set(scope_denied)) or [best])
    subject = evidence.term_subject
    if subject is not None and not narrowed and not info.universal and subject[1]:
        # "Is social scanning about scanning pregnant patients?" asks what the term means, not whether
        # some scan is one: the definition says every asked word, so it answers yes, unless the question
        # has what the definition says must be absent ("with no clinical justification") the other way round.
        pid, _, absent = subject
        agrees = not absent or info.plain_negation
        return Decision(Verdict.YES if agrees != info.negated else Verdict.NO, _definition_sentences(evidence, {pid}))
    if (info.copular or evidence.term_is_predicate or narrowed) and evidence.definition_passages and evidence.asks_about_term:
        # "Is X social scanning?", "Does social scanning include X?": the definition answers it.
        in_definition = [s for s in ranked if s.passage_id in evidence.definition_passages]
        if in_definition:
            best = in_definition[0]
            hedged = next((s for s in in_definition if _HEDGE.search(s.text)), None)
            if ((info.universal or _EVERY_ONE.search(evidence.asked or "")) and not info.negated
                    and evidence.definition_condition_reached.get(best.passage_id) is False):
                # "Is every scan done privately, outside the NHS, a social scan?": the definition turns on
                # what the message says nothing of (a clinical justification, or one of its examples), so
                # not every such scan is one.
                core = next((s for s in in_definition if s.negative), best)
                return Decision(Verdict.NO, _definition_sentences(evidence, {best.passage_id}) or [core])
            if info.universal and hedged is not None:
                # "Is X always <term>?": a definition that only says it "may include" X doesn't settle it.
                return Decision(Verdict.DEPENDS, [hedged])
            if narrowed and hedged is not None and not info.negated:
                # "Does social scanning just mean gender scans?": the definition's examples ("may include
                # ... fetal sexing and/or ... souvenir images") say it is more than that.
                return Decision(Verdict.NO, [hedged])
            if best.passage_id in evidence.definition_condition_denied and not info.negated:
                # "We sent her for an extra scan because baby is measuring small: is that a social scan?":
                # the definition needs there to be no clinical justification, and the message gives one.
                core = next((s for s in in_definition if s.negative), best)
                return Decision(Verdict.NO, [core])
            if info.partial and any(_EXCLUSIVE.search(s.text) for s in in_definition):
                # "If a clinic tells parents the sex during a scan, does that make it a social scan?": the
                # definition's examples are scans solely for that, and the message says it was one part.
                return Decision(Verdict.DEPENDS, _definition_sentences(evidence, {best.passage_id}) or [best],
                                condition_text(best.text))
            if (hedged is not None and evidence.definition_core_reached.get(best.passage_id) is False
                    and evidence.definition_reached_only_typically.get(best.passage_id)
                    and not info.sole and not info.inclusion):
                # "Is a 4D scan at a private clinic social scanning?", "I'm booked for a 3D scan at 28 weeks":
                # a 4D scan is usually, not always, for the souvenir images the definition's examples name
                # ("may include ..."), and the message says nothing of what decides it, the absence of a
                # clinical justification. (A keepsake or gender scan is the example itself; a scan "just
                # for a photo" too; "does it include 4D pictures?" asks what the term takes in.)
                core = next((s for s in in_definition if not _HEDGE.search(s.text)), best)
                return Decision(Verdict.DEPENDS, _definition_sentences(evidence, {best.passage_id}) or [core],
                                condition_text(core.text))
            if evidence.definition_condition_reached.get(best.passage_id) is False:
                # "Was my scan at a private clinic a social scan?": the definition turns on a condition
                # (no clinical justification) the message says nothing of.
                condition = condition_text(best.text)
                return Decision(Verdict.DEPENDS, _definition_sentences(evidence, {best.passage_id}) or [best], condition)
            if (best.negative and hedged is not None and not info.negated
                    and evidence.definition_core_reached.get(best.passage_id) is False
                    and evidence.definition_condition_reached.get(best.passage_id)):
                # "Is scanning a pregnant woman to find out the baby's sex social scanning?": the message says
                # one of the definition's examples and nothing of a clinical reason; the example answers, not
                # the required absence it never mentions.
                return Decision(Verdict.YES, [hedged, best] if _distinct(hedged, best) else [hedged])
            # A negated definition ("no clinical justification") is matched only by a negated question.
            # ("... doesn't count as social scanning?" asks it the other way round; that "not" is no "no"
            # of the definition's condition)
            toks = words(evidence.asked or "")
            denied = info.negated and _denies_term(toks, evidence.definition_passages[best.passage_id])
            # (any other "no"/"not"/"isn't" may be the condition's: "a scan that isn't medically needed")
            negations = sum(_denial(w) for w in toks)
            plain = negations > 1 if denied else info.plain_negation or negations > 0
            agrees = not best.negative or plain
            return Decision(Verdict.YES if agrees != denied else Verdict.NO, [best])
    core = _condition_asked_of_example(best, evidence)
    if core is not None:
        # "Is a scan just for souvenir photos clinically justified?": the scan is one of the definition's
        # examples, and what is asked of it is the condition the definition says is absent.
        asked = evidence.asked or ""
        if _POSSIBLY.search(asked):
            # "Can a scan for fetal sexing ever be clinically justified?": the examples are scans solely
            # for that; whether one ever has a clinical reason the definition doesn't say
            return Decision(Verdict.DEPENDS, [core, best], condition_text(core.text))
        return Decision(Verdict.YES if _denies_condition(asked, core, best) else Verdict.NO, [core, best])
    if info.alternative:
        answered = _alternative(info, evidence)
        if answered is not None:
            return answered
    answered = _contrasted(info, evidence)  # None unless the question is "X, not Y"
    if answered is not None:
        return answered
    listing = next((s for s in ranked[:4] if s.rule and best.score - s.score <= UNMET_CONDITION_MARGIN
                    and _names_only_some_of_its_list(evidence.asked or "", s.text)), None)
    if listing is not None:
        # "Isn't RCT registration only open to those who finished an MSc?" against "a CASE accredited
        # award (PgC, PgD or MSc)": the rule names more than the one the question limits it to.
        return Decision(Verdict.NO, [listing] + _definition_for(listing, evidence))
    rules = [s for s in ranked if s.rule]
    # (Not for a question about what has happened, "Have programme leads been seeing more ...?":
    # the sentence that reports it answers, not a rule.)
    if (rules and rules[0] is not best and best.score - rules[0].score <= RULE_MARGIN and not answered_by_a_report(evidence.asked or "")
            and rules[0].lexical >= RULE_LEXICAL_SHARE * best.lexical):
        best, ranked = _first(rules[0], ranked)
    if best.rule and best.verb_said is False:
        # "Can CASE accredit me personally?": a rule that says "accredited" only in its condition ("On
        # completion of a CASE accredited award ... are able to register") speaks of something else
        # done; a close rule that says what is asked of the subject answers.
        saying = next((s for s in ranked[1:4] if s.rule and s.verb_said and best.score - s.score <= UNMET_CONDITION_MARGIN), None)
        if saying is not None:
            best, ranked = _first(saying, ranked)
    holding = None  # a close rule that answers where the forbidding one's condition is unmet or denied
    if best.negative and best.condition_reached is False:
        # A rule whose condition the message never reaches may just be the nearer in meaning: a rule
        # close behind that says more of the question's words and has no unmet condition answers it.
        holding = max((s for s in ranked[1:4] if s.rule and s.condition_reached is not False
                       and s.lexical > best.lexical and best.score - s.score <= UNMET_CONDITION_MARGIN),
                      key=lambda s: s.lexical, default=None)
    elif best.negative and best.condition_denied:
        # The message speaks of what the forbidding rule's condition excludes ("for medical diagnosis"
        # against "where there is no medical justification"): that rule doesn't forbid this at all, so
        # the rule that holds and says most of the question answers, however far behind it ranks.
        holding = max((s for s in ranked[1:] if s.rule and not s.condition_denied and s.condition_reached is not False
                       and s.verb_said is not False), key=lambda s: (s.lexical, s.score), default=None)
    unmet_swap = holding is not None  # the chosen rule answers without the condition the nearer one needed
    if holding is not None:
        best, ranked = _first(holding, ranked)
    if best.proviso_foreign and evidence.asked:
        # What a proviso the rule doesn't make denies ("as long as it isn't a full degree") is a term the
        # asker sets, not the question asked negatively.
        info = replace(info, negated=analyse(PROVISO.sub(" ", evidence.asked)).negated)
    if info.every and not info.negated:
        # "CASE accredits any course regardless of what it's for?": a close rule that allows only under a
        # condition, or forbids under one, denies it for all.
        # (not where the message meets the condition: "a course purely for keepsake scans, ruled out altogether?")
        limiting = next((s for s in ranked[:4] if s.rule and condition_text(s.text) is not None
                         and (s.condition_reached is not True or s.condition_denied)
                         and (s.negative or _ONLY.search(s.text)) and best.score - s.score <= UNMET_CONDITION_MARGIN), None)
        if limiting is not None:
            return Decision(Verdict.NO, [limiting] + _definition_for(limiting, evidence))
    # (a rule that only the asker's own proviso speaks to, "as long as it includes a safety module"
    # against "safe, competent", is no rule opposing the one that answers)
    opposite = None if unmet_swap or (best.proviso_foreign and best.condition_reached) else next(
        (
            s
            for s in ranked[1:4]
            if s.rule
            and s.negative != best.negative
            and not s.condition_denied  # the message speaks of what that rule's condition excludes
            and s.passage_id not in evidence.definition_passages  # a definition says what a term means, not what is allowed
            and best.score - s.score <= DEPENDS_MARGIN
            # (who runs the course, or what the asker wants it for, is not what is asked)
            and ((s.matched - best.matched) & set(evidence.weights)) - evidence.provider - evidence.aside
            # near only in meaning, saying little of the question's words: not a rule that contradicts it
            and s.lexical >= OPPOSITE_LEXICAL_SHARE * best.lexical
            and s.verb_said is not False  # it speaks of something else done than what is asked
        ),
        None,
    )
    if opposite is None and info.combined and _EXCLUSIVE.search(best.text):
        # "A course teaching both X and Y" (or "X, but also Y") against a rule on courses *solely* for Y:
        # that rule does not settle it, and an opposite rule that speaks to X is the other half of the answer.
        opposite = next(
            (
                s
                for s in [r for r in ranked[1:] if r.rule][:3]  # the next three rules, however much background ranks between
                if s.negative != best.negative
                and s.passage_id not in evidence.definition_passages
                # the message's words, its background's included, that this rule says and the first doesn't
                and (set(content_stems(s.text)) - set(content_stems(best.text))) & evidence.all_stems
            ),
            None,
        )
    if opposite is not None and best.lexical < OPPOSITE_LEXICAL_SHARE * opposite.lexical:
        # The first rule is near only in meaning and the opposite one says the question: it answers.
        (best, ranked), opposite = _first(opposite, ranked), None
    if opposite is not None:
        return Decision(Verdict.DEPENDS, [best, opposite] + _definition_for(best, evidence))
    if info.universal and _HEDGE.search(best.text):
        return Decision(Verdict.DEPENDS, [best] + _definition_for(best, evidence))
    # (or the message says what the condition names is one part of the thing: "a course that covers fetal
    # sexing" against a rule on courses solely for social scanning)
    if best.negative and (_condition_unsettled(best, evidence) or best.condition_reached is False
                          or info.partial and _EXCLUSIVE.search(condition_text(best.text) or "")):
        # The rule forbids only under its condition, and the message says nothing of it ("a focused
        # course in first-trimester scanning" against a rule on courses solely for social scanning).
        if best.proviso_foreign and best.condition_reached:
            # "keepsake courses can be accredited as long as they include a safety module": the message
            # speaks of the condition, and its own proviso is one the rule doesn't make.
            return Decision(Verdict.YES if info.negated else Verdict.NO, [best] + _definition_for(best, evidence))
        condition = condition_text(best.text)
        return Decision(Verdict.DEPENDS, [best] + _definition_for(best, evidence), condition)
    if not best.negative and best.condition_denied and not _ONLY.search(best.text):
        # "a non-accredited certificate" against "On completion of a CASE accredited award ... are able to
        # register": the rule says nothing of what holds without its condition, so it depends on it.
        return Decision(Verdict.DEPENDS, [best] + _definition_for(best, evidence), condition_text(best.text))
    if not best.negative and best.condition_reached is False:
        # A rule that allows only under its condition ("only applicable to courses that prepare
        # students for ... medical diagnosis"), and the message says nothing of it.
        return Decision(Verdict.DEPENDS, [best] + _definition_for(best, evidence), condition_text(best.text))
    verb = asked_verb(evidence.asked) if evidence.asked else None
    if not best.negative and verb is not None:
        # "CASE accreditation is only applicable to courses ... for medical diagnosis" limits every
        # "Will CASE accredit it?" about a course: a close rule with an "only" condition the message never
        # reaches leaves the answer depending on it, whichever positive rule ranked first.
        limiting = next((s for s in ranked[1:4] if s.rule and not s.negative and s.condition_reached is False
                         and _ONLY.search(s.text) and best.score - s.score <= UNMET_CONDITION_MARGIN
                         and stem(verb) in s.matched), None)
        if limiting is not None:
            return Decision(Verdict.DEPENDS, [limiting] + _definition_for(limiting, evidence), condition_text(limiting.text))
    # A rule that allows only under its condition, when the message says that condition is absent
    # ("a course with no medical purpose" against "only applicable to courses ... for medical
    # diagnosis"), says the thing is not allowed. (A positive rule without "only" whose condition is
    # denied returned depends above.)
    if (best.passage_id in evidence.definition_passages and not best.rule and not evidence.asks_about_term
            and best.negative and best.passage_id in evidence.definition_condition_denied):
        # "Is a scan for reduced fetal movements clinically justified?": the definition says what a social
        # scan lacks; of a scan the message gives a clinical reason for, it says nothing either way.
        return Decision(Verdict.DEPENDS, [best] + _definition_for(best, evidence), condition_text(best.text))
    forbids = best.negative or best.condition_denied
    negated = info.negated
    if not negated and best.negative and _SAYS_IT_IS_LACKING.search(best.text) and _ASSERTS_ABSENCE.search(evidence.asked or ""):
        # "Is it right that there is no law regulating who can scan?" against "in the absence of statutory
        # regulation": both say it is lacking, so they agree (the question's "no" is not a verb's "not")
        negated = True
    if best.opposed:
        # "Are fewer people applying?" against "an increase in applicants": the sentence says the opposite
        negated = not negated
    affirmed = forbids == negated
    if affirmed and _other_version(evidence.asked or "", best.text):
        # "the statement says outcomes must follow Saving Babies' Lives version 3?" against "... Care Bundle
        # v2": the sentence names another version of it.
        affirmed = False
    if affirmed and not best.negative and _ABLE.search(best.text) and _AUTOMATIC.search(evidence.asked or ""):
        # "Does finishing an accredited MSc automatically put you on the register?" against "are able to
        # register": the rule makes it possible, it does not make it happen.
        affirmed = False
    return Decision(Verdict.YES if affirmed else Verdict.NO, [best] + _definition_for(best, evidence))


_VERSION = re.compile(r"\b(?:v|ver\.?|version|edition)\s*(\d+)\b", re.IGNORECASE)


def _other_version(asked: str, sentence: str) -> bool:
    """The question names a version the sentence doesn't, and none the sentence does ("v3" against "v2";
    not "v3 instead of v2", which names both), of the same thing: the word the sentence puts before its
    version ("Care Bundle v2") is in the question, next to the question's version."""
    wanted = {int(m.group(1)) for m in _VERSION.finditer(asked)}
    given = {int(m.group(1)) for m in _VERSION.finditer(sentence)}
    if not (wanted and given) or wanted & given:
        return False
    asked_before = {stem(w) for m in _VERSION.finditer(asked)
                    for w in re.findall(r"[A-Za-z]+", asked[max(0, m.start() - 40):m.end() + 40])}
    named = {stem(w[-1]) for m in _VERSION.finditer(sentence) if (w := re.findall(r"[A-Za-z]+", sentence[:m.start()]))}
    return bool(named & asked_before)


# A rule that makes something possible ("are able to register"), and a question that says it happens of
# itself or is certain ("automatically", "guaranteed"; not "guaranteed to be able to", which asks the same).
_ABLE = re.compile(r"\b(are|is|be) able to\b", re.IGNORECASE)
_AUTOMATIC = re.compile(r"\b(automatic(ally)?|auto[- ]?enrol\w*|guarantee[sd]?(?! (to be )?able)|straight (on ?to|onto)|by default)\b",
                        re.IGNORECASE)


# A sentence saying something is lacking, and a question saying it is absent ("no law", "unregulated";
# not "no need for X", which denies the need).
_SAYS_IT_IS_LACKING = re.compile(r"\b(absence of|need for|lack of)\b", re.IGNORECASE)
_ASSERTS_ABSENCE = re.compile(
    r"\bthere(['’]s| is| are| was| were)\s+(currently\s+|still\s+|at present\s+|yet\s+)?no\s+"
    r"(?!(need|needs|requirement|call|calls|reason|point|chance|way|one|longer)\b)\w+"
    r"|\b(unregulated|not (currently |yet )?regulated|isn['’]t regulated|aren['’]t regulated)\b", re.IGNORECASE)


# a word narrowing what a term means, next to the verb that says what it is ("just means", "is only")
_NARROWING_WORD = r"\b(just|only|solely|purely|merely|exclusively|simply|nothing else)\b"
_NARROWING = re.compile(rf"\b(is|are|means?|meant|covers?|refers? to)\s+(literally\s+|really\s+|simply\s+)?{_NARROWING_WORD}"
                        rf"|{_NARROWING_WORD} (means?|mean|covers?|refers? to)\b|\bnothing else\b"
                        rf"|^\W*(is|are)\b[^?]*?{_NARROWING_WORD}", re.IGNORECASE)


def _narrows_term(evidence: Evidence) -> bool:
    """ "Does social scanning just mean gender scans?", "Is social scanning only ...?": a defined term the
    question names, then a word that narrows what it is said to be."""
    asked = evidence.asked or ""
    narrowing = _NARROWING.search(asked)
    if narrowing is None:
        return False
    word = re.search(_NARROWING_WORD, narrowing.group(0), re.IGNORECASE)
    before = set(content_stems(asked[: narrowing.start() + (word.start() if word else 0)]))
    return any(stems and set(stems) <= before for stems in evidence.definition_passages.values())


# A sentence's opening "In line with the position of our member organisations, ...": it says whom the
# rule agrees with. What disagreeing is called in a question about it.
_AGREES_WITH = re.compile(r"^\s*(in line with|consistent with|in accordance with|in agreement with|in keeping with|in step with)\s+(?P<party>[^,]+),",
                          re.IGNORECASE)
_DISAGREES = re.compile(r"\b(against|out of (line|step|kilter)|at odds|contrary to|conflicts?|clash\w*|disagree\w*|differs?|different"
                        r"|departs?|breaks? (ranks|with)|goes? its own way|defy\w*|diverg\w*|inconsistent|overrul\w*)\b", re.IGNORECASE)
_AGREEMENT_ASKED = re.compile(r"\b(in line|in step|line(s|d)? up|agree\w*|align\w*|consistent|accordance|in keeping|same|share[sd]?|support\w*"
                              r"|back(s|ed|ing)?|echo\w*|follow\w*|match\w*|mirror\w*|reflect\w*|endors\w*|wish(es)?|views?|position"
                              r"|stance|on board|side with|together|united|own accord|alone)\b", re.IGNORECASE)
AGREEMENT_WORDS_MIN = 2  # of the party's words ("member", "organisations"): one ("position") is any question's
AGREEMENT_REACH = 7  # words after "in line with" / "against the wishes of" in which the party is named


def _agreement_asked(info: QuestionInfo, evidence: Evidence) -> Decision | None:
    """ "Is CASE's position in line with its member organisations?", "Did CASE take this position against
    their wishes?": a close sentence says whom its rule agrees with, and the question asks that, not
    whether the rule's condition holds of something. Not for a question negated otherwise ("... agree
    that courses shouldn't be accredited?"): its "not" may be the rule's. Nor for an alternative question
    ("Is that a fair description, or is CASE's position shared by those bodies?"): its first half is asked."""
    if info.negated or info.alternative:
        return None
    asked = evidence.asked or ""
    for s in evidence.sentences[:3]:
        m = _AGREES_WITH.match(s.text)
        if m is None:
            continue
        party = set(content_stems(m.group("party"))) - evidence.issuer
        if len(s.matched & party) < AGREEMENT_WORDS_MIN:
            continue
        # (the agreeing said of the party, a few words before it: "in line with its member organisations",
        # "against the wishes of its own member organisations"; not "I sit on a member organisation's
        # board and we agree that ...")
        named = party - {stem("position")}
        relation = next((m for pattern in (_DISAGREES, _AGREEMENT_ASKED) for m in pattern.finditer(asked)
                         if set(content_stems(" ".join(asked[m.end():].split()[:AGREEMENT_REACH]))) & named), None)
        if relation is not None:
            return Decision(Verdict.NO if relation.re is _DISAGREES else Verdict.YES, [s])
    return None


def _alternative(info: QuestionInfo, evidence: Evidence) -> Decision | None:
    """ "Does CASE accredit individuals or just courses?" offers two answers. Each alternative is
    answered by the rule that says most of its words (weighted), the first alternative's words
    including the frame the second leaves unsaid ("CASE", "accredit"); the verdict is the first
    alternative's, with the rule on the second quoted after it. Without a rule speaking to a word
    of the first alternative outside that frame, the second's rule is quoted as information."""
    split = split_alternatives(evidence.asked) if evidence.asked else None
    if split is None:
        return None
    first, second = (set(content_stems(side)) & set(evidence.weights) for side in split)
    if not first - second or not second - first:
        return None

    def best_for(side: set[str], own: set[str]) -> SentenceEvidence | None:
        fitting = [s for s in evidence.sentences if s.rule and s.matched & own]
        return max(fitting, key=lambda s: (math.fsum(evidence.weights[st] for st in s.matched & side), s.score), default=None)

    b = best_for(second, second - first)
    # The frame both alternatives share ("CASE", "accredit") is what the second one's rule also says.
    a = best_for(first, first - second - (b.matched if b is not None else set()))
    if a is None:
        return Decision(Verdict.INFO, [b]) if b is not None else None
    support = [a] + ([b] if b is not None and _distinct(a, b) else [])
    affirmed = a.negative == info.negated
    return Decision(Verdict.YES if affirmed else Verdict.NO, support)


# A list in brackets ("(PgC, PgD or MSc)", "(full awards or focused)") and its items.
_BRACKETED_LIST = re.compile(r"\(([^()]*\b(?:or|and)\b[^()]*)\)")
_LIST_SEPARATOR = re.compile(r",|\band/or\b|\bor\b|\band\b", re.IGNORECASE)
# "If I only have a PgC", "someone who has only completed a PgC": the asker's situation, not the rule, is limited
_ASKERS_OWN = re.compile(r"\b(i|we|you|he|she|they|who|has|have|had|having|if|am|was|were)\s+$|['’](ve|d|m)\s+$", re.IGNORECASE)
_ONLY_ASKED = re.compile(r"(?<![-‐])\b(only|solely|exclusively)\b", re.IGNORECASE)  # not "X-only", which names X


def _names_only_some_of_its_list(asked: str, rule: str) -> bool:
    """The question limits something, with "only", to some of the items the rule lists ("only ... an
    MSc" against "(PgC, PgD or MSc)")."""
    only = next((m for m in _ONLY_ASKED.finditer(asked)
                 if not _ASKERS_OWN.search(asked[: m.start()])), None)
    if only is None:
        return False
    limited = set(content_stems(asked[only.end():]))
    for m in _BRACKETED_LIST.finditer(rule):
        items = [set(content_stems(part)) for part in _LIST_SEPARATOR.split(m.group(1))]
        items = [i for i in items if i]
        named = [i for i in items if i <= limited]
        if len(items) > 1 and 0 < len(named) < len(items):
            return True
    return False


def _contrasted(info: QuestionInfo, evidence: Evidence) -> Decision | None:
    """ "CASE accredits courses, not individual people's practice?" claims X and denies Y. Y is answered
    by the close rule saying most of Y's own words (and not X's word set against Y, unless both share
    it: "diagnostic courses, not gender reveal courses"); X by the close rule saying most of X's own
    words and none of Y's. The claim holds when X's rule allows and Y's rule forbids; with a rule for
    one side only, that side answers."""
    asked = evidence.asked or ""
    found = contrast(asked)
    if found is None:
        return None
    head, denied = found.head, found.denied
    y = {stem(w) for w in denied}
    x = set(content_stems(found.claimed))
    x_own, y_own = x - y, y - x
    top = evidence.sentences[0] if evidence.sentences else None
    if answered_by_a_report(asked) or (top is not None and not top.rule and top.matched & x_own and top.matched & y_own):
        return None  # a sentence that reports the contrast itself ("not for diagnostic purposes but ...") answers
    rules = [s for s in evidence.sentences[:CONTRAST_RULES] if s.rule]

    def weight(s: SentenceEvidence, own: set[str]) -> float:
        return math.fsum(evidence.weights.get(st, 0.0) for st in s.matched & own)

    head_stem = stem(head)
    # (a rule that doesn't say the asked verb speaks of something else done: "regulates" is not "register")
    rules = [s for s in rules if s.verb_said is not False]
    b = max((s for s in rules if s.matched & y_own and (head_stem in y or head_stem not in content_stems(s.text))),
            key=lambda s: (weight(s, y_own), s.score), default=None)
    a = max((s for s in rules if s is not b and s.matched & x_own and not s.matched & y_own),
            key=lambda s: (weight(s, x_own), s.score), default=None)
    if a is None and b is None:
        return None
    holds = (a is None or not a.negative) and (b is None or b.negative)
    affirmed = holds != info.negated
    return Decision(Verdict.YES if affirmed else Verdict.NO, [r for r in (a, b) if r is not None])


_DENYING = re.compile(r"^(not|no|never|without|lacks?|lacking|lacked|devoid|n['’]t|isn['’]t|aren['’]t|wasn['’]t|doesn['’]t|don['’]t)$", re.IGNORECASE)
_POSSIBLY = re.compile(r"\b(ever|sometimes|occasionally|possibly|could|might)\b|\bcan\b(?!['’]t)", re.IGNORECASE)
# Words that only make a thing the defined term ("not be classed as", "outside what CASE would call")
_CLASSING = frozenset("be been being count counts counted as class classed classified considered regarded deemed seen "
                      "treated called a an really actually what case calls call means defines of would could".split())
DENIAL_REACH = 3  # words before the condition's first word a denial of it may stand
TERM_DENIAL_REACH = 5  # words before the term a denial of it may stand ("... not be classed as social scanning")


def _denial(word: str) -> bool:
    """A word that denies what follows it ("not", "isn't", "without", "outside")."""
    return bool(_DENYING.match(word)) or word.lower() == "outside"


def _words_before(toks: list[str], stems: set[str], reach: int) -> list[str] | None:
    """The ``reach`` words before the first of ``toks`` whose stem is one of ``stems``, or None if none is."""
    first = next((i for i, w in enumerate(toks) if stem(w.lower()) in stems), None)
    return None if first is None else toks[max(0, first - reach):first]


def _denies_term(toks: list[str], term: tuple[str, ...]) -> bool:
    """Does a denial stand just before the defined term ("doesn't count as social scanning", "is X not
    social scanning?"), rather than elsewhere ("does its position on social scanning mean it can't be ...")?"""
    before = _words_before(toks, set(term[:1]), TERM_DENIAL_REACH) or []
    denial = max((i for i, w in enumerate(before) if _denial(w)), default=None)
    # only the verb that makes it the term may stand between ("not run by the NHS social scanning" denies
    # something else)
    return denial is not None and all(w.lower() in _CLASSING for w in before[denial + 1:])


def _denies_condition(asked: str, core: SentenceEvidence, example: SentenceEvidence) -> bool:
    """Does the question deny the condition it asks of the example ("... *lack* clinical justification?",
    "... *not* clinically justified?"), rather than say "no"/"not" of something else ("a clinic not run by
    the NHS")?"""
    before = _words_before(words(asked), core.matched - example.matched, DENIAL_REACH) or []
    return any(_DENYING.match(w) for w in before)


def _condition_asked_of_example(best: SentenceEvidence, evidence: Evidence) -> SentenceEvidence | None:
    """The definition's negated core sentence ("... where there is no clinical justification ..."), when
    the question matches the definition's examples ("may include ... souvenir images") and asks the
    condition of them with words only the core says; else None."""
    term = evidence.definition_passages.get(best.passage_id)
    if term is None or not _HEDGE.search(best.text):
        return None
    asked = set(evidence.query_stems) - set(term)
    core = next((s for s in evidence.sentences if s.passage_id == best.passage_id and s is not best and s.negative
                 and (s.matched - best.matched) & asked), None)
    # the question must name an example, not share a word with one ("reduced fetal movements" says only
    # the "fetal" of "fetal sexing")
    return core if core is not None and len(best.matched - set(content_stems(core.text))) >= 2 else None


def _definition_for(rule: SentenceEvidence, evidence: Evidence) -> list[SentenceEvidence]:
    """When the question reached the rule through a defined term, quote the definition too:
    it is what connects the asker's words to the rule."""
    rule_stems = set(content_stems(rule.text))
    used = {
        pid
        for pid, stems in evidence.definition_passages.items()
        if set(stems) <= rule_stems and not set(stems) <= evidence.all_stems  # the asker didn't use the term
    }
    if not used or rule.passage_id in used:
        return []
    return _definition_sentences(evidence, used)


def _definition_sentences(evidence: Evidence, passages: set[str]) -> list[SentenceEvidence]:
    candidates = [s for s in evidence.sentences if s.passage_id in passages]
    if not candidates:
        return []
    # A short definition is quoted whole: its examples are usually what the asker's words matched.
    same = sorted((s for s in candidates if s.passage_id == candidates[0].passage_id), key=lambda s: s.start)
    if len(same) > 1 and same[-1].end - same[0].start <= MAX_WHOLE_DEFINITION:
        return [replace(candidates[0], start=same[0].start, end=same[-1].end, text="")]
    return candidates[:1]


def _condition_unsettled(rule: SentenceEvidence, evidence: Evidence) -> bool:
    """The rule is limited by a condition, and the question says nothing beyond the rule's head
    ("Would a focused course be accredited?" against "CASE will not accredit courses (full awards
    or focused) that prepare trainees solely for ..."): whether it applies depends on the condition."""
    qualifier = _QUALIFIER.search(rule.text)
    if not qualifier or not evidence.all_stems:
        return False
    head = set(content_stems(rule.text[: qualifier.start()]))
    return evidence.all_stems <= head
