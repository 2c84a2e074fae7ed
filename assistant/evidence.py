"""Sentence-level evidence: which sentences of the retrieved passages answer the question,
how much of the question the evidence covers, and whether a sentence affirms or denies it."""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field

import numpy as np

from .definitions import Definition
from .knowledge import KnowledgeBase
from .passages import split_sentences
from .question import (
    _FOCUS_AUX, INDIRECT_QUESTION, PROVISO, SENTENCE_BREAK, actor_words, analyse, asked_verb, focus_words, is_question, named_subject, object_words, proper_names,
    quoted_question, which_words,
)
from .retrieve import Retrieval
from .semantic import MIDDLE_LAYER
from .text import STOPWORDS, acronyms, content_stems, stem, without_closing, without_signature, words

# Words that frame a request rather than name its subject (generic English, not policy words).
FRAME_STEMS = frozenset(
    stem(w)
    for w in """get got know tell want need like ask wonder question help explain say said find anyone someone
    something anything thing things way possible allowed able okay ok sure really actually currently
    planning plan thinking think looking look hoping hope interested curious quick wondering could
    would let us we i me my our you your one many much lot lots kind sort please u ur im note given
    told heard two three questions query right true correct therefore thus hence important exactly
    basically just still even already definitely certainly kindly urgent whether anywhere somewhere
    everywhere nowhere anybody somebody everybody everyone everything nobody nothing chance chances
    possibility possibly fyi btw asap tbh imo lol omg pls plz thx cheers nb ps cover covers covered
    refusal refusals ban bans prohibition exclusion
    call calls called class classed classified count counts counted consider considered regard regarded
    deem deemed automatically always necessarily invariably wot wat wht whats wots put puts
    ever literally effectively yeah yep moment meantime meanwhile nowadays presently play plays played little big
    fall falls fell within rule rules ruled object objects objected objection oppose opposed decline declines declined
    hey hiya rite nah wld shud cud coz cos innit ya dunno gonna wanna wrong
    willing happy keen glad assume assuming presume easily reckon reckons
    stop stops stopped prevent prevents prevented bar bars barred disqualify disqualifies disqualified
    confirm confirms confirmed verify verifies verified clarify clarifies clarified once went gone fit fits
    done bring brings brought genuine genuinely proper properly real legit legitimate bona fide cute nice lovely
    gist nutshell tldr specifically specific precisely particular particularly""".split()
)
# Verbs that frame a yes/no question rather than name what is asked ("Does CASE think ...", "Can I get
# ...", "Would CASE allow ..."): generic English, not policy words.
GENERIC_VERB_STEMS = frozenset(
    stem(w)
    for w in """be do have get got make made give take put let allow permit accept agree support back
    believe think consider regard reckon feel view see say state confirm know mean call class count treat
    include cover deal handle offer want need like expect go come become work practise practice use apply
    teach train learn study qualify prepare run provide look welcome advocate favour favor champion oppose
    object decline refuse reject describe mention claim suggest limit restrict confine assume presume hand""".split()
)
PASSAGES_FOR_EVIDENCE = 4
COVERAGE_MIN = 0.63  # share of the question's weighted words the evidence must cover (set on the dev split)
TOKEN_MATCH_MIN = 0.45  # contextual token similarity at which a question word counts as said by the evidence
# The same, read at a middle layer of the model, for the words the last layer leaves unmatched.
WORD_LAYER = MIDDLE_LAYER
WORD_LAYER_MATCH_MIN = 0.50
# The thing a yes/no question asks about ("Does CASE accredit <echocardiography training>?") must be
# said by the evidence: one of its words in the evidence's own words, or matched this closely at the
# last or the middle layer. The looser matches that count for the rest of a question (a token near a
# more general word: "diploma" ~ "accredited", "echocardiography" ~ "ultrasound") don't say the thing.
OBJECT_MATCH_MIN = 0.62
BRIDGE_CREDIT = 0.7  # share of a bridged word's weight credited to a sentence that uses the defined term
RULE_BONUS = 0.12  # yes/no questions are answered by rules, not by background
# Words of the message outside the asked sentence (an email's background: "I run a 4D baby scanning
# studio. Could our course be accredited?") say what the question is about: they count toward a
# sentence's relevance at this share of their weight, though not toward coverage.
CONTEXT_CREDIT = 0.5

_NEG_CUE = re.compile(
    r"\b(not|no|never|unable|cannot|can't|won't|isn't|aren't|doesn't|don't|absence|lack|without|neither|nor)\b",
    re.IGNORECASE,
)
_LACK_CUE = re.compile(r"\bneed for\b", re.IGNORECASE)
_LACK_WORDS = frozenset({"absence", "lack", "without"})
# "Should X be ...?" asks whether there is a need for X, as "Is there a need for X?" does.
# "Does CASE support / want / call for X?", "Is CASE in favour of X?" ask for CASE's stance on X: a
# statement that there is a need for X answers yes, as it answers "Is X needed?".
_ASKS_NEED = re.compile(
    r"\b(need(s|ed)?|ought|necessary|unnecessary|needless|urgent(ly)?|essential|crucial|vital)\b|\bshould\s+([^\s.?!,;:]+\s+){0,6}be\b"
    r"|\bin favou?r of\b|\b(call|push|press|campaign|lobby|argu)\w*\s+for\b"
    r"|\b(CASE|you|they|it)\s+([^\s.?!,;:]+\s+){0,2}?(wants?|wanted|wanting|supports?|supported|supporting|backs?|backed|backing|favou?rs?|favou?red|favou?ring"
    r"|welcom(e|es|ed|ing)|advocat(e|es|ed|ing)|champions?|championed|oppos(e|es|ed|ing)|object(s|ed|ing)? to)\b"
    r"|\b(CASE|you|they|it)\s+((is|are)\s+)?(\w+\s+)?(against|opposed to)\b",
    re.IGNORECASE,
)
_RULE_CUE = re.compile(
    r"\b(will|won't|must|shall|should|may|cannot|can't|can|only|able|unable|applicable|required|requires?|permitted|"
    r"allowed|prohibited|remit|responsibility|role|need|necessary|essential)\b",
    re.IGNORECASE,
)
# A rule or definition limited by a condition: the words after the qualifier state it.
QUALIFIER = re.compile(r"\b(solely|exclusively|only|unless|except|provided that|where there is no|if)\b(?P<condition>.+)$", re.IGNORECASE)
_DETAIL_AMOUNT = re.compile(r"\b\d+(\.\d+)?\s*\+?\s*[-‐]?\s*(weeks?|wks?|days?|months?|years?|yrs?|y/?o|times?|%)?(?!\w)"
                            # ("a one-day course", "a half-day workshop", "two-week placement")
                            r"|\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve|half|full)[-‐ ](hour|day|week|month|year)s?\b",
                            re.IGNORECASE)
_DETAIL_TIME = re.compile(r"\b(last|this|next|past)\s+(year|month|week|term|spring|summer|autumn|fall|winter)\b"
                          r"|\b(recently|lately|started|starts|starting|began|begun|begin|begins|beginning)\b", re.IGNORECASE)
_MAKES_IT = re.compile(r"\b(make|makes|made)\s+(it|that|this|them|these|those)\b"
                       # ("Why did CASE feel it had to weigh in?": what it did, not how it felt)
                       r"|\b(feel|feels|felt)\s+(it|that|they|we)\s+(had|has|have|needed|need|must|should)\b", re.IGNORECASE)
