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
    r"photo(graph)?s? (supplied |provided |used )?(courtesy of|by|©)",
    r"^header (photo|image)",
    r"\bcreated with\b.*\b(website ?builder|wix|squarespace|wordpress|ionos|jimdo|weebly)\b",
    r"^(©|copyright\b|all rights reserved)",
    r"\bcookie (policy|settings|preferences)\b",
    r"^privacy( policy)?( \| .*)?$",
    r"^\[\s*\]$",
]
_CHROME_RE = [re.compile(p, re.IGNORECASE) for p in _CHROME]
_EMPTY_LINK = re.compile(r"\s*\[\s*\]\s*$")


def is_chrome(line: str) -> bool:
    """True for a line that is site furniture rather than statement wording."""
    text = line.strip()
    return bool(text) and any(p.search(text) for p in _CHROME_RE)


def strip_chrome(text: str) -> str:
    """Drop chrome lines and empty link artefacts ("[]"); keep every other line as it is."""
    kept = []
    for line in text.splitlines():
        if is_chrome(line):
            continue
        kept.append(_EMPTY_LINK.sub("", line))
    return "\n".join(kept)
