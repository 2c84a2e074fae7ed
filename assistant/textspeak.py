"""Text-speak and common misspellings, written out before a message is read ("is 4d scanning safe 4
the baby tho", "can u get on the rct wiv a pgd", "is it ilegal ...").

Students and clinic staff type on phones. Every later stage reads English words, so an unexpanded "u",
"4" or "ur" made a question look like one the statements don't answer, or hid the word ("illegal") a
check looks for. The expansions are generic English chat shorthand, not words of any statement; the
corpus-based spelling corrector (retrieve) still handles the statement's own vocabulary.
"""

from __future__ import annotations

import re

# Shorthand whose meaning doesn't depend on the words around it.
_WORDS = {
    "u": "you", "ur": "your", "r": "are", "n": "and", "ppl": "people", "pls": "please", "plz": "please",
    "tho": "though", "cos": "because", "coz": "because", "cuz": "because", "bc": "because", "b4": "before",
    "wiv": "with", "wid": "with", "w/": "with", "wat": "what", "wot": "what", "wht": "what", "dat": "that",
    "dis": "this", "da": "the", "im": "I'm", "ive": "I've", "dont": "don't", "doesnt": "doesn't",
    "cant": "can't", "isnt": "isn't", "arent": "aren't", "didnt": "didn't", "wouldnt": "wouldn't",
    "couldnt": "couldn't", "shouldnt": "shouldn't", "thats": "that's", "whats": "what's", "gonna": "going to",
    "wanna": "want to", "gotta": "have to", "quals": "qualifications", "qual": "qualification",
    "prog": "programme", "uni": "university", "govt": "government", "gov": "government", "info": "information",
    "abt": "about", "bout": "about", "smth": "something", "sth": "something", "ppl's": "people's",
    "ilegal": "illegal", "illegel": "illegal", "leagal": "legal", "personaly": "personally",
    "accredidation": "accreditation", "accredation": "accreditation", "acredit": "accredit",
    "acredited": "accredited", "accredided": "accredited", "sonographor": "sonographer",
    "focussed": "focused", "recieve": "receive", "definately": "definitely", "wether": "whether",
    "gettin": "getting", "doin": "doing", "goin": "going", "tryin": "trying", "lookin": "looking",
    "thinkin": "thinking", "sayin": "saying", "scannin": "scanning", "trainin": "training",
}
_WORD = re.compile(r"(?<![\w'’/-])(" + "|".join(re.escape(w) for w in sorted(_WORDS, key=len, reverse=True)) + r")(?![\w'’/-])",
                   re.IGNORECASE)

# "4" and "2" are "for" and "to" only where a number can't be meant: "safe 4 the baby", "want 2 do",
# not "4 weeks", "had 4 scans", "a 4 day course".
_UNITS = r"(weeks?|wks?|days?|months?|years?|yrs?|hours?|hrs?|times?|scans?|modules?|pm|am|d|k|x|%|or|and|-)"
_FOR = re.compile(rf"(?<=[a-z]\s)4(?=\s+(?!{_UNITS}\b)[a-z])", re.IGNORECASE)
_TO = re.compile(r"(?<=[a-z]\s)2(?=\s+(do|be|get|go|have|make|see|find|know|work|scan|train|register|apply|become|"
                 r"ask|learn|study|run|start|offer|teach|tell|say|use|pay|book|find|the|a|my|our|your|u|you|me|us)\b)",
                 re.IGNORECASE)
_NUMBER_BEFORE = re.compile(r"\b(had|have|got|did|after|about|around|only|just|over|under|than|of|at|or|and|to|every|"
                            r"first|last|next|these|those|the|a|an)\s+$", re.IGNORECASE)


def _number_meant(text: str, start: int) -> bool:
    return bool(_NUMBER_BEFORE.search(text[max(0, start - 12):start]))


def normalise(text: str) -> str:
    """The message with chat shorthand and common misspellings written out; otherwise unchanged."""
    text = _WORD.sub(lambda m: _expand(m.group(1)), text)
    text = _FOR.sub(lambda m: m.group(0) if _number_meant(text, m.start()) else "for", text)
    return _TO.sub(lambda m: m.group(0) if _number_meant(text, m.start()) else "to", text)


def _expand(word: str) -> str:
    out = _WORDS[word.lower()]
    # "U" alone is "you"; "N" or "R" in capitals are more likely initials
    if word.isupper() and len(word) == 1 and word not in ("U",):
        return word
    return out