_WHEN_ASKED = re.compile(r"\bwhen\b|\bhow long\b|\bwhat (year|date|month)\b", re.IGNORECASE)
_QUANTITY_ASKED = re.compile(r"\bhow (many|much|long|often|soon|old)\b|\b(what|which) (number|age|week|year)\b", re.IGNORECASE)
_NOT_BUT = re.compile(r"\bnot\b(?!\s+(only|just|merely)\b)(?P<x>[^,;:.]+?)\bbut\b(?P<y>[^,;:.]+)", re.IGNORECASE)
_CLAUSE_SPLIT = re.compile(r",|;|:|\bhowever\b|\bbut\b|\bwhereas\b|\balthough\b", re.IGNORECASE)
_QUANTITY = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|hours?|days?|weeks?|months?|years?|minimum|maximum|at least|per cent|percent|%|£|fee|cost)\b", re.IGNORECASE)


@dataclass
class SentenceEvidence:
    passage_id: str
    text: str
    start: int
    end: int
    score: float
    dense: float
    lexical: float  # share of the question's weighted words this sentence covers
    matched: set[str] = field(default_factory=set)
    negative: bool = False
    rule: bool = False
    quantity: bool = False
    # For a rule limited by a condition ("solely for the purpose of social scanning where there is no
    # medical justification"): does the message say anything of that condition (its words after the
    # qualifier, or those of the definition of a term it uses, by word or synonym)? None: no condition.
    condition_reached: bool | None = None
    # The message reaches the condition only through what it says must be absent ("no medical
    # justification" reached by "diagnostic"): it speaks of the opposite of the condition.
    condition_denied: bool = False
    # Does the sentence say the question's asked verb ("Can CASE accredit me?") outside its condition
    # ("On completion of a CASE accredited award ... are able to register" says "register")? None: the
    # question asks no verb of its own (a generic one: "allow", "get", ...).
    verb_said: bool | None = None
    # The question says the opposite of what the sentence says ("fewer applicants" against "an
    # increase in applicants"), so the sentence answers it the other way round.
    opposed: bool = False
    # The asker's proviso ("as long as it includes a safety module") says nothing of the rule's condition:
    # the rule, which makes no such proviso, answers as it stands.
    proviso_foreign: bool = False


_PROVISO_EXTENT = re.compile(r"\b(only|just|solely|sole|purely|exclusively|entirely|all|whole|main|mainly|primary|primarily|majority|most|mostly"
                             r"|focus|purpose|aim|part|partly)\b", re.IGNORECASE)


# What a follow-up says of the earlier question rather than of its subject ("is that the case for PgDs as
# well?", "is that still the position today?", "would that be different for a full MSc?")
_A_YEAR = re.compile(r"\b(19|20)\d\d\b")
_FOLLOW_UP_FILLER = re.compile(r"\b(as well|too|also|either|still|then|back(?= in\b)|today|now|these days|any more|anymore|different(ly)?|the same|same)\b",
                               re.IGNORECASE)


@dataclass
class Evidence:
    query_stems: list[str]
    weights: dict[str, float]
    coverage: float  # share of the question's weighted words the evidence covers
    uncovered: list[str]
    sentences: list[SentenceEvidence]
    term_is_predicate: bool = False  # "is X ... <defined term>?": asks whether X is what the term means
    # "Is social scanning about scanning pregnant patients?": the defined term is the subject, and the
    # question asks what it means. (definition passage id, whether the definition says every other
    # asked word, whether one of them is what the definition says must be absent), or None.
    term_subject: tuple[str, bool, bool] | None = None
    # stems only the words naming who runs the course say ("run by an NHS trust")
    provider: set[str] = field(default_factory=set)
    # what only a closing clause of purpose says ("... so UK clinics know I'm competent"): no part of what is asked
    aside: set[str] = field(default_factory=set)
    issuer: frozenset[str] = frozenset()  # stems of the statements' issuers' names ("case")
    names_document: bool = False  # the question names a statement by its title, or points at it ("this guidance")
    asked: str = ""  # the question sentence the evidence answers best (of several in one message)
    all_stems: set[str] = field(default_factory=set)  # every content word of the message, context included
    asks_about_term: bool = False  # the question itself uses a term the statements define
    # passage id -> stems of the bridged term defined there
    definition_passages: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # words naming the asked thing ("which X", "be <done>") that the evidence never says
    focus_uncovered: list[str] = field(default_factory=list)
    # names in the asked sentence ("Sheffield", "HCPC") the statements never use
    unknown_names: list[str] = field(default_factory=list)
    # definition passage id -> whether the message says anything of the definition's condition
    definition_condition_reached: dict[str, bool] = field(default_factory=dict)
    # definition passage id -> whether the message says anything of what the definition says must be
    # absent ("no clinical justification"): its core condition, as against its examples ("may include ...")
    definition_core_reached: dict[str, bool] = field(default_factory=dict)
    # definition passage id -> the message reaches its condition only through words that usually, not
    # always, mean the condition's ("a 4D scan" for "souvenir images")
    definition_reached_only_typically: dict[str, bool] = field(default_factory=dict)
    # definition passage ids whose required absence the message contradicts (it states a clinical reason)
    definition_condition_denied: set[str] = field(default_factory=set)
    # definition passage ids whose scope the message denies or goes beyond ("people who aren't pregnant",
    # "anyone, not just pregnant women")
    definition_scope_denied: set[str] = field(default_factory=set)
    # "which X ...?" where the statements say X but name no particular X (e.g. "our member organisations")
    unnamed: list[str] = field(default_factory=list)
    # "What does <name> require ...?" where the statements name it only as an object ("consistent with ...")
    subject_unsaid: list[str] = field(default_factory=list)


def _negative_for(sentence: str, matched: set[str], asks_need: bool = False) -> bool:
    """Is the clause that carries the matched words negated? ("will not accredit", "absence of")."""
    for m in _NOT_BUT.finditer(sentence):
        # "applicants ..., not for diagnostic purposes but for commercial reasons": a question about the
        # first is denied, whatever else the sentence's longest clause says
        denied, instead = set(content_stems(m.group("x"))), set(content_stems(m.group("y")))
        if len(matched & denied) > len(matched & instead):
            return True
    clauses = [c for c in _CLAUSE_SPLIT.split(sentence) if c and c.strip()]
    if not clauses:
        return False
    best = max(clauses, key=lambda c: len(matched & set(content_stems(c))))
    if not matched & set(content_stems(best)):
        best = sentence
    # "a need for X" says X is lacking, unless the question is itself about the need; then "in the
    # absence of X" doesn't deny it either.
    if asks_need:
        return any(m.group(0).lower() not in _LACK_WORDS for m in _NEG_CUE.finditer(best))
    return bool(_NEG_CUE.search(best)) or bool(_LACK_CUE.search(best))


def asked_sentences(text: str) -> list[str]:
    """The sentences that ask something (a "?" or an indirect question). The context around them
    (greetings, background, claims) helps retrieval but is not what must be answered."""
    text = without_closing(text) or text  # (not "Thanks, Sam" after the question)
    sentences = [p.strip() for p in SENTENCE_BREAK.split(text) if p.strip()]
    if len(sentences) < 2:
        return [quoted_question(text)]
    asked = [quoted_question(p) if is_question(p) else p for p in sentences if is_question(p) or INDIRECT_QUESTION.search(p)]
    asked = [p for p in asked if any(st not in FRAME_STEMS for st in content_stems(p))]
    return asked or [text]


