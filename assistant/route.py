"""Route: is there evidence that answers this question at all? If not, it is not_covered."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .asker import claimed_asker, report_of_asking
from .evidence import COVERAGE_MIN, Evidence
from .issue_date import asked_issue_date
from .text import content_stems
from .question import QuestionInfo, asks_about_admission, asks_practice_permission, looks_foreign

# COVERAGE_MIN (evidence.py): share of the question's weighted words the evidence must cover.
SENTENCE_SCORE_MIN = 0.25
# Questions whose answer is an amount (time, money, count) need evidence that states one.
_HOW_MUCH = re.compile(r"\bhow (many|much|long|often|soon|quickly)\b", re.IGNORECASE)
_QUANTITY_Q = re.compile(
    r"\bhow (many|much|long|often|soon|quickly)\b|\b(fees?|costs?|price[sd]?|pricing|charges?|charged|pay|paid|deadline|duration|hours)\b",
    re.IGNORECASE,
)


# "Is it legal to ...?", "against the law": whether something is lawful. The statements say that
# statutory regulation is needed, not what the law allows.
# "a legal regulator", "legally regulated" ask about statutory regulation, which they do speak of.
_LEGALITY = re.compile(r"\b(legal(ly)?|illegal(ly)?|lawful(ly)?|unlawful(ly)?|against the law|break(s|ing)? the law|legislation allows?)\b"
                       r"(?!\s+(regulat|oversight|framework))", re.IGNORECASE)


# "When will CASE update the statement?", "When is CASE planning to review it?": not its issue date
_FUTURE = re.compile(r"\b(will|going to|planning|plan(s|ned)? to|next|upcoming|future|update[sd]?|review(ed)?|revis\w*|replace[sd]?|expire[sd]?|lapse[sd]?)\b",
                     re.IGNORECASE)


# "Are lots of keepsake scans bad for the baby?", "Is 4D scanning harmful to my unborn child?": whether
# scanning harms a pregnancy. The statements speak of safe, competent *trainees*, not of scans' effects.
_HARM_TO_PREGNANCY = re.compile(
    r"\b(scans?|scanning|ultrasound|[34]d|it|they|these|those)\b[^.?!]{0,40}?"
    r"\b(bad|harmful|harm|harms|dangerous|unsafe|safe|safer|safety|risky|risks?|hurt|hurts|damage|damaging|side[- ]effects?)\b"
    r"[^.?!]{0,50}?\b(for|to|on|during|in)\s+(the |my |a |your |our |an |her |their )?"
    r"(baby|babies|bump|fetus|foetus|unborn|pregnan\w*|mum|mother|mothers|woman|women)\b",
    re.IGNORECASE)
# ("harm the baby", "hurt my baby")
_HARMS_A_PREGNANCY = re.compile(
    r"\b(harm|harms|hurt|hurts|damage|damages|affect|affects)\s+(the |my |a |your |our |her )?(baby|babies|bump|fetus|foetus|unborn|pregnancy)\b",
    re.IGNORECASE)


# ("the thermal safety of 4D ultrasound", "risks from repeated scans")
# (the scan itself: not "patient safety from social scanning", "the risks of unregulated scanning")
_SAFETY_OF_SCANS = re.compile(r"\b(safety|risks?|dangers?|harms?|side[- ]effects?|bio[- ]?effects?)\s+(of|from)\s+"
                              r"((repeated|frequent|multiple|many|lots of|the|these|those|such|extra|more|[34]d|3d/4d|hd|thermal)\s+)*"
                              r"(scans?|scanning|ultrasound)\b", re.IGNORECASE)


# (only of the law: "When will I be able to register?" is answered by the rule's "on completion")
_WILL_HAPPEN = re.compile(r"\b(will|going to|gonna|planning to|plan(s|ned)? to|expected to|due to|ever)\b[^?]{0,60}"
                          r"\b(regulat\w*|law|laws|legislat\w*|statutory|parliament|government)\b"
                          # ("when is the government planning to bring it in?")
                          r"|\b(regulat\w*|law|laws|legislat\w*|statutory|parliament|government|ministers?)\b[^?]{0,40}"
                          r"\b(will|going to|gonna|planning to|plan(s|ned)? to|expected to|due to)\b", re.IGNORECASE)
# ("are trainees safe and competent to scan pregnant women?": whether people are safe, which the statement speaks to)
_ABOUT_PRACTITIONERS = re.compile(r"\b(trainees?|practitioners?|sonographers?|staff|students?|graduates?|people|competent|practi[sc]e)\b",
                                  re.IGNORECASE)


# Issuing said of "this"/"it" with no title: "when did they put this out?", "when did it come out?"
_ISSUED_IT = re.compile(r"\b(put|putting|bring|brought|bringing)\s+(this|it|that)\s+out\b"
                        r"|\b(did|does|has|had)\s+(this|it|that)\s+(first\s+)?come\s+out\b|\b(this|it|that)\s+(first\s+)?came\s+out\b"
                        r"|\b(publish|issue|release)(ed|d)?\s+(this|it|that)\b"
                        r"|\b(was|is)\s+(this|it|that)\s+(first\s+)?(published|issued|released|put out|brought out|written)\b",
                        re.IGNORECASE)


# "Does CASE publish a list of courses it has turned down?", "Has CASE also published a position statement
# on point-of-care ultrasound?": whether CASE puts out some other document. The statements are the only
# documents they speak of. (Not the statement asked about: "did CASE issue its social scanning statement?")
_PUTS_OUT = (r"\b(does|do|did|has|have|will|is|are)\s+(case|they|it|you)\s+((also|ever|already|actually|even|still)\s+)*"
             r"(publish|issue|produce|release|put out|keep|maintain|hold|run|have|has|offer|provide)(e?s|e?d|ing)?\s+")
_OTHER_KIND_OF_DOCUMENT = re.compile(
    _PUTS_OUT + r"(a|an|any|some|another|other|their|its|your)?\s*((public|official|online|searchable|full|separate|further|similar)\s+)*"
    r"(list|register|directory|database|report|reports|faq|leaflet|newsletter|league table|ranking)\b", re.IGNORECASE)
_OTHER_DOCUMENT = re.compile(
    _PUTS_OUT + r"((another|other|any other|a separate|a second|more|further)\s+((position\s+)?statements?|guidance|polic(y|ies)|documents?)\b"
    r"|(a|any)\s+((position\s+)?statements?|guidance|polic(y|ies))\s+(on|about|covering|for)\s+(?P<topic>[^?.!]+))",
    re.IGNORECASE)


@dataclass(frozen=True)
class Route:
    covered: bool
    reason: str
    flag: str | None = None  # recorded on the Answer, e.g. "not_english"
    # Settled by what the question is (not English, asks the statement's date, asks what a practitioner
    # may do or what the law allows), not by how much of it the statements say: the learned coverage
    # model does not overrule it.
    firm: bool = False


def route(evidence: Evidence, question: str, info: QuestionInfo | None = None, own_words: str | None = None) -> Route:
    """own_words: what the user typed, when the question was rewritten from a follow-up."""
    if looks_foreign(question):
        return Route(False, "not in English; the statements are answered in English only", "not_english", firm=True)
    if info is not None and info.wh == "when" and _ISSUED_IT.search(question) and not _FUTURE.search(question):
        # "when did they put this out?": asked of the assistant, "this" is the statement it answers from
        return Route(True, "asks when the statement was issued (document metadata)", firm=True)
    if not evidence.query_stems:
        return Route(False, "the question names no subject", firm=True)
    if not evidence.sentences:
        return Route(False, "nothing retrieved", firm=True)
    best = evidence.sentences[0]
    asked = evidence.asked or question
    yesno = info is None or info.kind == "yesno"
    if info is not None and info.wh == "when" and evidence.names_document:
        if _FUTURE.search(asked):
            return Route(False, "asks what will become of a statement; the statements say only when they were issued", firm=True)
        return Route(True, "asks when a statement it names was issued (document metadata)", firm=True)
    if info is not None and info.kind == "yesno" and evidence.names_document and asked_issue_date(asked) is not None:
        return Route(True, "asks whether a statement it names was issued on a date (document metadata)", firm=True)
    if info is not None and info.wh == "when" and _WILL_HAPPEN.search(asked):
        # "When is the UK going to bring in regulation?": the statements give no date for what is to come
        return Route(False, "asks when something will happen; the statements give no such date", firm=True)
    if yesno and claimed_asker(asked) is not None and report_of_asking(evidence) is not None:
        # "Was it issued because the Department of Health asked?": the statement reports who asked
        return Route(True, "asks who asked for the statement; the statement reports who did", firm=True)
    other = _OTHER_DOCUMENT.search(asked)
    # (a statement "on" a topic the statements speak of is this one: "any guidance about gender reveal scans?")
    topic = set(content_stems(other.group("topic"))) if other and other.group("topic") else set()
    unsaid = topic - {st for s in evidence.sentences for st in content_stems(s.text)}
    # (a list or register is never the statement, whatever it is a list of: "a list of courses turned down
    # for being social scanning courses")
    if yesno and (_OTHER_KIND_OF_DOCUMENT.search(asked)
                  or not evidence.names_document and other and (not topic or 2 * len(unsaid) >= len(topic))):
        return Route(False, "asks whether CASE publishes another document; the statements speak only of themselves", firm=True)
    if ((_HOW_MUCH.search(asked) or own_words and _HOW_MUCH.search(own_words))
            and not any(s.quantity for s in evidence.sentences[:3])):
        # ("how much would that cost?": settled by its form, however little else of it the statements say)
        return Route(False, "asks for a quantity the statements don't give", firm=True)
    if evidence.coverage < COVERAGE_MIN:
        return Route(False, f"coverage {evidence.coverage:.2f}; not in the statements: {', '.join(evidence.uncovered)}")
    if evidence.focus_uncovered and not (info is not None and info.wh == "when"):
        # "Which universities ...?", "Can X be struck off?": the asked thing itself is not in the
        # statements, however much of the question's frame is.
        return Route(False, f"asks about {', '.join(evidence.focus_uncovered)}, which the statements don't say")
    if evidence.unknown_names:
        return Route(False, f"names {', '.join(evidence.unknown_names)}, which the statements never mention")
    if evidence.unnamed:
        return Route(False, f"asks which {', '.join(evidence.unnamed)}; the statements name none")
    if evidence.subject_unsaid:
        # (firm: what a body the statements only name does is its own to say, however near the words)
        return Route(False, f"asks what {' '.join(evidence.subject_unsaid)} does or says; the statements only refer to it", firm=True)
    if asks_about_admission(asked) and yesno:
        return Route(False, "asks whom a programme admits; the statements say which courses CASE accredits", firm=True)
    if asks_practice_permission(asked) and yesno:
        return Route(False, "asks what a practitioner may do; the statements say which courses CASE accredits", firm=True)
    if ((_HARM_TO_PREGNANCY.search(asked) or _HARMS_A_PREGNANCY.search(asked) or _SAFETY_OF_SCANS.search(asked))
            and not _ABOUT_PRACTITIONERS.search(asked)):
        return Route(False, "asks whether scanning harms a pregnancy; the statements don't say", firm=True)
    if _LEGALITY.search(asked) and yesno:
        return Route(False, "asks what the law allows; the statements don't say", firm=True)
    if best.score < SENTENCE_SCORE_MIN:
        return Route(False, f"best sentence scores {best.score:.2f}")
    asks_amount = _QUANTITY_Q.search(asked) or (own_words and _QUANTITY_Q.search(own_words))
    if asks_amount and not any(s.quantity for s in evidence.sentences[:3]):
        # (not firm: "fees", "paid" may be said in passing, "courses for people who want to be paid for
        # souvenir scans"; "how much / how long", settled by its form, was routed above)
        return Route(False, "asks for a quantity the statements don't give")
    return Route(True, f"coverage {evidence.coverage:.2f}, best sentence {best.score:.2f}")
