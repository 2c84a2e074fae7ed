"""Website chrome that must never reach the index (menus, contact links, credits, site builders).

The patterns describe kinds of chrome common to any website, not lines of one statement.
"""

from __future__ import annotations

import re

_CHROME = [
    r"^contact us\.?$",
    r"^get social with us\.?$",
    r"^(follow|find|like) us( on .*)?\.?$",
    r"^(print|sitemap|home|menu|search|login|log in|back to top|share|cookies?)(\s*\|\s*\w[\w ]*)*\s*$",
    r"\b(photo(graph)?s?|images?) (supplied |provided |used )?(courtesy of|©)",
    r"^(photo(graph)?s?|images?) by \S+( \S+){0,3}$",  # "Photo by Jane Smith", not "Photos by patients must..."
    r"^header (photo|image)",
    r"\bcreated with\b.*\b(website ?builder|wix|squarespace|wordpress|ionos|jimdo|weebly)\b",
    r"^(©|copyright (©|\(c\)|\d{4})|all rights reserved)",
    r"^(cookie (policy|settings|preferences)|we use cookies|this (web)?site uses cookies)",
    r"^privacy( policy)?( \| .*)?$",
    r"^\[\s*\]$",
]
_CHROME_RE = [re.compile(p, re.IGNORECASE) for p in _CHROME]
_EMPTY_LINK = re.compile(r"\s*\[\s*\]\s*$")


# Chrome lines are short; a longer line is a paragraph of wording even if it mentions "photographs
# provided by" or "cookie policy", and dropping it would silently lose policy text.
MAX_CHROME_WORDS = 20


def is_chrome(line: str) -> bool:
    """True for a line that is site furniture rather than statement wording."""
    text = line.strip()
    return bool(text) and len(text.split()) <= MAX_CHROME_WORDS and any(p.search(text) for p in _CHROME_RE)


def strip_chrome(text: str) -> str:
    """Drop chrome lines and empty link artefacts ("[]"); keep every other line as it is."""
    kept = []
    for line in text.splitlines():
        if is_chrome(line):
            continue
        kept.append(_EMPTY_LINK.sub("", line))
    return "\n".join(kept)