_CLAUSE_BREAK = re.compile(r"\s[-–—]+\s|[,;:]\s+")
_ASKING = re.compile(r"^\s*((so|and|but|then|ok|okay|well)\s+)*(can|could|will|would|is|are|does|do|did|may|might|should|shall|has|have|was|were|must|isn't|aren't|doesn't|don't|won't|can't|what|why|when|who|which|where|how)\b", re.IGNORECASE)
QUESTION_CLAUSE_MIN_WORDS = 2
# One to three capitalised words and a comma opening a sentence that goes on ("Auntie Jean, ...", "Dr Patel, ...")
_VOCATIVE = re.compile(r"^\s*(?!(?:If|When|Where|While|Since|As|Because|Although|Though|However|So|But|And|Also|Please|Yes|No|Ok|Okay|Well|Now|Then|Thanks)\b)[A-Z][\w'’.]*(?:\s+[A-Z][\w'’.]*){0,2},\s+(?=\S)")


def question_clauses(sentence: str) -> list[str]:
    """The sentence, and its last clause when that clause is the question itself ("so paying £80 at a
    private place just to find out the sex - is that what they'd call a social scan?"): the words
    before it set the scene, and the statements needn't say them for the question to be answered."""
    parts = [p for p in _CLAUSE_BREAK.split(sentence) if p.strip()]
    if len(parts) < 2:
        return [sentence]
    vocative = _VOCATIVE.match(sentence)
    if vocative:
        # "Auntie Jean, between us, you'd let my course through?": whom the asker addresses is not what is asked
        return [sentence, *question_clauses(sentence[vocative.end():])]
    tail = parts[-1].strip()
    if _ASKING.match(tail) and len([st for st in content_stems(tail) if st not in FRAME_STEMS]) >= QUESTION_CLAUSE_MIN_WORDS:
        return [sentence, tail]
    return [sentence]


Aliases = dict[str, set[tuple[str, ...]]]


def _aliases(kb: KnowledgeBase, question: str) -> Aliases:
    """The question's all-capitals words that are the initials of a name the statements spell out
    ("RCT" for "Register of Clinical Technologists"): stem -> the stems of the words they stand for."""
    return {st: kb.initialisms[key] for st, key in acronyms(question) if key in kb.initialisms}


def _says(stem_: str, stems: set[str], aliases: Aliases) -> bool:
    """The word, or the words its initials stand for, are among the stems."""
    return stem_ in stems or any(set(e) <= stems for e in aliases.get(stem_, ()))


# question stem -> the statements' words that say it: WordNet synonyms (one word each) and the
# domain vocabulary's phrases (a sentence says the question's word only if it says the whole phrase)
Synonyms = dict[str, list[frozenset[str]]]


def _said_in(stem_: str, synonyms: Synonyms, stems: set[str]) -> set[str]:
    """The stems by which the text (its stems) says the question's word through a synonym or phrase."""
    return {st for says in synonyms.get(stem_, ()) if says <= stems for st in says}


def _coverage(kb: KnowledgeBase, asked: str, top: list[str], vocab: set[str], synonyms: Synonyms,
              deep: bool = False, aliases: Aliases | None = None) -> tuple[float, list[str], dict[str, float]]:
    """IDF-weighted share of the asked words the evidence says (stems, initials or synonyms, then
    contextual tokens; with deep, then a middle layer's tokens too). Sums are math.fsum: exact
    whatever the order of the sets summed, so ties between sentences don't turn on hash order."""
    if not _QUANTITY_ASKED.search(asked):
        # numbers and amounts ("a scan at 28 weeks", "10+ yrs", "the 2021 statement") are details of
        # a story, unless an amount is what is asked
        asked = _DETAIL_AMOUNT.sub(" ", asked)
    if not _WHEN_ASKED.search(asked):
        # ("CASE started accrediting individual scanners last year": when a claimed change came is its framing)
        asked = _DETAIL_TIME.sub(" ", asked)
    # ("Does that make it a social scan?": "make" only links the thing to what it is said to be; "felt it
    # had to" only frames what was done)
    asked = _MAKES_IT.sub(" ", asked)
    stems = [s for s in dict.fromkeys(content_stems(asked)) if s not in FRAME_STEMS]
    side = _side_stems(asked)
    weights = {s: kb.lexical.idf(s) * (ASIDE_CREDIT if s in side else 1.0) for s in stems}
    covered = {s for s in stems if _says(s, vocab, aliases or {}) or s in synonyms}
    if len(covered) < len(stems):
        # Paraphrases: a word the evidence never uses may still be matched by a word it does use.
        evidence_texts = [kb.indexed_text[pid] for pid in top[:3]]
        for word, sim in kb.tokens.word_matches(asked, evidence_texts):
            s = stem(word.lower().replace("’", "'"))
            if s in weights and s not in covered and sim >= TOKEN_MATCH_MIN:
                covered.add(s)
        if deep and len(covered) < len(stems):
            for word, sim in kb.tokens.word_matches_at(asked, evidence_texts, WORD_LAYER):
                s = stem(word.lower().replace("’", "'"))
                if s in weights and s not in covered and sim >= WORD_LAYER_MATCH_MIN:
                    covered.add(s)
    total = math.fsum(weights.values())
    coverage = math.fsum(weights[s] for s in covered) / total if total else 0.0
    return coverage, [s for s in stems if s not in covered], weights


# Who runs or provides a course: "run by one of the big keepsake scan chains", "that a chain of private baby
# scan clinics is setting up", "offered by a 4D studio".
_PROVIDER = re.compile(
    r"\b(run|delivered|offered|provided|set up|owned|organised|organized|developed|launched|taught|requested|ordered|referred|arranged)\s+by"
    r"(\s+(?!(be|is|are|was|were|get|gets|got|been|have|has|can|could|would|will|should|and|or|if|that|which|who|to|for|with)\b)[\w'’&-]+){1,8}"
    r"|\b(that|which)\s+(a|an|the|one of the|our|my|some)\s+[^?,.;:!()]{1,60}?\s+(is|are|was|were|will be|has been|have been)\s+"
    r"(setting up|running|offering|launching|developing|planning|creating|starting|putting together|designing)\b",
    re.IGNORECASE)


# A closing clause of purpose or time limit ("so I can show my clients", "until regulation arrives").
# ("... so UK clinics know I'm competent?", "... so customers trust them?")
_ASIDE = re.compile(r"\b(until|till|so that|so (i|we|they|he|she) (can|could|may)|in order to|so as to"
                    r"|so (\w+ ){0,2}(know|knows|trust|trusts|believe|believes|feel|feels))\b(?P<aside>[^,;:?.!]*)[?.!]*\s*$",
                    re.IGNORECASE)
ASIDE_CREDIT = 0.5


def _side_stems(asked: str) -> set[str]:
    """Words of the asked text that are not what is asked: who runs the course, and what the asker
    wants it for or until when."""
    return _aside_stems(asked) | provider_stems(asked)


def _aside_stems(asked: str) -> set[str]:
    """The stems only a closing clause of purpose or time limit says."""
    m = _ASIDE.search(asked)
    if m is None:
        return set()
    return set(content_stems(m.group("aside"))) - set(content_stems(asked[: m.start()]))


