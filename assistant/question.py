"""What kind of question this is: yes/no, a wh-question, and whether it is phrased negatively."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple
from dataclasses import dataclass, replace

from .text import STOPWORDS, words

_AUX = {
    "can", "could", "will", "would", "is", "are", "does", "do", "did", "may", "might", "should",
    "shall", "am", "has", "have", "was", "were", "must", "isnt", "arent", "doesnt", "cant", "wont",
}
_WH = {"what", "why", "when", "who", "whom", "whose", "which", "where", "how"}
# Words that open a question without being part of it ("yo does a CASE PgC count ...?", "so am I ...")
_OPENERS = frozenset("so and but also please hi hello hey hiya yo oi ok okay then well um erm hmm".split())
OPENER_WORDS = "|".join(sorted(_OPENERS))
_YESNO_PHRASES = re.compile(
    r"\b(is it (possible|ok|okay|allowed|permitted|true)|am i (allowed|able|eligible)|are we (allowed|able|eligible)"
    r"|allowed to|permitted to|eligible|any chance|possible to|yes or no"
    # "it's correct that CASE won't ...?", "am I right in thinking ...": a claim put forward to be checked
    r"|(?<!\bin )(?<!\bthe )\b(true|correct|right|accurate|fair to say|the case) that|am i (right|correct) (in thinking|to think|in saying)"
    # "just tell me CASE will sign off my course": to be told that something is so
    r"|tell (me|us) (that )?(?!(what|how|which|who|whom|whose|why|when|where|about|more|if|whether)\b)\w+ (will|would|can|could|does|do|is|are|has|have|accredits?|won't|doesn't|must|should|(has|have) to)\s+\w{3,}"
    r"|(confirm|verify|tell (me|us)|let (me|us) know) (to (me|us|them|((this|the|that|our|my|your|these|those|all) )?([\w-]+ )?"
    r"(users?|persons?|people|clients?|customers?|applicants?|students?|trainees?|parents?|patients?|leads?|team|staff)) |for (me|us) )?(that|whether|if)"
    # "State clearly that CASE accredits X", "I demand you confirm CASE accredits X": a claim to check
    r"|(confirm|state|admit|acknowledge|agree|declare|verify|say)( (clearly|publicly|now|officially|to (me|us)))*( that)? case\b"
    # an indirect yes/no question: "could you clarify whether ...", "I'm wondering if ..."
    r"|(clarify|check|advise|know|wonder(ing)?|ask(ing)?|find out|unsure|not sure)\b"
    r"((?!\b(what|how|which|who|why|when|where)\b)[^.?!]){0,20}\b(whether|if))\b"
    # a tag ending the message: "..., right?", "... - correct?", "..., right" (outside the \b group: it
    # ends in punctuation)
    r"|[,\-–—.]\s*(right|correct|true|yeah|yes|innit|am i right|is that right|is that correct|true or false|true or not)\s*[?.!]*\s*$",
    re.IGNORECASE,
)
_LEADING_NEGATIVE_AUX = re.compile(
    r"\s*((so|and|but|well|ok|okay|surely|hang on|wait)[,\s]+)*(isn|aren|doesn|don|didn|won|wouldn|can|couldn|shouldn|wasn|weren|hasn|haven)['’]?t\b",
    re.IGNORECASE,
)
_NEGATED = re.compile(
    r"\b(not|cannot|never|no (real |urgent |pressing )?need|no (real |easy |reliable )?way (of|to)|unnecessary|needless|refusals?|prohibitions?|exclusions?|refuse[sd]?|reject(s|ed)?|ban(s|ned)?|forbid(s|den)?|prohibit(s|ed)?|exclude[sd]?|ineligible|disallow(s|ed)?|no longer"
    r"|rul(e|es|ed|ing) out|object(s|ed|ing)? to|(?<!\bas )oppos(e|es|ed|ing)|turn(s|ed|ing)? down|declin(e|es|ed|ing)|(is|are|be|being)\s+(\w+\s+)?against"
    r"|outside\s+(of\s+)?(the\s+|its\s+|their\s+|\w+['’]s\s+)?(remit|scope|responsibility|role|job|purview|business|patch|territory|turf|area)"
    r"|outside\s+(of\s+)?what\s+(case|it|they|we|you)\s+(does|do|covers?|is for|are for|handles?|deals? with|(would |could )?(calls?|means?|defines?|counts? as))\b|nothing to do with|inability|unable|absence|lack of|closed to|ignor(e|es|ed|ing)|disregard(s|ed|ing)?|(deviat|depart)(e|es|ed|ing) from|(stop(s|ped|ping)?|prevent(s|ed|ing)?|bar(s|red|ring)?|disqualif(y|ies|ied|ying))\s+(\w+\s+){0,4}?(from|being))\b|n['’]t\b",
    re.IGNORECASE,
)


_DATE_Q = re.compile(r"\b(what|which) (year|date|month)\b|\bhow (recent|old)\b", re.IGNORECASE)
_UNIVERSAL = re.compile(r"\b(always|every time|in (all|every) cases?|automatically|necessarily|without exception)\b", re.IGNORECASE)
# Something said to be one part of a course or scan ("a course that covers fetal sexing", "including a
# session on the baby's sex", "tells parents the sex during a scan"): a rule on courses or scans solely
# for it doesn't settle whether the whole is (unless the message says it is all: _SOLE).
_PART_OF = r"(session|module|unit|lecture|seminar|section|element|component|topic|bit|part|day|week|workshop)s?"
_PARTIAL = re.compile(
    # (not "does that include ...?" nor "Does the refusal ... cover ...?", which ask what a term or rule covers)
    r"(?<!\bdoes )(?<!\bdo )(?<!\bdid )(?<!\bwould )(?<!\bwill )(?<!\bcan )(?<!\bcould )(?<!\bmight )"
    r"\b(that|which|they)\s+(also\s+)?(cover|covers|covered|include|includes|included|contain|contains|features?|incorporates?)\b"
    r"|\b(it|course|programme|module|training|curriculum|syllabus|degree|award|pgc\w*|pgd\w*|msc)\s+(also\s+)?"
    r"(covers|covered|includes|included|contains|features|incorporates|touches on)\b"
    # ("including a session on ...", not "including 4D bonding scans", which names what the course is for)
    rf"|\b(with|has|have|add|adding|had|including|a|an|one|some)\s+(\w+\s+)?{_PART_OF}\s+(on|about|in|covering)\b"
    # "teaching on fetal sex ... within a full diagnostic obstetric programme"
    r"|\b(within|inside|as part of|part of) (a|an|the|their|our|my|your|any) ([\w-]+ ){0,3}"
    r"(programme|program|course|curriculum|degree|msc|pgc\w*|pgd\w*|award)s?\b"
    r"|(?<!\bas )\bpart of\b(?! (our|my|the|a|an|this|their) (business|plan|strategy|push|drive|effort|review|project))"
    r"|\bduring (a|the|their|her|his|my|our|your) (\w+\s+)?(scan|scans|examination|appointment)\b"
    r"|\b(partly|partially|in part)\b",
    re.IGNORECASE)
_RULE_REACH = re.compile(r"\b(ban|refusal|rule|restriction|exclusion|prohibition|policy|position|statement)\b[^?.]{0,50}?"
                         r"\b(cover|covers|apply|applies|include|includes|extend|extends|reach|reaches)\b", re.IGNORECASE)
_INCLUSION = re.compile(r"\b(include[sd]?|including|cover(s|ed)?|encompass(es|ed)?|take[sn]? in)\b", re.IGNORECASE)
# "I just had a 4D scan", "I only found out afterwards": when, not how much
_TEMPORAL = re.compile(r"\bjust (had|got|been|booked|done|found|seen|gone|come|started|finished|heard|read)\b"
                       r"|\bonly (just|found|realised|realized|learned|learnt|heard|later|afterwards|recently)\b", re.IGNORECASE)
# ("only partly for that", "only a small part of a wider course" say part of it, not all)
_SOLE = re.compile(r"\b(only(?!\s+((a|an|one)\s+)?((small|minor|tiny|little|short)\s+)?(partly|partially|in part|part|bit|fraction|portion|element|session|module|unit|lecture)\b)|just|solely|purely|exclusively|entirely|simply|nothing but|sole)\b|\w-only\b", re.IGNORECASE)
# A claim about every thing of a kind ("any course regardless of what it's for", "every programme,
# whatever its purpose"), which a rule limited by a condition denies.
# ("all courses" alone is not such a claim: "all courses for medical diagnosis" narrows it.)
# ("stopped accrediting focused courses altogether", "a blanket ban on obstetric courses")
_EVERY = re.compile(r"\b(regardless|irrespective|whatever (its|their|the)|no matter (what|how|who|why)|altogether|across the board"
                    r"|blanket|wholesale)\b", re.IGNORECASE)
_COPULAR = re.compile(r"\b(count|counts|counted|considered|class|classes|classed|deemed|regarded as|classified|called|call|calls|include|includes|including|mean|means|cover|covers|fall under|falls under|qualify as|qualifies as|defined|define|defines|definition|makes? (it|that|this|them)( into)?|turns? (it|that|this) into)\b", re.IGNORECASE)
_WHOLLY = re.compile(r"\b(entirely|wholly|solely|purely|exclusively|100%|all of it|only ever)\b", re.IGNORECASE)
# Two things together: "both X and Y", "X as well as Y", "X, but there's also a unit on Y", "X; it also
# covers Y", "X plus a module on Y". Read in the whole message: an email's background often describes
# the course ("Our course covers X, but also Y. Could it be accredited?").
_COMBINED = re.compile(
    r"\bboth\b[^.?!]+\band\b(?!\s+(i|we|me|us|you|he|she|they)\b)|\bas well as\b|\band also\b|\bbut (there('s| is| are| will be) )?also\b|\bthere('s| is| are) also\b"
    r"|\balso (includ|cover|teach|train|prepar|deliver|provid|incorporat|involv|contain|feature|offer|run|has\b|have\b|ha[sd] (a|an|some)\b)\w*|\bplus (a|an|some|one)\b"
    r"|\balongside\b|\bin addition to\b|\bcombin(es|ed|ing)\b|\bhalf\b[^.?!]+\bhalf\b|\bpartly\b[^.?!]+\bpartly\b"
    # "... half our scans are referred, the rest are keepsakes. One course that covers both."
    r"|\b(covers?|covering|teach(es|ing)?|does|do|includ(es|ing)|train(s|ing)? (staff |people |them )?(for|in)) both\b(?!\s+\w+\s+and\b)",
    re.IGNORECASE,
)
# "X or just Y?", "X, or is it only Y?": an alternative question. It offers two answers rather than
# asking whether one thing holds, so the second alternative must not be read as part of the first.
# Only a restricting adverb or a second question after "or" marks it: "a PgC or a PgD" is one thing.
# The "or" is found on its own (the first that qualifies): one anchored pattern with lazy groups took
# quadratic time on a long message.
_ALTERNATIVE_OR = re.compile(
    r"[,;]?\s+or\s+(?=(?:else\s+)?(?:just|only|merely|simply|rather|instead|purely|exclusively)\b"
    r"|(?:is|are|does|do|did|can|could|will|would|should|must|has|have)\s+(?:it|they|that|this|there|you|he|she|we|i)\b)"
    # "..., or is private keepsake work also acceptable?": after a comma, a second question of its own
    r"|[,;]\s+or\s+(?=(?:is|are|does|do|can|could|will|would|should|must)\s+[\w'’]+\s+\w+)",
    re.IGNORECASE,
)
# "tell whether X or not" asks whether X; "accredit a course whether it is for diagnosis or not" means regardless
_OR_NOT = re.compile(r"\b(tell|know|see|check|say|ask|wonder|wondering|sure|decide|find out|work out|spot)\b"
                     r"(\s+[\w'’-]+){0,3}?\s+(whether|if)\b[^?]{0,120}?\bor not\b"
                     # ("Is that true or not?", "... right or not?": the question offers both answers)
                     r"|\b(true|right|correct|so|allowed|ok|okay|possible|accredited|accreditable)\s+or not\b", re.IGNORECASE)
# "what they should and shouldn't do", "the do's and don'ts": both ways round, so no negation of what is asked
# (only what someone may or may not do, after "what": "courses that do or don't prepare ..." means either way)
_BOTH_WAYS = re.compile(r"\bwhat\s+([\w'’]+\s+){0,2}(should|can|could|may|must)\s+and\s+"
                        r"(shouldn['’]?t|should not|can['’]?t|cannot|can not|couldn['’]?t|could not|may not|mustn['’]?t|must not)\b"
                        r"|\bdo['’]?s\s+and\s+don['’]?ts\b", re.IGNORECASE)
# "X, as long as it has a safety module": the asker's own proviso (see SentenceEvidence.proviso_foreign)
PROVISO = re.compile(r"\b(as long as|so long as|provided( that)?|providing( that)?|on (the )?condition( that)?)\s+(?P<proviso>[^,;?.!]+)",
                     re.IGNORECASE)
# "would not turn down X", "never refuses X": a denied refusal allows, so the two negations cancel
# (not "Would CASE not refuse X?": a "not" straight after the opening auxiliary and its subject asks as
# "Wouldn't CASE refuse X?" does)
_DOUBLE_NEGATIVE = re.compile(r"(?<!^)\b(not|never|n['’]t)\s+(\w+\s+)?(refus\w*|reject\w*|turn(s|ed|ing)? down|ban(s|ned)?|exclud\w*|forbid\w*"
                              r"|prohibit\w*|rul(e|es|ed|ing) out|declin(e|es|ed|ing) to|disallow\w*|object(s|ed|ing)? to|oppos(e|es|ed|ing))\b",
                              re.IGNORECASE)
_NOT_SOLELY = re.compile(r"(\bnot|\bnever|n['’]t)\s+(\w+\s+)?(solely|only|just|purely|exclusively|entirely|wholly|all about)\b", re.IGNORECASE)
_OPENING_AUX_SUBJECT = re.compile(r"^\W*((so|and|but|well|ok|okay)[,\s]+)*(can|could|will|would|is|are|does|do|did|may|might|should|shall|has|have|was|were|must)"
                                  r"\s+[\w'’]+(\s+[\w'’]+)?\s+$", re.IGNORECASE)
_PLAIN_NEGATION = re.compile(r"\b(no|not|n't|without|never|none)\b", re.IGNORECASE)


@dataclass(frozen=True)
class QuestionInfo:
    kind: str  # "yesno" | "wh" | "other"
    wh: str | None
    negated: bool  # asked negatively ("will CASE refuse ...", "is it not ...")
    universal: bool = False  # "always", "in all cases": a hedge in the answer makes it depend
    copular: bool = False  # "is X ...?", "does X include ...?": asks what something is
    plain_negation: bool = False  # any "no"/"not"/"without" in the question
    procedure: bool = False  # "how do I ...": asks for steps, which position statements don't give
    combined: bool = False  # "both X and Y", "X as well as Y", "X, but also Y": two things together
    alternative: bool = False  # "X or just Y?": offers two answers (split_alternatives)
    every: bool = False  # "any course regardless of purpose": a claim about all things of a kind
    partial: bool = False  # "a course that covers X", "during a scan": X is a part of it, not said to be all
    sole: bool = False  # "only", "just", "purely", "X-only": X is said to be all of it
    inclusion: bool = False  # "does it include / cover X?": asks what a term takes in, not what one thing is


# Sentence ends: ".", "?" or "!", with any closing quote or bracket after it; and line breaks. Not the
# dot of an abbreviation that never ends a sentence ("e.g.", "i.e.", a title before a name).
_NO_END = r"(?<!\b[EeIi]\.[GgEe]\.)(?<!\b[EeIi][GgEe]\.)(?<!\b[DM]r\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bProf\.)"
SENTENCE_BREAK = re.compile(rf"(?<=[.?!]){_NO_END}\s+|(?<=[.?!][\"”’)])\s+|\n+")
_CLOSERS = "\"”’)"
# A question quoted inside a sentence ('I was asked: "Can X ...?"'): the quotation is what is asked.
_QUOTED_QUESTION = re.compile(r"[\"“‘](?P<q>[^\"“”‘’]{1,300}?\?)\s*[\"”’]")


def is_question(sentence: str) -> bool:
    """Ends with "?", inside any closing quote or bracket."""
    return sentence.rstrip(_CLOSERS + " ").endswith("?")


def quoted_question(sentence: str) -> str:
    """The question a sentence quotes (the last, if several), else the sentence itself. A quotation
    is a question when it reads as a sentence: a capital first and a few words ("Can X do Y?"), not a
    quoted term ("is it 'social scanning?'")."""
    found = [m.group("q").strip() for m in _QUOTED_QUESTION.finditer(sentence)]
    found = [q for q in found if q[0].isupper() and len(q.split()) >= 3]
    return found[-1] if found else sentence


# A question asked without a question mark: "I'd be grateful if you could clarify whether ...".
# One pattern for the question's kind (here) and for which sentences of a message ask (evidence).
INDIRECT_QUESTION = re.compile(
    r"\b(whether|wonder(ing)?|would like to know|want to know|let (me|us) know|ask(ing|ed)? (if|about)|query\w*|clarif\w*"
    r"|(could|can|would) you (please |kindly )?(tell|confirm|advise|explain|check)"
    r")\b|^\s*((just|please|pls|so|now)\s+)*(tell|confirm to|advise) (me|us)\b", re.IGNORECASE)


def _clauses(text: str) -> list[str]:
    parts = [p.strip() for p in SENTENCE_BREAK.split(text) if p.strip()]
    questions = [quoted_question(p) for p in parts if is_question(p)] or [p for p in parts if INDIRECT_QUESTION.search(p)]
    return questions or parts[-1:] or [text]


# Question words as chat spells them ("wot does it mean", "whats social scanning").
_CHAT_WH = {"wot": "what", "wat": "what", "wht": "what", "whats": "what", "wots": "what", "hows": "how",
            "whos": "who", "wheres": "where", "whens": "when", "whys": "why"}
_CHAT_WH_WORD = re.compile(r"\b(" + "|".join(_CHAT_WH) + r")\b"
                           # ("y did case put this out", "y cant they": "y" before an auxiliary is "why")
                           r"|(?<![\w'’-])(y)(?= (is|are|did|does|do|would|will|can|cant|can't|wont|won't|isnt|isn't|doesnt|doesn't|not)\b)",
                           re.IGNORECASE)


# "focused courses too, not just full awards": an additive "not just" adds to what is asked, it denies nothing
_ADDITIVE_NOT = re.compile(r",\s*(and\s+)?not\s+(just|only|merely|simply)\b", re.IGNORECASE)
_NOT_TRUE_THAT = re.compile(r"\b(is|was) it not (true|correct|right|the case) that\b", re.IGNORECASE)


def adds_to(text: str) -> bool:
    """"only partly for that", "one session on keepsakes", "it also trains diagnostic scanning": the message
    speaks of a part, or of one thing beside another, not of the whole."""
    return bool(_PARTIAL.search(text) or _COMBINED.search(text))


def analyse(text: str) -> QuestionInfo:
    """Classify the question clause(s); statements of context around a question are ignored."""
    text = _CHAT_WH_WORD.sub(lambda m: _CHAT_WH[m.group(1).lower()] if m.group(1) else "why", text)
    # ("Is it not true that X?" asks whether X, as "Is it true that X?" does: its "not" denies nothing)
    text = _NOT_TRUE_THAT.sub(lambda m: f"{m.group(1)} it {m.group(2)} that", text)
    # (the "not" of "X, not Y" denies Y; it doesn't ask the question negatively)
    base = _analyse(_CONTRAST.sub("", text))
    clause = " ".join(_clauses(text))
    return QuestionInfo(
        base.kind,
        "when" if _DATE_Q.search(clause) else base.wh,
        base.negated,
        universal=bool(_UNIVERSAL.search(clause)),
        # ("Does the ban on social scanning courses cover focused courses?" asks what a rule reaches, not what a term means)
        copular=bool(_COPULAR.search(clause)) and not _RULE_REACH.search(clause),
        plain_negation=bool(_PLAIN_NEGATION.search(_BOTH_WAYS.sub(" ", _CONTRAST.sub("", clause)))),
        procedure=_asks_procedure(clause),
        # ("half online, half in person, and entirely diagnostic": one purpose, however it is taught)
        combined=bool(_COMBINED.search(text)) and not _WHOLLY.search(text),
        alternative=base.kind == "yesno" and split_alternatives(clause) is not None,
        every=bool(_EVERY.search(clause)),
        partial=bool(_PARTIAL.search(text)) and not _SOLE.search(text),
        sole=bool(_SOLE.search(_TEMPORAL.sub(" ", text))),
        inclusion=bool(_INCLUSION.search(clause)),
    )


def split_alternatives(text: str) -> tuple[str, str] | None:
    """("does CASE accredit individuals", "just courses") for "does CASE accredit individuals or just
    courses?"; None when no asked sentence of the text is an alternative question."""
    for clause in _clauses(text):
        clause = clause.strip()
        for m in _ALTERNATIVE_OR.finditer(clause):
            if re.search(r"\w", clause[: m.start()]):
                return clause[: m.start()].strip(" ,;"), clause[m.end():].strip(" ?.!")
    return None


