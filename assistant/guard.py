"""Input guard: clean the text, enforce the length limit, recognise injection and misuse.

An injection attempt is neutralised (its instruction phrases are cut and flagged) and the question
still gets the policy answer; a request to fabricate a document or approval, or to speak in CASE's
name, is refused with the reason.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Unicode tag characters, zero-width and bidi controls: invisible text that can smuggle instructions.
_INVISIBLE = re.compile("[\U000e0000-\U000e007f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_INJECTION = [
    # the instruction itself, plus a short "and answer yes" tail up to the next delimiter
    r"\b(ignore|disregard|forget|override|bypass)\b[^.?!:\n]{0,40}\b(instructions?|rules?|prompts?|guidelines?|guardrails?|constraints?|context|everything)\b(\s+and\s+[^.?!:\n]{0,40}(?=[.?!:\n]))?",
    r"\byou are now\b[^.?!\n]*",
    r"\bfrom now on\b[^.?!\n]*",
    r"\b(act|behave|respond|answer) as (if|though|an?|the)\b[^.?!\n]*",
    r"\b(pretend|imagine|role-?play)\b[^.?!\n]*",
    r"\b(developer|god|jailbreak|dan) mode\b[^.?!\n]*",
    r"\b(system|developer) (prompt|message|instruction)s?\b[^.?!\n]*",
    r"^\s*(system|assistant)\s*:[^.?!\n]*[.!]?",
    r"</?\s*(system|instructions?|prompt)\s*>",
    r"\b(new|updated|revised|latest)\s+(case\s+)?(policy|position|guidance|rules?|statement)\b[^.?!\n]*",
    r"\b(policy|position statement|guidance) (update|change|amendment|revision)\b[^.?!\n]*",
    r"\b(note that |remember that |fyi,? )?case (has |have )?(now |recently |just )?(changed|updated|reversed|revised|withdrawn|dropped|amended)\b[^.?!\n]*",
    r"\b(the )?(policy|statement|position|rule) (has been|was|is now) (overridden|changed|updated|reversed|revised|withdrawn|replaced)\b[^.?!\n]*",
    r"\b(you must|you will|you should) (now )?(answer|say|reply|respond|confirm|agree)\b[^.?!\n]*",
    r"\b(only )?(answer|reply|respond|say) (only )?(with )?[\"'“‘]?(yes|no)\b[\"'”’]?(?! or)[^.?!\n]*",
]
_INJECTION_RE = [re.compile(p, re.IGNORECASE | re.MULTILINE) for p in _INJECTION]

# Documents that could pass as CASE's own words ("accreditation" alone is a topic, not a document).
_DOC = r"(letter|certificate|certification|confirmation|statement|approval|endorsement|document|email|e-mail|notice|letterhead|reference|testimonial|press release|announcement)"
_MAKE = r"(write|draft|create|generate|produce|make|issue|compose|prepare|forge|fake|mock up|type up)"
_MISUSE = [
    # make a document ... from / as / on behalf of CASE
    rf"\b{_MAKE}\b[^?!\n]{{0,80}}\b{_DOC}\b[^?!\n]{{0,80}}\b(from|by|as|on behalf of|in the name of|signed by|on|with) (the )?case\b",
    rf"\b{_MAKE}\b[^?!\n]{{0,60}}\b(case|official|formal)\b[^?!\n]{{0,30}}\b{_DOC}\b",
    rf"\b{_MAKE}\b[^?!\n]{{0,80}}\b{_DOC}\b[^?!\n]{{0,80}}\b(confirm|certif|approv|accredit|endors|stat)\w*",
    r"\b(on behalf of|in the name of|speaking for|speak for|signed by|as a representative of|as an? official of) (the )?case\b",
    r"\b(pretend|act|pose|speak|respond|reply|write|sign)\b[^?!\n]{0,20}\b(to be|as|like|for)\b[^?!\n]{0,15}\bcase\b",
    r"\b(pretend|imagine|role-?play|let'?s play)\b[^.?!\n]{0,40}\b(you are|you're|to be|as)\b[^.?!\n]{0,30}\bcase\b",
    r"\byou are (now )?(the |a |an )?case\b",
    r"\bcase'?s? letterhead\b",
    r"\b(fake|forged?|counterfeit|fabricated?|backdated?|phony|bogus)\b[^?!\n]{0,40}\b(certificate|accreditation|approval|letter|document|credential|qualification)s?\b",
    r"\b(approve|accredit|certify|endorse)\b (my|our|this|the) (course|programme|program|clinic|business|training)\b(?! (be|get|is))[^?]*$",
    r"\b(grant|give|award)\b (me|us|my|our)\b[^?!\n]{0,40}\b(accreditation|approval|certificate)\b",
    r"\b(confirm|certify|state|declare)\b (in writing|officially|formally|for the record)\b",
]
_MISUSE_RE = [re.compile(p, re.IGNORECASE) for p in _MISUSE]


@dataclass
class GuardResult:
    original: str
    text: str  # what the rest of the pipeline answers
    flags: list[str] = field(default_factory=list)
    rejection: str | None = None  # input that cannot be answered at all (empty, too long)
    refusal: str | None = None  # a request the assistant must not carry out


def clean(text: str) -> str:
    """Strip invisible and control characters, fold compatibility forms, collapse spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def check(question: str, max_chars: int) -> GuardResult:
    raw = question if isinstance(question, str) else str(question)
    if len(raw) > max_chars * 4:
        # Refuse before doing any work on a huge input.
        return GuardResult(raw[:200], "", ["too_long"], rejection=_too_long(len(raw), max_chars))
    text = clean(raw)
    result = GuardResult(raw, text)
    if len(text) != len(raw.strip()):
        result.flags.append("input_cleaned")
    if not text:
        result.rejection = "Please type a question about the CASE position statements."
        result.flags.append("empty")
        return result
    if len(text) > max_chars:
        result.rejection = _too_long(len(text), max_chars)
        result.flags.append("too_long")
        return result
    for pattern in _MISUSE_RE:
        if pattern.search(text):
            result.flags.append("misuse")
            result.refusal = (
                "I can't write documents, approvals or statements in CASE's name, or confirm an "
                "accreditation: only CASE can do that. I can tell you what the CASE position "
                "statements say, quoting them, if you ask about the policy itself."
            )
            break
    stripped = text
    for pattern in _INJECTION_RE:
        stripped = pattern.sub(" ", stripped)
    stripped = re.sub(r"\s+", " ", stripped).strip(" .,;:-")
    if stripped != text:
        result.flags.append("injection_ignored")
        result.text = stripped
    return result


def _too_long(n: int, limit: int) -> str:
    return (
        f"Your message is too long to answer ({n:,} characters; the limit is {limit:,}). "
        "Please ask one question at a time, or use the email-drafting view for a long enquiry."
    )