def provider_stems(text: str) -> set[str]:
    """The stems only the words naming who runs or provides a course say (_PROVIDER)."""
    spans = [m.group(0) for m in _PROVIDER.finditer(text)]
    if not spans:
        return set()
    return set(content_stems(" ".join(spans))) - set(content_stems(_PROVIDER.sub(" ", text)))


def _copula_with_subject(question: str, kb: KnowledgeBase) -> bool:
    """ "Is <something> <term>?" with a real subject, not "Is it true that ..." or "Is <issuer> ..."."""
    # "If a clinic scans only to tell the sex, is that <term>?", "My sister paid for a scan at 20 weeks.
    # Was that a <term>?": the situation told before it is the subject.
    tail = re.search(r"(?:^|[.?!,;:]\s+|\s[-–—]+\s)((is|are|was|were|would)\s+(that|this|it)\b[^.?!,;:]*\?)\s*$", question, re.IGNORECASE)
    if tail is not None and tail.start(1) > 0:
        told = [w for w in words(question[:tail.start(1)]) if w not in STOPWORDS and kb.thesaurus.is_word(w)]
        if len(told) >= 2:  # a situation, not "a, b, c" or "asdf qwer"
            return True
    m = re.match(r"\s*(is|are|was|were)\s+(\w+)", question, re.IGNORECASE)
    if not m:
        return False
    dummies = {"it", "there", "this", "that"} | kb.issuer_names
    return m.group(2).lower() not in dummies


# "... a 'social scan' in CASE speak?", "... under your definition?", "... according to CASE?": whose
# words the term is in, after the term.
_BY_WHOSE_WORDS = re.compile(
    r"['’\"”]?\s*,?\s+(in|under|by|according to|as per|per|going by|using)\s+(the\s+|your\s+|their\s+|its\s+|case(['’]s)?\s+)*"
    r"(speak|terms?|lingo|language|jargon|words?|definitions?|book|view|eyes|statement|policy|standards?|rules?|case)\b[^?]*\?+\s*$",
    re.IGNORECASE,
)
# "..., the way the GMC does for doctors?", "like the HCPC does": a body named to compare with, not asked about
_COMPARISON = re.compile(r"\b(the way|in the way|just as|the same way|like|unlike|similar to)\s+(the\s+)?(?=[A-Z])[^?.,;]*")
# Words after which a term at the end of a question is an object, not what its subject is said to be
# ("Are the public unable to tell NHS sonographers from people doing social scans?")
_TERM_AS_OBJECT = frozenset("""from of for with about into at in on by to doing offering running providing
    performing selling do does did offer offers run runs provide provides perform performs sell sells""".split())


def _ends_with_predicate(text: str, term: tuple[str, ...]) -> bool:
    """The question ends with the term, which is not the object of a preposition or verb before it."""
    if tuple(content_stems(text)[-len(term):]) != term:
        return False
    tokens = words(text)
    seen = 0
    for i in range(len(tokens) - 1, -1, -1):
        if content_stems(tokens[i]):
            seen += 1
            if seen == len(term):
                before = [t for t in tokens[:i] if t not in {"a", "an", "the"}]  # "... from the social scans"
                return not before or before[-1] not in _TERM_AS_OBJECT
    return True  # (not reached: the term's stems were found at the end above)


_TOKEN = re.compile(r"[^\W_][\w'’]*")
NAME_WINDOW = 6  # words either side of the asked-for word in which a name must stand


_RESTRICTS = re.compile(r"^\s*(\(|(\w+\s+){0,2}(that|which|who|whose|where)\b|\w+ing\b|,?\s*(including|such as|e\.?g\.?)\b)", re.IGNORECASE)


def _names_one(text: str, head: str, known: set[str]) -> bool | None:
    """Does the text say which <head> it means? It names one ("national guidelines, including the NHS
    ...", "award (PgC, PgD or MSc)": a capitalised word near the head word that the question didn't
    already say), or restricts it by a clause ("courses of study that prepare ...", "trainees
    completing ..."). None when the head word is not in the text."""
    toks = list(_TOKEN.finditer(text))
    at = [i for i, m in enumerate(toks) if stem(m.group(0).lower()) == head]
    if not at:
        return None
    for i in at:
        if _RESTRICTS.match(text[toks[i].end():]):
            return True
        for j in range(max(1, i - NAME_WINDOW), min(len(toks), i + NAME_WINDOW + 1)):
            word = toks[j].group(0)
            if j != i and word[0].isupper() and stem(word.lower().replace("’", "'")) not in known:
                return True
    return False


def _acts_in(text: str, name: list[str], verb: str) -> bool:
    """Is the name the subject of something in the text: followed by an auxiliary ("Programme Leads
    are seeing", "X must ...") or by the asked verb itself?"""
    toks = [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]
    n = len(name)
    for i in range(len(toks) - n):
        if [stem(t) for t in toks[i:i + n]] == name:
            after = toks[i + n]
            if after in _FOCUS_AUX or stem(after) == verb:
                return True
    return False


# "the social scanning statement", "the X policy": a term followed by one of these names a document,
# not the thing the term means.
_DOCUMENT_NOUNS = frozenset(stem(w) for w in "statement position policy guidance document paper".split())


def _names_only_a_document(stems: list[str], term: tuple[str, ...]) -> bool:
    """Is every use of the term in the text (content stems, in order) followed by a document noun?"""
    n = len(term)
    at = [i for i in range(len(stems) - n + 1) if tuple(stems[i:i + n]) == term]
    return bool(at) and all(i + n < len(stems) and stems[i + n] in _DOCUMENT_NOUNS for i in at)


_NAMING_NOUNS = r"(position statement|statement|stance|position|policy|guidance)"
# A statement named by pointing at it ("this guidance", "your statement", "CASE's position paper"):
# asked of the assistant, that is the statement its evidence comes from.
_THIS_DOCUMENT = re.compile(
    r"\b(this|that|your|ur|case['’]?s?)\s+(formal\s+|official\s+|published\s+|position\s+)?"
    r"(statement|guidance|document|publication|policy|stance|position)\b"
    # ("What year was the statement issued?": asked of the assistant, "the statement" is CASE's)
    r"|\bthe\s+(position\s+)?statement\b(?!\s+(of|from|by)\b)", re.IGNORECASE)


@functools.lru_cache(maxsize=8)
def _document_names(titles: tuple[str, ...]) -> re.Pattern[str]:
    """A statement named by its title and a document noun: "the social scanning statement", "CASE's
    stance on social scanning"."""
    named = "|".join(r"\W+".join(map(re.escape, t.split())) for t in titles if t.split()) or r"(?!x)x"
    # (not "the position on social scanning courses": the courses are what it is asked of)
    return re.compile(rf"\b{_NAMING_NOUNS}\s+(on|about|regarding|re|concerning|covering)\s+(the\s+)?({named})\b(?![\s-]+\w*(course|training|module|programme|program|award)s?\b)"
                      rf"|\b({named})\s+{_NAMING_NOUNS}\b", re.IGNORECASE)


# Words that frame a condition rather than state it ("solely for the purpose of X"): saying them
# says nothing of X.
_CONDITION_FRAME = frozenset("purpose purposes sole solely exclusively purely only use uses".split())


_CONDITION_START = re.compile(r"\s*(for|to|when|where|if|in|by|with|after|before)\b", re.IGNORECASE)
_PURPOSE = re.compile(r"\bfor( the purposes? of)?\b", re.IGNORECASE)