_POLITE = re.compile(r"^\s*(please\s+)?(can|could|would|will)\s+(you|u)\s+(please\s+|pls\s+)?(tell|explain|describe|let)\s+(me|us)?\s*(know\s+)?"
                     # ("Could you please confirm when it was issued?" asks when)
                     r"|^\s*(please\s+)?(can|could|would|will)\s+(you|u)\s+(please\s+|pls\s+)?(confirm|clarify|check|advise|say)\s+((for\s+)?(me|us)\s+)?"
                     # (not "confirm when CASE will start accrediting X": that puts forward that it will)
                     r"(?=(when|what|which|who|why|where|how)\b(?![^?]*\b(will|would|going to|gonna|start|begin)\b))", re.IGNORECASE)
_REQUEST_FOR = re.compile(r"^\s*(please\s+)?(can|could|would|will)\s+(you|u)\s+(please\s+|pls\s+)?(give|show|list|name|summari[sz]e|outline)\s+"
                          r"((me|us)\s+)?(a |an |the |some |two |three |a couple of |a few |any )?"
                          r"(examples?|list|reasons?|summary|outline|awards?|definition|kinds?|types?|guidelines?)\b", re.IGNORECASE)
_PROCEDURE = re.compile(r"\bhow\s+(do|can|could|should|would|will|must)\s+(i|we|you|one|a|my|our|they)\b|\bwhat (are the |is the )?(steps|process|procedure)\b|\bhow to\b", re.IGNORECASE)


