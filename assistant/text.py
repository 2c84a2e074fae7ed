"""Word-level text helpers shared by the lexical index, retrieval and the decision stages."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’](?!s\b)[A-Za-z]+)?")  # "it's" -> "it", "don't" kept whole

# Function words only: generic English, nothing specific to any statement.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves also may might must shall would
    eg ie etc im ive id dont doesnt cant wont isnt arent s t d ll re ve please thanks thank hi hello
    dear regards kind best wishes""".split()
)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    """Lower-cased word tokens; apostrophes inside words kept, curly or straight."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


STEM_PREFIX = 7  # "diagnostic"/"diagnosis", "pregnancy"/"pregnant" share their first 7 letters


def stem(word: str) -> str:
    """Snowball stem cut to STEM_PREFIX letters, so related forms the stemmer keeps apart still meet.
    Changing this changes the index: bump indexer.FORMAT with it."""
    return _stemmer().stemWord(word)[:STEM_PREFIX]


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning (stopwords removed), in order."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1]


_RUN_BREAK = re.compile(r"[^\w\s'’&-]+")  # punctuation ends a run of capitalised words
_ACRONYM = re.compile(r"\b([A-Z]{2,})(s?)\b")


MAX_INITIALS = 8


def initialisms(text: str) -> dict[str, set[tuple[str, ...]]]:
    """{"rct": {("regist", "clinic", "technol")}} for "Register of Clinical Technologists": every run of
    two or more capitalised words (function words between them allowed, and skipped or not) keyed by
    its initials, lower-cased, with the stems of the capitalised words it stands for."""
    out: dict[str, set[tuple[str, ...]]] = {}
    for segment in _RUN_BREAK.split(text):
        toks = segment.split()
        runs: list[list[str]] = [[]]
        for t in toks:
            if t[:1].isupper():
                runs[-1].append(t)
            elif t.lower() in STOPWORDS and runs[-1]:
                runs[-1].append(t.lower())
            else:
                runs.append([])
        for run in runs:
            caps = [i for i, t in enumerate(run) if t[:1].isupper()]
            for a in range(len(caps)):
                # Initialisms are short: capping the span keeps an all-capitals disclaimer from
                # costing cubic time.
                for b in range(a + 1, min(len(caps), a + MAX_INITIALS)):
                    span = run[caps[a]: caps[b] + 1]
                    capitals = [t for t in span if t[:1].isupper()]
                    expansion = tuple(stem(w.lower()) for w in capitals)
                    for key in {"".join(t[0] for t in capitals), "".join(t[0] for t in span)}:
                        out.setdefault(key.lower(), set()).add(expansion)
    return out


def acronyms(text: str) -> list[tuple[str, str]]:
    """(stem, initials) of each all-capitals word of the text ("RCT", "RCTs" -> ("rct", "rct"))."""
    return [(stem((m.group(1) + m.group(2)).lower()), m.group(1).lower()) for m in _ACRONYM.finditer(text)]


# An email's sign-off line ("Kind regards,", "Thanks, Jane", "Sent from my iPhone"): what follows is
# the sender's name and title, not the enquiry.
SIGNATURE_START = re.compile(
    r"^\s*(--\s*$"
    r"|(kind(est)?|best|warm(est)?|many|with)?\s*(regards|wishes|thanks|thank you|cheers|sincerely)\b[\w ]{0,20}[,.!]?\s*$"
    r"|(yours\s+(sincerely|faithfully|truly)|all the best|best|thanks( again)?|many thanks|thank you( in advance| very much)?|regards|cheers)[,.!]?\s*$"
    r"|(thanks|many thanks|thank you|regards|best( wishes)?|kind regards|cheers),\s+[A-Z][\w.' -]{0,30}$"
    r"|sent from my\b)",
    re.IGNORECASE,
)


def signature_line(lines: list[str]) -> int | None:
    """The index of the sign-off line ("Kind regards,") after something was said, or None."""
    for i, line in enumerate(lines):
        if i > 0 and SIGNATURE_START.match(line) and any(k.strip() for k in lines[:i]):
            return i
    return None


# The same at the end of the last line: "... pitched at?' Thanks, Sam"
_INLINE_SIGN_OFF = re.compile(
    r"(?<=[.!?'’\"”)])\s+(?i:many thanks|thanks( again| so much| a million| in advance)?|thank you( in advance| very much)?|"
    r"(kind|best|warm) (regards|wishes)|regards|cheers|yours (sincerely|faithfully|truly))[,.!]?"
    r"(\s+[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){0,2})?\s*[.!x]*\s*$")


def without_signature(text: str) -> str:
    """The message less its sign-off and what follows it ("Best regards, / Natalie Price / Clinical
    Services Manager"): a job title says nothing about what is asked."""
    lines = text.split("\n")
    i = signature_line(lines)
    return text if i is None else "\n".join(lines[:i])


def without_closing(text: str) -> str:
    """The message less a sign-off on its last line, after the question ("... pitched at?' Thanks, Sam")."""
    return _INLINE_SIGN_OFF.sub("", text)