# "On completion of a CASE accredited award (PgC, PgD or MSc) sonographers are able to ...": what
# follows holds for that kind of award only. The condition is the award's modifiers ("CASE
# accredited"), not its head noun nor the examples in brackets.
_COMPLETION = re.compile(
    r"^\s*(?:on|upon|after)\s+(?:successful\s+)?completion\s+of\s+(?:an?\s+|the\s+)?(?P<condition>.+?)\s+(?P<head>\w+)"
    r"(?P<examples>\s*\([^)]*\))?,?\s+(?=\w+\s+(?:are|is|can|may|will|become|becomes)\b)",
    re.IGNORECASE,
)


def condition_text(text: str) -> str | None:
    """The words of a rule that state its condition: from its qualifier on ("solely for the purpose
    of ..."), or its opening "On completion of <modifiers> <award>"; None for an unconditional rule."""
    q = QUALIFIER.search(text)
    if q is not None:
        return text[q.start():].rstrip(" .")
    m = _COMPLETION.match(text)
    return m.group(0).strip().rstrip(",") if m else None


def _qualified(text: str) -> tuple[set[str], set[str]]:
    """(words after the text's qualifier, words before it); no qualifier: (nothing, all its words)."""
    q = QUALIFIER.search(text)
    if q is None:
        c = _COMPLETION.match(text)
        if c is not None:
            return set(words(c.group("condition"))), set(words(c.group("head") + " " + (c.group("examples") or "") + " " + text[c.end():]))
        return set(), set(words(text))
    condition = text[q.start("condition"):]
    if q.group(1).lower() == "only" and not _CONDITION_START.match(condition):
        # "only applicable to courses that prepare students for the use of ultrasound for medical
        # diagnosis": what is limited comes first; the condition is the last purpose ("for ...").
        purpose = list(_PURPOSE.finditer(condition))
        if purpose:
            return set(words(condition[purpose[-1].end():])), set(words(text[:q.start()] + condition[:purpose[-1].start()]))
    return set(words(condition)), set(words(text[:q.start()]))


def _stated_condition(kb: KnowledgeBase, condition: set[str], head: set[str]) -> set[str]:
    """The condition's words less what it limits (the rule's head, a definition's genus: "the use of
    ultrasound for pregnant patients"), compared by WordNet base form ("scan" in "for the scan" is
    the head's "scanning"), and less function words."""
    head_bases = {b for w in head for b in (kb.thesaurus.bases(w) or {w})}
    return {w for w in condition - head if w not in STOPWORDS and w not in _CONDITION_FRAME
            and not (kb.thesaurus.bases(w) or {w}) & head_bases}


def _definition_parts(definition: Definition) -> tuple[set[str], set[str]]:
    """(condition words, head words) of a definition: its qualified parts ("where there is no clinical
    justification", "solely for fetal sexing ...") and what they qualify."""
    condition: set[str] = set()
    head: set[str] = set()
    for part in split_sentences(definition.definition):
        c, h = _qualified(part.text)
        condition |= c
        head |= h
    return condition, head


def _condition_words(kb: KnowledgeBase, text: str, definitions: list[Definition]) -> set[str]:
    """What states the condition of a rule with a qualifier: the words after the qualifier, with the
    term and the qualified parts of the definition of each term used there."""
    condition, head = _qualified(text)
    if not condition:
        return set()
    for d in definitions:
        if d.term_stems and set(d.term_stems) <= set(content_stems(" ".join(condition))):
            c, h = _definition_parts(d)
            condition |= c | set(words(d.term))
            head |= h
    return _stated_condition(kb, condition, head)


# "no X", "without X", "non-X" (in a message also "zero X", "lacking X"); what is absent runs to the next
# punctuation or the next such word ("no medical purpose and without diagnostic content": two).
# (and, describing a thing, "not" in a bracket or after a comma or "which is": "a certificate (not CASE
# accredited)", "a course, not accredited,"; a question's own "not" is left to its negation)
_ABSENCE = re.compile(r"\b(?P<cue>no|non|without|zero|lacking|(?<=\()not|(?<=, )not|(?<=which is )not|(?<=that is )not"
                      r"|(?<=which was )not|(?<=that was )not)\b(?P<absent>(?:(?!\b(?:no|non|without|zero|lacking)\b)[^.;:,()?!])*)",
                      re.IGNORECASE)
_RULE_ABSENCE_CUES = frozenset({"no", "non", "without"})


# In the message ("a course with no medical purpose", "non-diagnostic", "without any diagnostic
# content"), _ABSENCE's cues; "not" is left to the question's own negation, which already reverses the answer.
NEGATED_SPAN_WORDS = 5


def _negated_span(cue: str, following: list[str]) -> int:
    """How many of the words after a cue it negates: "non" its word ("non-accredited"); "no", "without"
    the phrase up to the next function word ("no medical purpose", "without any diagnostic content")."""
    if cue.lower() == "non":
        return min(1, len(following))
    n = 0
    for w in following[:NEGATED_SPAN_WORDS]:
        if w in STOPWORDS and w not in {"any", "a", "an", "the"}:
            break
        n += 1
    return n


def _split_negated(text: str) -> tuple[list[str], list[str]]:
    """(the message's words, less those it says are absent; the words it says are absent)."""
    absent: list[str] = []

    def keep_rest(m: re.Match[str]) -> str:
        following = words(m.group("absent"))
        n = _negated_span(m.group("cue"), following)
        absent.extend(following[:n])
        return " " + " ".join(following[n:]) + " "

    rest = words(_ABSENCE.sub(keep_rest, text))
    return rest, absent


def _names_term(message_words: list[str], definitions: list[Definition], synonyms: Synonyms) -> bool:
    """Does the message name a defined term, in its words ("social scanning") or in a phrase the vocabulary
    links to it ("bonding scans")?"""
    said = {stem(w) for w in message_words}
    linked = [says for st in said for says in synonyms.get(st, ())]
    return any(d.term_stems and (set(d.term_stems) <= said or any(set(d.term_stems) <= says for says in linked))
               for d in definitions)


def _other_purposes(definitions: list[Definition], plain_stems: set[str]) -> set[str]:
    """The purposes a definition gives as examples ("This may include scanning solely for fetal sexing
    and/or to capture souvenir images"): its words after its first sentence that nothing else in the
    evidence says ("fetal" is also in "Fetal Anomaly Screening Programme"; "sexing" only here)."""
    found: set[str] = set()
    for d in definitions:
        parts = split_sentences(d.definition)
        if len(parts) < 2:
            continue
        first = set(content_stems(parts[0].text))
        found |= {w for part in parts[1:] for w in words(part.text)
                  if stem(w) not in first and stem(w) not in plain_stems and stem(w) not in FRAME_STEMS
                  and stem(w) not in _RELATION_STEMS and w.lower() not in STOPWORDS}
    return found


def _absent_words(text: str, definitions: list[Definition]) -> set[str]:
    """The words a rule's condition, or the definition of a term it uses, says must be absent
    ("where there is no medical justification": medical, justification)."""
    texts = [text] + [d.definition for d in definitions if d.term_stems and set(d.term_stems) <= set(content_stems(text))]
    return {w for t in texts for m in _ABSENCE.finditer(t) if m.group("cue").lower() in _RULE_ABSENCE_CUES
            for w in words(m.group("absent"))}