# "how to ..." inside a relative clause ("a class that teaches how to ...") describes something; it
# doesn't ask for the steps.
_DESCRIBED_HOW = re.compile(r"\b(that|which|who)\b[^,;:?.]*\bhow\s+to\b", re.IGNORECASE)


def _asks_procedure(clause: str) -> bool:
    described = [(m.start(), m.end()) for m in _DESCRIBED_HOW.finditer(clause)]
    return any(
        not any(a < m.start() and m.end() <= b for a, b in described) for m in _PROCEDURE.finditer(clause)
    )


# A tag question ("CASE wouldn't back X, would it?", "CASE accredits X, doesn't it?") asks whether X
# holds: "no" answers both when it doesn't, so the statement's own "not" doesn't negate the question.
_TAG = re.compile(
    r",\s*(can|could|will|would|is|are|does|do|did|should|has|have|was|were|wo|ca)(n['’]?t)?\s+"
    r"(it|they|he|she|you|we|there|i|that|this)\s*\?\s*$",
    re.IGNORECASE,
)
_INVERTED = re.compile(r"\b(can|could|will|would|is|are|does|do|did|may|might|should|am|must) (i|we|you|they|it|that|this|he|she|case)\b(?!\W*$)",
                       re.IGNORECASE)
_CONDITION = re.compile(
    # ("OK, but what if it's only a short module - could that one be accredited?": the condition, then the question)
    r"\s*((ok(ay)?|so|and|but|right|hmm+|then|well)[,.]?\s+)*((what|how)( about)? if|if|when|whenever|suppose|supposing|assuming|say|given|where)\b"
    r"(?!\s+(can|could|will|would|is|are|does|do|did|may|might|should|shall|has|have|was|were|must)\b)",  # "When will ...?" asks when
    re.IGNORECASE,
)


