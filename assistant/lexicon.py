"""The domain vocabulary: the words programme leads, students, clinic owners and the public use for
what the statements say ("kitemark" for "accredit", "boy or girl scans" for "fetal sexing",
"governed by law" for "statutory regulation").

Neither WordNet (general English, first senses only) nor the embedding model's token vectors link
such trade and everyday phrases to the statements' wording, so a question phrased that way looked
like one the statements don't answer. The list is data (`data/lexicon.yaml`), written from the
statements' own words; a link only counts where the evidence uses the linked words, so it makes no
question answerable that the statements don't speak to.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .text import content_stems, words

DEFAULT_PATH = Path(__file__).parent / "data" / "lexicon.yaml"


class LexiconError(ValueError):
    """The vocabulary file is malformed."""


@dataclass(frozen=True)
class Link:
    asked: tuple[str, ...]  # stems of the asker's phrase, in order
    says: frozenset[str]  # stems of the statements' words it stands for
    # A phrase whose function words carry its sense ("sign off", "accredit me", "give the nod") is
    # matched by its words as written, not by its content stems, which shrink to one common word.
    written: tuple[str, ...] | None = None
    # The asked words usually, not always, mean the statements' words ("4D scan": "souvenir images").
    typical: bool = False
    # The asked words say the opposite of the statements' words ("fewer" against "an increase"): a
    # sentence saying them answers the question the other way round.
    opposite: bool = False


class Lexicon:
    def __init__(self, entries: list[dict]) -> None:
        self._by_first: dict[str, list[Link]] = defaultdict(list)
        self._by_first_word: dict[str, list[Link]] = defaultdict(list)
        self.words: set[str] = set()  # the askers' words, for the spelling corrector
        seen: set[Link] = set()
        for entry in entries:
            says = frozenset(content_stems(str(entry["says"])))
            typical = bool(entry.get("typical", False))
            opposite = bool(entry.get("opposite", False))
            for phrase in entry["asked"]:
                asked = tuple(content_stems(str(phrase)))
                if not asked or not says:
                    continue
                written = tuple(words(str(phrase)))
                link = Link(asked, says, written if len(asked) == 1 and len(written) > 1 else None, typical, opposite)
                if link not in seen:  # "programme" / "programmes" stem alike
                    seen.add(link)
                    if link.written:
                        self._by_first_word[written[0]].append(link)
                    else:
                        self._by_first[asked[0]].append(link)
                self.words.update(w for w in written if len(w) >= 4)

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> Lexicon:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise LexiconError(f"Cannot read the vocabulary {path}: {exc}") from exc
        if not isinstance(data, list) or not all(
            isinstance(e, dict) and "says" in e and isinstance(e.get("asked"), list) for e in data
        ):
            raise LexiconError(f"{path}: expected a list of entries, each with 'says' and an 'asked' list")
        return cls(data)

    def matches(self, question: str) -> list[Link]:
        """The entries whose asked phrase occurs in the question (its meaningful words, in order)."""
        stems = content_stems(question)
        found: list[Link] = []
        for i, st in enumerate(stems):
            for link in self._by_first.get(st, ()):
                if tuple(stems[i:i + len(link.asked)]) == link.asked:
                    found.append(link)
        written = words(question)
        for i, w in enumerate(written):
            for link in self._by_first_word.get(w, ()):
                if tuple(written[i:i + len(link.written or ())]) == link.written:
                    found.append(link)
        return found

    def links(self, question: str, evidence_stems: set[str], typical: bool = True) -> dict[str, list[frozenset[str]]]:
        """question stem -> the statements' phrases (as stem sets) its phrase stands for, those the
        evidence says whole. A sentence says the asker's phrase only if it says all of one of them:
        "individual sonographers" is "personal accreditation of an individual", not any "accredit".
        typical=False leaves out the links that only usually hold."""
        out: dict[str, list[frozenset[str]]] = {}
        for link in self.matches(question):
            if link.says <= evidence_stems and (typical or not link.typical):
                for st in link.asked:
                    if link.says not in out.setdefault(st, []):
                        out[st].append(link.says)
        return out

    def opposites(self, question: str) -> list[frozenset[str]]:
        """The statements' words the question says the opposite of ("fewer applicants": "increase"); a
        sentence saying them answers it the other way round. Not those the question also says itself
        ("I have a BSc: after a CASE accredited PgCert can I register?" asks about the PgCert)."""
        found = self.matches(question)
        said = set(content_stems(question)) | {st for link in found if not link.opposite for st in link.says}
        return [link.says for link in found if link.opposite and not link.says <= said]

    def opposes(self, question: str, sentence_stems: set[str]) -> bool:
        """Does the question say the opposite of what the sentence says?"""
        return any(says <= sentence_stems for says in self.opposites(question))

    def expansion(self, question: str) -> list[str]:
        """The statements' stems for the question's phrases, to search with beside its own words."""
        return sorted({st for link in self.matches(question) if not link.opposite for st in link.says})


@lru_cache(maxsize=4)
def get_lexicon(path: Path = DEFAULT_PATH) -> Lexicon:
    return Lexicon.load(path)