def _definition_scope(kb: KnowledgeBase, definition: Definition) -> set[str]:
    """What the definition limits the term to, outside its condition ("pregnant" in "The use of ultrasound
    for pregnant patients where ..."): the words of its unqualified part that no other passage uses."""
    _, head = _definition_parts(definition)
    elsewhere = {st for pid, p in kb.passages.items() if pid != definition.passage_id for st in content_stems(p.text)}
    return {w for w in head if w not in STOPWORDS and stem(w) not in elsewhere and stem(w) not in definition.term_stems}


_OUTSIDE_SCOPE = (r"(?:\b(?:non|not|aren['’]?t|isn['’]?t|wasn['’]?t|weren['’]?t|never|no longer)[\s-]+(?:(?:yet|currently|even|actually|really)\s+)?"
                  r"|\b(?:not (?:just|only)|other than|beyond|except)\s+(?:\w+\s+)?)")


def _denies_scope(text: str, scope: set[str]) -> bool:
    """"people who aren't pregnant", "anyone, not just pregnant women": the message denies what the
    definition limits the term to, or reaches past it."""
    if not scope:
        return False
    m = re.search(_OUTSIDE_SCOPE + r"(" + "|".join(map(re.escape, sorted(scope))) + r")\b", text, re.IGNORECASE)
    # (asked the other way round, "Doesn't social scanning cover women who aren't pregnant?", it is not a denial)
    return m is not None and not analyse(text[: m.start()] + " " + text[m.end():]).negated


def _definition_condition(kb: KnowledgeBase, definition: Definition) -> set[str]:
    """What decides whether a thing is what the term means: the definition's qualified parts (the
    term's own words are what is asked about, not its condition)."""
    condition, head = _definition_parts(definition)
    return _stated_condition(kb, condition, head | set(words(definition.term)))


def _reaches(kb: KnowledgeBase, message_words: list[str], condition: set[str], synonyms: Synonyms) -> bool:
    """Does the message say one of the condition's words: the same word (WordNet base forms compared, so
    "clinics" is not "clinical"), or a synonym or vocabulary phrase standing for it?"""
    bases = {b for w in condition for b in (kb.thesaurus.bases(w) or {w})}
    condition_stems = {stem(w) for w in condition}
    for w in message_words:
        if w in STOPWORDS:
            continue
        if (kb.thesaurus.bases(w) or {w}) & bases:
            return True
        if not kb.thesaurus.bases(w) and stem(w) in condition_stems:  # not an English word: "sexing"
            return True
        if any(says & condition_stems for says in synonyms.get(stem(w), ())):
            return True
    return False


def _only_through(kb: KnowledgeBase, these: list[str], not_those: list[str], condition: set[str], synonyms: Synonyms) -> bool:
    """The message reaches the condition in these words and not in those: only where it says the
    condition is absent ("non-accredited"), or only where it doesn't ("because baby is measuring small")."""
    return _reaches(kb, these, condition, synonyms) and not _reaches(kb, not_those, condition, synonyms)


def _through_term(stem_: str, glossed: set[str], synonyms: Synonyms) -> bool:
    """The word, or its synonym, is one that only a used term's definition says."""
    return stem_ in glossed or bool(_said_in(stem_, synonyms, glossed))


# Verbs that relate a term to what it means ("involve", "cover"): not words its definition must say.
_RELATION_STEMS = frozenset(stem(w) for w in "involve involves mean means cover covers include includes refer refers relate "
                            "relates concern concerns entail entails describe describes apply applies definition defined".split())


def _term_as_subject(kb: KnowledgeBase, asked: str, stems: list[str], sentences: list[SentenceEvidence],
                     named: list[Definition]) -> tuple[str, bool, bool] | None:
    """See Evidence.term_subject. The asked words are the question's less the term's and the issuer's."""
    opening = content_stems(asked)
    issuer = frozenset(stem(n) for n in kb.issuer_names)
    for d in named:
        if not d.term_stems or tuple(opening[: len(d.term_stems)]) != tuple(d.term_stems):
            continue
        rest = [st for st in stems if st not in d.term_stems and st not in issuer and st not in _RELATION_STEMS]
        own = [s for s in sentences if s.passage_id == d.passage_id]
        said = {st for s in own for st in s.matched}
        absent = {stem(w) for w in _absent_words(d.definition, [])}
        return d.passage_id, bool(rest) and all(st in said for st in rest), bool(absent & set(rest))
    return None