def _after_inversion(clause: str) -> str | None:
    """The clause from its last auxiliary-before-subject that isn't at its start ("... am i ok to ..."), or None."""
    starts = [m.start() for m in _INVERTED.finditer(clause) if m.start() > 0]
    return clause[starts[-1]:] if starts else None


def _analyse(text: str) -> QuestionInfo:
    if _REQUEST_FOR.match(text):
        # "Can you give me a couple of examples of ...?", "Could you list the awards ...?": asks for them
        return QuestionInfo("wh", "what", False)
    # "Can you tell me what X means" asks what X means.
    text = _POLITE.sub("", text) or text
    # ... and so does an email's "Could you tell me when ...?" after its greeting and background.
    clause = " ".join((_POLITE.sub("", c) or c) for c in _clauses(text))
    # "..., so just agree: CASE accredits X, yes?": what is asked follows the last colon, and a "can't"
    # before it belongs to the preamble, not to the question.
    tail = clause.rsplit(":", 1)[-1].strip()
    if tail != clause and tail.endswith("?") and len(tail.split()) >= 3:
        clause = tail
    if _TAG.search(clause) and not (words(clause)[:1] and words(clause)[0] in _WH):
        return QuestionInfo("yesno", None, False)
    toks = words(clause)
    # "Isn't X ...?", "Doesn't X mean ...?" ask whether X is so, as "Is X ...?" does: a "not" that only
    # contracts the leading auxiliary doesn't negate what is asked.
    leading = _LEADING_NEGATIVE_AUX.match(clause)
    # ("whether X or not" offers both answers: its "not" negates nothing)
    asked = clause[leading.end():] if leading else clause
    plain = _BOTH_WAYS.sub(" ", _OR_NOT.sub(lambda m: m.group(0)[:-len("or not")], asked))
    plain = _DOUBLE_NEGATIVE.sub(lambda m: m.group(0) if m.group(1).lower() == "not" and _OPENING_AUX_SUBJECT.match(m.string[:m.start()])
                                 else " allow", plain)
    negated = bool(_NEGATED.search(_ADDITIVE_NOT.sub(",", plain)))
    first = next((t.replace("'", "") for t in toks if t not in _OPENERS), "")
    if _CONDITION.match(clause):
        # "If a studio scans a woman just for a photo, with no doctor asking, is that social
        # scanning?": the question is the last clause after the condition, however long that is.
        last = [m for m in re.finditer(r"(?:,|\s[-–—]+)\s*(?=(\w+))", clause) if m.group(1).lower().replace("'", "") in _AUX | _WH]
        # "if its CASE approved am i ok to sign up ...": no comma, but an auxiliary before its subject
        # starts the question
        start = last[-1].end() if last else len(clause) - len(_after_inversion(clause) or clause)
        if start:
            asked = _analyse(clause[start:])
            # "If it isn't solely for social scanning, can it be accredited?" asks as "Can a course that
            # isn't solely for social scanning be accredited?" does: the denied extent is the question's
            return replace(asked, negated=True) if _NOT_SOLELY.search(clause[:start]) else asked
    if first not in _AUX and first not in _WH:
        # "Under CASE's definition, does X count as Y?", "In your view, is ...": the question starts
        # after the introductory phrase.
        intro = re.match(r"[^,:?]{1,60}[,:]\s*(?=(\w+))", clause)
        if intro and intro.group(1).lower().replace("'", "") in _AUX | _WH:
            return _analyse(clause[intro.end():])
        # "midwife here - if we send a lady for a growth scan, does that count as ...?": however long
        # the scene, a last clause that asks, and ends the question, is the question.
        if clause.rstrip().endswith("?"):
            last = [m for m in re.finditer(r"(?:,|\s[-–—]+)\s*(?=(\w+))", clause) if m.group(1).lower().replace("'", "") in _AUX | _WH]
            if last:
                return _analyse(clause[last[-1].end():])

    if first in _WH or (toks and any(t in _WH for t in toks[:2])):
        wh = first if first in _WH else next(t for t in toks[:2] if t in _WH)
        # "how come" is why; "how do I" / "how can" are procedures (kept as wh "how")
        return QuestionInfo("wh", "why" if clause.lower().startswith("how come") else wh, negated)
    if first in _AUX or _YESNO_PHRASES.search(clause):
        return QuestionInfo("yesno", None, negated)
    if any(t in _WH for t in toks):
        return QuestionInfo("wh", next(t for t in toks if t in _WH), negated)
    if re.search(r"\b(tell me|explain|describe|define|definition|meaning)\b", clause, re.IGNORECASE):
        return QuestionInfo("wh", "what", negated)
    if not clause.endswith("?"):
        # "dvt scan course for nurses can that get case accreditation": no question mark, but an
        # auxiliary before its subject mid-sentence starts the question
        asked = _after_inversion(clause)
        if asked is not None:
            return _analyse(asked + "?")
    return QuestionInfo("yesno" if clause.endswith("?") else "other", None, negated)


