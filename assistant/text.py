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