def gather(kb: KnowledgeBase, question: str, retrieval: Retrieval, yesno: bool = False, last_asks: bool = False) -> Evidence:
    question_stems = set(content_stems(question))
    issuer = frozenset(stem(n) for n in kb.issuer_names)
    asks_need = bool(_ASKS_NEED.search(question))
    named = kb.glossary.named_in(question_stems)
    # One definition per term (the best-ranked one): a term that many statements define must not
    # pull every one of those definitions into the evidence.
    rank = {h.passage_id: i for i, h in enumerate(retrieval.hits)}
    candidates = named + [d for term in retrieval.bridged_terms for d in kb.glossary.by_name.get(term, [])]
    by_term: dict[tuple[str, ...], Definition] = {}
    for d in sorted(candidates, key=lambda d: rank.get(d.passage_id, len(rank))):
        by_term.setdefault(d.term_stems, d)
    bridged = list(by_term.values())
    term_stems = {s for d in bridged for s in d.term_stems}
    top = [h.passage_id for h in retrieval.hits[:PASSAGES_FOR_EVIDENCE]]
    top += [d.passage_id for d in bridged if d.passage_id not in top and d.passage_id in kb.passages]
    vocab: set[str] = set()
    for pid in top:
        vocab.update(content_stems(kb.indexed_text[pid]))
    vocab |= kb.document_stems
    evidence_words = {w for pid in top for w in words(kb.indexed_text[pid])}
    synonyms: Synonyms = {q: [frozenset([st]) for st in found] for q, found in kb.thesaurus.links(words(question), evidence_words).items()}
    thesaurus_links = {q: list(v) for q, v in synonyms.items()}
    vocabulary_links = kb.lexicon.links(question, vocab)
    for q, phrases in vocabulary_links.items():
        synonyms.setdefault(q, []).extend(phrases)

    aliases = _aliases(kb, question)
    # Several questions in one message: the message is answerable if one of them is; answer that one.
    sentences_asked = asked_sentences(question)
    if last_asks and len(sentences_asked) > 1:
        # A rewritten follow-up asks its own question; the earlier one it refers to is context ("What's
        # CASE's position? What do the bodies in Australia say about it?" is answerable only if the second is)
        last = _FOLLOW_UP_FILLER.sub(" ", sentences_asked[-1])
        if any(st not in FRAME_STEMS and not st.isdigit() for st in content_stems(last)) or not _A_YEAR.search(last):
            # (one that only proposes a date, "And that was back in 2021, correct?", asks of the earlier one's subject)
            sentences_asked = [last]
    candidates = [clause for sentence in sentences_asked for clause in question_clauses(sentence)]
    # (last_asks: of questions covered alike, the last. A rewritten follow-up's own question comes after the
    # one it refers to: "Why did CASE put out the statement? Was it the programme leads who asked them for it?")
    def best_asked(deep: bool) -> tuple[float, list[str], dict[str, float], str]:
        scored = [(_coverage(kb, c, top, vocab, synonyms, deep=deep, aliases=aliases), i, c) for i, c in enumerate(candidates)]
        (coverage_, uncovered_, weights_), _, asked_ = max(scored, key=lambda t: (t[0][0], t[1] if last_asks else -t[1]))
        return coverage_, uncovered_, weights_, asked_

    coverage, uncovered, weights, asked = best_asked(deep=False)
    deep = coverage < COVERAGE_MIN or bool(bridged and uncovered)
    if deep:
        # Only where it decides whether the question is answered at all, or which words a defined
        # term is credited with standing in for: the middle layer's pass.
        coverage, uncovered, weights, asked = best_asked(deep=True)
    # (who runs the course is no part of the thing asked about: "a course offered by a university")
    provider = provider_stems(asked)
    focus = [st for st in dict.fromkeys(content_stems(" ".join(focus_words(asked)))) if st in weights and st not in provider]
    focus_uncovered = [st for st in focus if st in uncovered]
    if focus_uncovered and not deep:
        # Covered without the middle layer's pass, which may still match the asked thing.
        deep_uncovered = _coverage(kb, asked, top, vocab, synonyms, deep=True, aliases=aliases)[1]
        focus_uncovered = [st for st in focus_uncovered if st in deep_uncovered]
    if not focus_uncovered:
        said = object_words(asked, frame=lambda verb: stem(verb) in FRAME_STEMS)
        thing = [st for st in dict.fromkeys(content_stems(" ".join(said))) if st in weights and st not in provider]
        # A synonym of the phrase's head ("nursing degrees": "degree" for "course") says only the kind
        # of thing; the words before it say which, and one of those must be said.
        if thing and not any(_says(st, vocab, aliases) or (st in synonyms and (st != thing[-1] or len(thing) == 1))
                             for st in thing):
            texts = [kb.indexed_text[pid] for pid in top[:3]]
            both = zip(kb.tokens.word_matches(asked, texts), kb.tokens.word_matches_at(asked, texts, WORD_LAYER))
            close = {stem(w.lower().replace("’", "'")) for (w, sim), (_, mid) in both
                     if max(sim, mid) >= OBJECT_MATCH_MIN}
            if not close & set(thing):
                focus_uncovered = thing
    # What is asked of the subject ("Does CASE fund ...?", "Can CASE stop ...?") must be something the
    # statements say it does: the verb in their words or by a synonym, unless it only frames the
    # question (believe, get, allow, ...), where the object carries what is asked.
    verb = asked_verb(asked)
    if not focus_uncovered and verb is not None:
        st = stem(verb)
        if st in weights and st not in GENERIC_VERB_STEMS and not (_says(st, vocab, aliases) or st in synonyms):
            focus_uncovered = [st]
    # Who is asked about as acting ("Are physiotherapists allowed to ...?") must be someone the
    # statements speak of, by their word or its synonym; a nearby token vector is not enough.
    if not focus_uncovered:
        # (names, "the HCPC", have their own test below)
        named_here = set(content_stems(" ".join(proper_names(asked)))) | issuer
        actors = [st for st in dict.fromkeys(content_stems(" ".join(actor_words(asked))))
                  if st in weights and st not in named_here and st not in provider]
        focus_uncovered = [st for st in actors if not (_says(st, vocab, aliases) or st in synonyms)]
    # A name is matched by its own word (or, for initials, the words they stand for, or the domain
    # vocabulary's expansion: "OB" is obstetric) only: a token vector or a WordNet synonym close to
    # it says nothing about what it names.
    unknown_names = [st for st in dict.fromkeys(content_stems(" ".join(proper_names(_COMPARISON.sub(" ", asked)))))
                     if st in weights and not (_says(st, vocab, aliases) or st in vocabulary_links)]
    # "Which X?" asks to name X: evidence that says X but names none can't answer it.
    unnamed: list[str] = []
    which = [st for st in content_stems(" ".join(which_words(asked))) if st in weights]
    if which and which[-1] in vocab and not focus_uncovered:
        known = set(content_stems(question)) | issuer
        found = [_names_one(split.text, which[-1], known) for pid in top for split in split_sentences(kb.passages[pid].text)]
        if any(f is not None for f in found) and not any(found):
            unnamed = [which[-1]]
    # "What does <name> <verb> ...?" asks what that body or document itself does or says.
    subject_unsaid: list[str] = []
    subject = named_subject(asked)
    if subject is not None:
        name = [stem(w) for w in subject[0]]
        if name and not set(name) <= issuer and set(name) <= vocab:
            if not any(_acts_in(kb.passages[pid].text, name, stem(subject[1])) for pid in top):
                subject_unsaid = subject[0]
    stems = list(weights)
    side = _side_stems(asked)
    if side:
        # "... until statutory regulation arrives?", "run by a keepsake scan chain": _coverage already
        # weighed these words at ASIDE_CREDIT; in ranking sentences they weigh that share again (a
        # quarter in all), which measured better on dev than a half (probe-g-23)
        weights = {st: w * (ASIDE_CREDIT if st in side else 1.0) for st, w in weights.items()}
    total = math.fsum(weights.values()) or 1.0
    context = {st for st in question_stems if st not in FRAME_STEMS and st not in weights}
    context_weights = {st: CONTEXT_CREDIT * kb.lexical.idf(st) for st in context}
    opposites = kb.lexicon.opposites(asked)  # (read once, not per sentence)

    # (the sign-off aside: "Clinical Services Manager" under an email says nothing of a clinical need)
    message = without_signature(question)
    # (who runs a course says nothing of what it is for: "a course run by one of the big keepsake scan chains")
    # (nor does the name of the statement asked about: "would CASE's stance on social scanning stop a
    # course like that ...?" says nothing of what the course is for)
    message_words = words(_PROVIDER.sub(" ", _document_names(tuple(d.title for d in kb.documents.values())).sub(" ", message)))
    affirmed_words, negated_words = _split_negated(message)
    proviso = PROVISO.search(asked)
    proviso_words = words(proviso.group("proviso")) if proviso else []
    asked_stem = stem(verb) if verb is not None else None
    if asked_stem is not None and (asked_stem in GENERIC_VERB_STEMS or asked_stem not in weights):
        asked_stem = None
    sentences: list[SentenceEvidence] = []
    # Each passage's sentences and their stems, once: the loop below and plain_stems both read them.
    parsed = []
    for rank, pid in enumerate(top):
        split = split_sentences(kb.passages[pid].text)
        if split:
            parsed.append((rank, pid, split, [content_stems(s.text) for s in split]))
    # the evidence's own words, definitions' passages aside
    plain_stems = {st for _, pid, _, ordered in parsed if pid not in kb.definition_ids for o in ordered for st in o}
    gloss_stems: dict[int, set[str]] = {}
    # per set of definitions a rule uses: whether the message names none of their other purposes
    other_purposes: dict[tuple[str, ...], bool] = {}
    for rank, pid, split, ordered in parsed:
        # Sentences are compared with the question together with the definitions of the terms they use.
        split_stems = [set(o) for o in ordered]
        used = [kb.glossary.used_in(o, pid) for o in ordered]
        texts = [" ".join([s.text, *(d.gloss for d in ds)]) for s, ds in zip(split, used)]
        vecs = kb.vectors.get(texts)
        dense = vecs @ retrieval.query_vector if retrieval.query_vector is not None else np.zeros(len(split))
        for sent, d, sstems, ds in zip(split, dense, split_stems, used):
            matched = {s for s in stems if _says(s, sstems, aliases)}
            # A question word the statements never use counts where they use its synonym.
            said = {s: _said_in(s, synonyms, sstems) for s in stems if s in synonyms}
            matched |= {s for s, syn in said.items() if syn}
            credit = math.fsum(weights[s] for s in matched)
            matched |= {syn for found in said.values() for syn in found}  # where the sentence says it
            if term_stems and term_stems <= sstems:
                # The defined term stands in for the asker's words the statements never use.
                credit += BRIDGE_CREDIT * math.fsum(weights[s] for s in uncovered)
                matched |= term_stems
            # A sentence using a defined term says, through it, what the definition says ("courses ...
            # for social scanning" speaks of "fetal sexing"): those question words count, as bridged ones do.
            # Only the definition's own words: ones the other evidence uses too ("ultrasound") say nothing of it.
            glossed: set[str] = set()
            for dfn in ds:
                glossed |= gloss_stems.setdefault(id(dfn), set(content_stems(dfn.gloss)))
            glossed -= sstems | plain_stems
            credit += BRIDGE_CREDIT * math.fsum(weights[st] for st in stems
                                          if st not in matched and _through_term(st, glossed, synonyms))
            lex = credit / total
            background = math.fsum(w * (1.0 if st in sstems else BRIDGE_CREDIT if _through_term(st, glossed, synonyms) else 0.0)
                             for st, w in context_weights.items()) / total
            rule = bool(_RULE_CUE.search(sent.text))
            reached, denied, foreign = None, False, False
            cond = condition_text(sent.text)
            if rule and cond is not None:
                condition = _condition_words(kb, sent.text, ds)
                reached = _reaches(kb, message_words, condition, synonyms) if condition else None
                # (not a proviso on how much of the course it is, "as long as it isn't the sole focus": that
                # is what the rule's "solely" turns on)
                foreign = bool(reached and proviso_words and not _reaches(kb, proviso_words, condition, synonyms)
                               and not _PROVISO_EXTENT.search(proviso.group("proviso")))
                if reached:
                    absent = condition & _absent_words(sent.text, ds)
                    if absent:
                        # "for NHS diagnostic practice" against "where there is no medical justification"
                        # (but "with no medical purpose" says what that condition says)
                        denied = (not _reaches(kb, message_words, condition - absent, synonyms)
                                  and not _reaches(kb, negated_words, absent, synonyms))
                        if not denied:
                            # "a PgCert in obstetric ultrasound: dating, anomaly screening and growth scans":
                            # a message about pregnancy scanning says words of the term's definition, but
                            # it gives the purpose that must be absent and none of the other purposes the
                            # definition names (fetal sexing, souvenir images).
                            # The purpose must be said in other words than the condition's own ("anomaly
                            # scans", "diagnosis"): "a medical director", "a clinical training provider"
                            # say who, not what for. Naming the term itself ("our social scanning course")
                            # is one of the other purposes.
                            key = tuple(d.passage_id for d in ds)
                            if key not in other_purposes:  # (once per set of definitions, not per sentence)
                                purposes = _other_purposes(ds, plain_stems)
                                other_purposes[key] = bool(purposes) and not (
                                    _reaches(kb, message_words, purposes, synonyms) or _names_term(message_words, ds, synonyms))
                            purpose_words = [w for w in affirmed_words if stem(w) not in {stem(a) for a in absent}]
                            denied = (other_purposes[key] and _reaches(kb, purpose_words, absent, synonyms)
                                      and not _reaches(kb, negated_words, absent, synonyms))
                    else:
                        # "a course with no medical purpose" against "only ... for medical diagnosis"
                        # (the issuer's name, in "CASE accredited", is no part of what the message must deny)
                        stated = {w for w in condition if w.lower() not in kb.issuer_names}
                        denied = _only_through(kb, negated_words, affirmed_words, stated, synonyms)
            verb_said = None
            if asked_stem is not None:
                main_stems = set(content_stems(sent.text.replace(cond, " ") if cond else sent.text))
                verb_said = _says(asked_stem, main_stems, aliases) or bool(_said_in(asked_stem, synonyms, main_stems))
            score = 0.55 * float(d) + 0.45 * (lex + background) - 0.01 * rank + (RULE_BONUS if yesno and rule else 0.0)
            sentences.append(
                SentenceEvidence(pid, sent.text, sent.start, sent.end, score, float(d), lex, matched,
                                 _negative_for(sent.text, matched, asks_need), rule, bool(_QUANTITY.search(sent.text)),
                                 reached, denied, verb_said, any(says <= sstems for says in opposites), foreign)
            )
    sentences.sort(key=lambda s: s.score, reverse=True)
    definition_reached = {}
    definition_denied = set()
    definition_core: dict[str, bool] = {}
    definition_typical: dict[str, bool] = {}
    strict_synonyms: Synonyms | None = None
    for d in bridged:
        condition = _definition_condition(kb, d)
        if condition:
            definition_reached[d.passage_id] = _reaches(kb, message_words, condition, synonyms)
            if definition_reached[d.passage_id]:
                if strict_synonyms is None:
                    # (without the vocabulary links that only usually hold: built only when a definition is reached)
                    strict_synonyms = thesaurus_links
                    for q, phrases in kb.lexicon.links(question, vocab, typical=False).items():
                        strict_synonyms.setdefault(q, []).extend(phrases)
                definition_typical.setdefault(d.passage_id, not _reaches(kb, message_words, condition, strict_synonyms))
            # "because baby is measuring small" says there is the clinical justification whose absence
            # the definition requires ("with no clinical reason" says there isn't)
            absent = condition & _absent_words(d.definition, [])
            if absent:
                definition_core[d.passage_id] = _reaches(kb, message_words, absent, synonyms)
            if absent and _only_through(kb, affirmed_words, negated_words, absent, synonyms):
                definition_denied.add(d.passage_id)
    term_subject = _term_as_subject(kb, asked, stems, sentences, named)
    scope_denied = {d.passage_id for d in bridged if _denies_scope(asked or question, _definition_scope(kb, d))}
    return Evidence(
        query_stems=stems,
        weights=weights,
        coverage=coverage,
        uncovered=uncovered,
        sentences=sentences,
        definition_passages={d.passage_id: d.term_stems for d in bridged},
        definition_condition_reached=definition_reached,
        definition_condition_denied=definition_denied,
        definition_scope_denied=scope_denied,
        definition_core_reached=definition_core,
        definition_reached_only_typically=definition_typical,
        asks_about_term=any(not _names_only_a_document(content_stems(question), d.term_stems) for d in named),
        asked=asked,
        focus_uncovered=focus_uncovered,
        unknown_names=unknown_names,
        unnamed=unnamed,
        subject_unsaid=subject_unsaid,
        all_stems={st for st in question_stems if st not in FRAME_STEMS},
        term_is_predicate=any(
            _copula_with_subject(text, kb) and any(_ends_with_predicate(text, d.term_stems) for d in named)
            for text in dict.fromkeys([question, asked, _BY_WHOSE_WORDS.sub("?", asked)])
        ),
        names_document=any(t and t <= question_stems for t in kb.title_stems) or bool(_THIS_DOCUMENT.search(question)),
        term_subject=term_subject,
        provider=provider_stems(question),
        issuer=issuer,
        aside=_aside_stems(asked),
    )