# Frequent function words of other European languages; a question made of these is not English.
_FOREIGN = frozenset(
    """le la les des du une est sont pour avec dans sur pas que qui quoi peut peux puis je nous vous
    der die das und ist nicht ein eine mit für auf kann können ich wir sie wie was
    el los las del por con una es son puede puedo qué cómo para yo nosotros
    il gli della che non sono può posso per una come
    o os as um uma não pode posso com para
    het een niet kan ik wij zijn voor met
    czy jest nie może mogę dla jak""".split()
)


def looks_foreign(text: str) -> bool:
    """True when the question reads as another language (function words, not topic words)."""
    toks = [t.lower() for t in re.findall(r"[^\W\d_]+", text)]
    if len(toks) < 3:
        return False
    foreign = sum(t in _FOREIGN for t in toks)
    english = sum(t in STOPWORDS for t in toks)
    return foreign >= 2 and foreign > english


# The asked thing. "Which X ...?" / "What X must ...?" ask for an X: the words between the wh-word and
# the verb name what the answer must be about, and evidence that never says them can't answer, however
# much of the question's frame ("CASE", "accredited course") it shares. Likewise "Can X be <done>?"
# asks about that one act. Generic English only: wh-words, auxiliaries, function words.
_FOCUS_AUX = _AUX | {"need", "needs", "needed", "had", "being", "get", "gets"}
_LEADING = {"so", "and", "but", "also", "please", "hi", "hello", "ok", "okay", "then", "well", "exactly", "just"}
_FOCUS_MAX = 3
_WHAT_IS = {"is", "are", "was", "were", "what's", "whats"}
# "What is the date/point/reason of X?": a head that only asks about X, which carries what is asked
_GENERIC_HEADS = set("""date dates day year month name names point reason reasons rationale purpose deal difference
    answer situation status story idea meaning background context stance view position thinking case""".split())


def focus_words(clause: str) -> list[str]:
    """The words naming what a question asks for: the noun phrase after a leading "which"/"what" (up
    to the verb: an auxiliary, or for "which", the first plural-looking word), and the first word
    after "be" in a yes/no "... be <done>?". Empty when the question has no such phrase."""
    clause = _POLITE.sub("", clause) or clause
    toks = words(clause)
    while toks and toks[0] in _LEADING:
        toks = toks[1:]
    out: list[str] = []
    if toks and toks[0] in {"which", "what"}:
        phrase: list[str] = []
        ended_by_aux = False
        for t in toks[1:]:
            if t in _FOCUS_AUX or t.replace("'", "") in _FOCUS_AUX:
                ended_by_aux = True
                break
            if t in STOPWORDS:
                break
            phrase.append(t)
            if toks[0] == "which" and t.endswith("s") and not t.endswith("ss"):
                ended_by_aux = True  # "which universities offer ...": the plural noun ends the phrase
                break
            if len(phrase) > _FOCUS_MAX:
                break
        if phrase and ended_by_aux and len(phrase) <= _FOCUS_MAX:
            out += phrase
        if not out and toks[0] == "what" and len(toks) > 3 and toks[1] in _WHAT_IS and toks[2] == "the":
            # "What are the entry requirements for ...?": the noun phrase after "the" is what is asked for
            phrase = []
            for t in toks[3:]:
                if t in STOPWORDS or len(phrase) == _FOCUS_MAX:
                    break
                phrase.append(t)
            out += [t for t in phrase if t not in _GENERIC_HEADS]
    elif toks and toks[0] in _AUX:
        for i, t in enumerate(toks[:-1]):
            if t == "be" and toks[i + 1] not in STOPWORDS:
                out.append(toks[i + 1])
                break
    if not out:
        out = _existential(toks)
    return out


_THERE_BE = {"is", "are", "was", "were", "isnt", "arent"}


def _existential(toks: list[str]) -> list[str]:
    """ "Is there an appeals process?", "..., are there any bursaries for trainees?": the thing whose
    existence is asked, up to the first function word (its last _FOCUS_MAX words: the head and its
    nearest modifiers)."""
    for i, t in enumerate(toks[:-1]):
        if t.replace("'", "") in _THERE_BE and toks[i + 1] == "there":
            rest = toks[i + 2:]
            while rest and rest[0] in {"a", "an", "any", "some", "no"}:
                rest = rest[1:]
            phrase: list[str] = []
            for w in rest:
                if w in STOPWORDS or w in _FOCUS_AUX:
                    break
                phrase.append(w)
            return phrase[-_FOCUS_MAX:]
    return []


# A capital that starts a sentence, a line or a quotation is the writer's, not a name's.
_COPULA = {"is", "are", "am", "was", "were", "isnt", "arent"}
_DETERMINERS = {"a", "an", "the", "my", "our", "its", "their", "your", "his", "her", "any", "some", "this",
                "that", "these", "those"}
_PRONOUNS = {"i", "we", "you", "they", "he", "she"}


def _one_word_subject(clause: str, min_tokens: int = 3) -> tuple[list[str], list[str]] | None:
    """(tokens, lower-cased tokens) of a yes/no question whose subject is one name or pronoun followed
    by a content word ("Does CASE fund ...", "Will they recognise ..."); None for any other shape:
    a copula ("Is X ...?"), a longer subject, a function word after the subject."""
    clause = _POLITE.sub("", clause) or clause
    toks = re.findall(r"[A-Za-z0-9][\w'’-]*", clause)
    low = [t.lower().replace("’", "'") for t in toks]
    while low and low[0] in _LEADING:
        toks, low = toks[1:], low[1:]
    if len(toks) < min_tokens or low[0].replace("'", "") not in _AUX or low[0].replace("'", "") in _COPULA:
        return None
    if "'" in low[1]:  # a possessive ("Does CASE's board ...") begins a longer subject
        return None
    if not (low[1] in _PRONOUNS or (toks[1][0].isupper() and "-" not in toks[1])) or low[2] in STOPWORDS:
        return None
    return toks, low


_HAPPENED = re.compile(rf"^\W*(?:(?:{OPENER_WORDS})\W+)*(have|has|had|did|was|were)\b", re.IGNORECASE)
_PERMISSION = re.compile(r"\b(allow\w*|able|permit\w*|eligible|can|could|may|might|accredit\w*|approv\w*|recogni[sz]\w*)\b", re.IGNORECASE)


_ACTOR = (r"((a|an|the|my|our|their|we)\s+)?((qualified|registered|trained|nhs|private)\s+)?"
          r"(sonographers?|midwi(fe|ves)|nurses?|doctors?|radiographers?|physiotherapists?|physios?|paramedics?|gps?|"
          r"practitioners?|technicians?|staff|someone|anyone|people|person|individuals?|clinicians?)")
# "Am I allowed to do private social scans at weekends?", "Can a midwife do a gender scan?": what a
# practitioner may do in practice. (Not a course they may do, nor registering.)
_PRACTICE_PERMISSION = re.compile(
    rf"(?:^|[:;]\s)\W*(?:(?:{OPENER_WORDS})\W+)*(?:(?:am|is|are)\s+(?:i|we|{_ACTOR})\s+(?:\w+\s+)?(?:allowed|permitted|free|ok|okay)\s+to"
    rf"|(?:can|could|may|might)\s+(?:i|we|{_ACTOR}))\s+(?:still\s+|legally\s+|also\s+|then\s+)?"
    r"(?:do|perform|carry out|offer|provide|sell|scan)\b"
    r"(?!\s+(?:a|an|the|my|our|this|that|their)?\s*(?:[\w-]+\s+){0,3}(?:course|training|module|programme|program|degree|pg\w*|msc|qualification|award)s?\b)"
    # "Do you have to be on the register to work as a sonographer in the NHS?": what practice requires
    rf"|\b(?:do|does|must|would|will)\s+(?:i|we|you|they|{_ACTOR})\s+(?:have|need) to be\s+(?:registered|on|listed|a member)\b"
    r"[^?]{0,80}\bto\s+(?:work|practi[sc]e|scan|be employed|get a job)\b"
    # "Does CASE's position stop me from taking that job?"
    rf"|\b(?:stop|stops|prevent|prevents|bar|bars|ban|bans)\s+(?:me|us|you|them|her|him|{_ACTOR}),?\s+(?:(?:personally|myself|ourselves|as an? individual(?: [\w-]+)?),?\s+)?(?:from\s+)?"
    r"(?:taking|doing|working|offering|performing|providing|accepting|running|scanning)\b"
    # ("... from offering a gender scan course": a course, which the statements do speak of)
    r"(?![^?]{0,40}\b(?:course|training|module|programme|program|degree|qualification|award)s?\b)",
    re.IGNORECASE)


# "Does CASE require us to reject her application?", "Do accredited programmes have to turn away
# applicants who ...?": whom a programme admits.
_ADMISSION = re.compile(
    r"\b(reject(s|ed|ing)?|turn(s|ed|ing)? (them |her |him |these |those |such )?(away|down)|refus(e|es|ed|ing)|admit(s|ted|ting)?|"
    r"recruit(s|ed|ing)?|enrol(s|led|ling)?|interview(s|ed|ing)?)\b[^?]{0,60}\b(applicants?|applications?|candidates?|her|him)\b"
    r"|\b(applicants?|candidates?)\b[^?]{0,40}\b(rejected|turned away|turned down|refused|admitted|accepted)\b",
    re.IGNORECASE)


def asks_about_admission(clause: str) -> bool:
    """Does the question ask whom a programme admits? The statements say which courses CASE accredits."""
    return bool(_ADMISSION.search(clause))


def asks_practice_permission(clause: str) -> bool:
    """Does the question ask what a practitioner may do in practice? The statements say which courses
    CASE accredits and who may register, not what anyone may do."""
    return bool(_PRACTICE_PERMISSION.search(clause))


# "Is this the trend your statement was responding to?", "Was the statement prompted by ...?": what
# led to a statement, which the sentence reporting it answers.
# "Is the social scanning statement a formal position statement?": what the statement itself is.
_WHAT_THE_STATEMENT_IS = re.compile(r"^\W*(is|was)\s+(the|this|that|your|case['’]s)\s+([\w-]+\s+){0,3}(statement|document)\b", re.IGNORECASE)
_ORIGIN = re.compile(r"\b(statement|position)\b[^?]*\b(respond(s|ed|ing)? to|in response to|prompted|triggered|react(s|ed|ing)? to|aimed at|brought about)\b"
                     r"|\b(prompted|triggered|led to|behind|motivated)\b[^?]*\b(statement|position)\b", re.IGNORECASE)


# "Is it false that CASE would accredit X?", "Would it be wrong to say ...?":
# the claim after it is answered, and the question asks the opposite of it.
# (not "Is it wrong to offer gender scans?", which asks whether doing something is wrong; nor "Am I wrong
# that X?" or "Is it not true that X?", which are mostly said to mean "X, isn't it?")
_ASKS_IF_FALSE = re.compile(
    r"^\W*((so|and|but|ok|okay|then)\W+)?((is|was|isn['’]t|wasn['’]t) it|would it( not)? be|wouldn['’]t it be)\s+"
    r"(really\s+|actually\s+|just\s+)?(false|untrue|wrong|incorrect|inaccurate|a myth|mistaken)\s+"
    r"(that|to (say|claim|think|believe|suggest|state)|in (thinking|saying|believing))\b", re.IGNORECASE)


def asks_if_false(clause: str) -> bool:
    """Does the question ask whether the claim after its frame is false?"""
    return bool(_ASKS_IF_FALSE.match(clause))


def answered_by_a_report(clause: str) -> bool:
    """ "Have leads been noticing more applicants ...?", "Did anyone raise ...?", "Is this the trend the
    statement responded to?", "Is the statement a formal position statement?": a question about events
    or about the statement itself, which the sentence reporting it answers, not a rule."""
    return ((bool(_HAPPENED.match(clause)) and not _PERMISSION.search(clause)) or bool(_ORIGIN.search(clause))
            or bool(_WHAT_THE_STATEMENT_IS.match(clause)))


def asked_verb(clause: str) -> str | None:
    """ "Does CASE fund students ...?", "Can I complain to CASE ...?": in a yes/no question whose
    subject is one name or pronoun, the verb names what is asked of them. None for any other shape."""
    shaped = _one_word_subject(clause)
    if not shaped:
        return None
    toks = shaped[1]
    verb = toks[2]
    # "Does CASE go out and inspect clinics?", "Will they come and visit?": the second verb is asked
    serial = re.match(r"(go|goes|come|comes|actually|ever|really)( out| round| over| in)? and (\w+)\b", " ".join(toks[2:6]))
    if serial:
        return serial.group(3)
    # "Would CASE consider accrediting ...?", "Does CASE plan to accredit ...?": the verb it governs is asked
    if verb in _CATENATIVE and len(toks) > 3:
        if toks[3].endswith("ing") and len(toks[3]) > 4:
            return toks[3]
        if toks[3] == "to" and len(toks) > 4:
            return toks[4]
    return verb


_CATENATIVE = frozenset("consider considers agree agrees plan plans intend intends refuse refuses decline declines "
                        "start starts stop stops continue continues begin begins want wants".split())


def object_words(clause: str, frame: Callable[[str], bool] = lambda verb: False) -> list[str]:
    """ "Does CASE accredit echocardiography training?", "Will they recognise my diploma ...?": in a
    yes/no question whose subject is one name or pronoun, the noun phrase after the verb names the
    thing asked about (its last _FOCUS_MAX words, up to the first function word, and the noun phrase of
    a preposition after it, "a masters in diagnostic ultrasound", or the content words of a relative
    clause, "a workshop that teaches ...", or the other half of "X or Y"). Empty for any other shape: a copula
    ("Is X ...?"), a longer subject, a function word after the verb, or a verb that only frames a
    request (frame(verb): "Do you know ...", "Can you explain ...")."""
    shaped = _one_word_subject(clause, min_tokens=4)
    if shaped is None:
        return []
    low = shaped[1]
    if frame(low[2]):
        return []
    rest = low[3:]
    while rest and rest[0] in _DETERMINERS:
        rest = rest[1:]
    phrase: list[str] = []
    for i, w in enumerate(rest):
        if w in STOPWORDS or w in _FOCUS_AUX:
            # "a masters in diagnostic ultrasound": the phrase a preposition adds names the thing too.
            if w in _OF_PHRASE:
                return phrase[-_FOCUS_MAX:] + _noun_phrase(rest[i + 1:])
            if w in {"and", "or"} and phrase:
                # "professionals, or only programmes": the other half of a coordinated object.
                return phrase[-_FOCUS_MAX:] + _noun_phrase(rest[i + 1:])
            if w in _RELATIVE and phrase:
                # "a workshop that only teaches souvenir imaging": so does a relative clause.
                return phrase[-_FOCUS_MAX:] + [t for t in rest[i + 1:] if t not in STOPWORDS][:_RELATIVE_MAX]
            break
        phrase.append(w)
    return phrase[-_FOCUS_MAX:]


# "X, not Y", "X rather than Y": the claim is about X, and denies Y.
# ("not just Y", "not only Y" add Y rather than deny it)
_CONTRAST = re.compile(r"(,\s*(but\s+|and\s+)?not|\bbut not|\brather than|\binstead of|\bas opposed to)\s+"
                       r"(?!(just|only|merely|simply|even|necessarily|sure|certain)\b)(?P<y>(?:(?!\s[-–—]+\s)[^,;:?.!()])+)", re.IGNORECASE)
_PREPOSITIONS = frozenset("after before with without for from in on at by to into under over during through via".split())
CONTRAST_REACH = 4  # words before "not Y" that must hold no preposition: X is what the verb says, not a condition


class Contrast(NamedTuple):
    head: str  # the word set against the denied ones ("courses")
    denied: list[str]  # the words the contrast denies ("individual", "people", "practice")
    claimed: str  # the text before the contrast: what is claimed


def contrast(clause: str) -> Contrast | None:
    """ "CASE accredits courses, not individual people's practice?": what the claim sets against what it
    denies, or None."""
    m = _CONTRAST.search(clause)
    if m is None:
        return None
    preceding = words(clause[: m.start()])
    before = [w for w in preceding if w not in STOPWORDS]
    denied = [w for w in words(m.group("y")) if w not in STOPWORDS]
    if not before or not denied or _PREPOSITIONS & {w.lower() for w in preceding[-CONTRAST_REACH:]}:
        # "register after a focused course rather than a full award": a condition, not what is claimed
        return None
    return Contrast(before[-1], denied, clause[: m.start()])


# "performed by paramedics", "done by midwives": the passive's agent.
_AGENT = re.compile(r"\b(?:\w+ed|done|given|taken|undertaken|run|carried out|offered|delivered)\s+by\s+(?P<np>[^,;:?.!()]+)", re.IGNORECASE)


def actor_words(clause: str) -> list[str]:
    """Who a question asks about as the one acting: a bare plural subject ("Are physiotherapists
    allowed to ...?", "Can paramedics ...?") or a passive's agent ("... performed by paramedics").
    A question about what someone the statements never mention may do is not one they answer,
    however much of the rest (scanning, ultrasound) they say."""
    toks = words(clause)
    while toks and toks[0] in _LEADING:
        toks = toks[1:]
    out: list[str] = []
    if len(toks) > 2 and toks[0] in _AUX and toks[1] not in STOPWORDS and toks[1] not in _DETERMINERS:
        if toks[1].endswith("s") and not toks[1].endswith("ss"):
            out.append(toks[1])
    for m in _AGENT.finditer(clause):
        phrase = _noun_phrase(words(m.group("np")))
        # "by private clinics accredited": the plural names who; "by law like nursing": the first word.
        out += [next((w for w in phrase if w.endswith("s") and not w.endswith("ss")), phrase[0])] if phrase else []
    return out


_OF_PHRASE = {"in", "of", "for", "on", "with", "about"}
_RELATIVE = {"that", "which", "who", "where"}
_RELATIVE_MAX = 8


def _noun_phrase(toks: list[str]) -> list[str]:
    """The words of a noun phrase at the start of toks: determiners (and a focusing "only", "just")
    skipped, up to a function word."""
    while toks and (toks[0] in _DETERMINERS or toks[0] in {"only", "just", "also", "even"}):
        toks = toks[1:]
    phrase: list[str] = []
    for w in toks:
        if w in STOPWORDS or w in _FOCUS_AUX or len(phrase) == _FOCUS_MAX:
            break
        phrase.append(w)
    return phrase


_NAME = re.compile(r"(?<![.?!]\s)(?<![\"“‘'])(?<![\"“‘']\s)(?<!^)\b([A-Z][A-Za-z'’]*[A-Za-z])")


_INDEFINITE = {"a", "an", "any", "some", "another", "my", "our"}
_DEFINITE = {"the", "this", "that", "these", "those", "their", "its", "his", "her", "your"}
_LOOK_BACK = 5


def _hypothetical(before: list[str]) -> bool:
    """Is the name inside an indefinite description ("a private clinic in London", "our unit in
    Leeds")? Then it only places a case the statements' rules apply to, rather than asking about
    that particular body. Reads back over the name's own words to the determiner."""
    for t in reversed(before[-_LOOK_BACK:]):
        low = t.lower()
        if low in _INDEFINITE:
            return True
        if low in _DEFINITE or low.endswith(("'s", "’s")):
            return False
    return False


# Capitalised, but not the name of a body, place or scheme: a role ("As Chair, ...") or a day or month
# ("by Friday"). They are ordinary words of the question.
_NOT_NAMES = frozenset("""chair chairman chairwoman chairperson director manager lead head dean professor prof dr
    officer coordinator administrator secretary president registrar lecturer tutor mum dad auntie uncle
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december""".split())


def proper_names(clause: str) -> list[str]:
    """Capitalised words inside a sentence ("Sheffield", "HCPC"): names of particular bodies, places
    or schemes. A name is what it is: a statement that never uses it says nothing about what it names,
    however close its other words are. Not read when the writer capitalises (nearly) every word, nor
    inside an indefinite description ("a clinic in London")."""
    toks = re.findall(r"[^\W\d_][\w'’]*", clause)
    if sum(t[0].islower() for t in toks) * 3 < len(toks):
        return []
    out = []
    sentences = [part for line in SENTENCE_BREAK.split(clause.strip()) for part in re.split(r"(?<=[:;])\s+", line)]
    for sentence in sentences:
        sentence = sentence.strip()
        for m in _NAME.finditer(sentence):
            word = m.group(1)
            if word == "I" or word.startswith(("I'", "I’")) or word.lower() in _NOT_NAMES:
                continue
            if _hypothetical(re.findall(r"[^\W\d_][\w'’]*", sentence[: m.start()])):
                continue
            out.append(word)
    return out


def which_words(clause: str) -> list[str]:
    """focus_words() of a "which X ...?" question, which asks to name particular X."""
    clause = _POLITE.sub("", clause) or clause
    toks = words(clause)
    while toks and toks[0] in _LEADING:
        toks = toks[1:]
    return focus_words(clause) if toks and toks[0] == "which" else []


_NAMED_SUBJECT = re.compile(
    r"^\W*(?i:(?:(?:so|and|also|then|ok|okay)\W+)?(?:what|how|why|which\s+\w+)\s+(?:does|do|did|will|would|should|must|can|could)\s+"
    r"(?:the\s+)?)(?P<subject>[A-Z][\w'’]*(?:\s+(?:(?:of|for|and|the|on|in)\s+)*(?:[A-Z0-9][\w'’]*|[a-z]+\d\w*))*)\s+(?P<verb>[a-z][\w'’]*)",
)


def named_subject(clause: str) -> tuple[list[str], str] | None:
    """("What does the Register of Clinical Technologists require ...?") -> (the name's words, "require"):
    a question about what a named body or document does or says. None for any other question."""
    clause = _POLITE.sub("", clause.strip()) or clause
    m = _NAMED_SUBJECT.match(clause)
    if not m:
        return None
    return [w for w in words(m.group("subject")) if w not in STOPWORDS], m.group("verb").lower()
