"""The golden cases: load, validate and select them (split, fast subset)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import re

import yaml

GOLDEN_DIR = Path(__file__).parent / "golden"
SUBSETS_FILE = Path(__file__).parent / "subsets.yaml"
SPLITS = ("dev", "heldout")
VERDICTS = ("yes", "no", "depends", "info", "not_covered", "refused")
ABSTAIN = frozenset({"not_covered", "refused"})
ANSWER_VERDICTS = frozenset(VERDICTS) - ABSTAIN
_KEYS = {"id", "question", "turns", "verdicts", "cite", "cite_ok", "must", "must_not", "tags", "split"}


class _Loader(yaml.SafeLoader):
    """YAML 1.1 reads yes/no/on/off as booleans; in these files "no" is a verdict, so only true/false are."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def read_yaml(path: Path):
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        raise GoldenError(f"{path}: not valid YAML: {exc}") from exc


class GoldenError(ValueError):
    """A golden file that breaks the schema: the message names the file and case."""


@dataclass(frozen=True)
class Case:
    id: str
    turns: tuple[str, ...]  # the last is the question; the earlier ones are the history
    verdicts: tuple[str, ...]
    split: str
    cite: tuple[str, ...] = ()
    cite_ok: tuple[str, ...] = ()
    must: tuple[str, ...] = ()
    must_not: tuple[str, ...] = ()
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def question(self) -> str:
        return self.turns[-1]

    @property
    def history(self) -> list[dict[str, str]]:
        """Earlier turns as chat history (user messages only: the runner asks them without answers)."""
        return [{"role": "user", "content": t} for t in self.turns[:-1]]

    @property
    def must_abstain(self) -> bool:
        """Only not_covered (or refused) is acceptable: answering anything is wrong."""
        return "not_covered" in self.verdicts and not (set(self.verdicts) & ANSWER_VERDICTS)

    @property
    def answerable(self) -> bool:
        """Only answer verdicts are acceptable: abstaining or refusing is wrong."""
        return not (set(self.verdicts) & ABSTAIN)

    @property
    def adversarial(self) -> bool:
        return "adversarial" in self.tags


def _strings(value, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise GoldenError(f"{where}: {key} must be a list of strings")
    return tuple(str(v) for v in value)


def parse_case(raw: dict, split: str, where: str) -> Case:
    if not isinstance(raw, dict):
        raise GoldenError(f"{where}: each case must be a mapping")
    unknown = set(raw) - _KEYS
    if unknown:
        raise GoldenError(f"{where}: unknown keys {sorted(unknown)}")
    case_id = raw.get("id")
    if not isinstance(case_id, str) or not case_id:
        raise GoldenError(f"{where}: missing id")
    where = f"{where} ({case_id})"
    if ("question" in raw) == ("turns" in raw):
        raise GoldenError(f"{where}: give exactly one of question / turns")
    turns = _strings(raw.get("turns") or [raw.get("question")], where, "turns")
    if not turns or not all(t.strip() for t in turns):
        raise GoldenError(f"{where}: empty question")
    verdicts = _strings(raw.get("verdicts"), where, "verdicts")
    if not verdicts or any(v not in VERDICTS for v in verdicts):
        raise GoldenError(f"{where}: verdicts must be a non-empty list from {VERDICTS}")
    if raw.get("split", split) != split:
        raise GoldenError(f"{where}: split {raw.get('split')!r} in the {split} file")
    cite = _strings(raw.get("cite"), where, "cite")
    if cite and not (set(verdicts) & ANSWER_VERDICTS):
        raise GoldenError(f"{where}: a case that must abstain cannot require citations")
    tags = _strings(raw.get("tags"), where, "tags")
    if not tags:
        raise GoldenError(f"{where}: at least one tag")
    return Case(
        id=case_id,
        turns=turns,
        verdicts=verdicts,
        split=split,
        cite=cite,
        cite_ok=_strings(raw.get("cite_ok"), where, "cite_ok"),
        must=_strings(raw.get("must"), where, "must"),
        must_not=_strings(raw.get("must_not"), where, "must_not"),
        tags=tags,
    )


def load_split(split: str, golden_dir: Path = GOLDEN_DIR) -> list[Case]:
    path = golden_dir / f"{split}.yaml"
    data = read_yaml(path) or []
    if not isinstance(data, list):
        raise GoldenError(f"{path}: expected a list of cases")
    return [parse_case(raw, split, f"{path.name}[{i}]") for i, raw in enumerate(data)]


def load_cases(split: str = "all", golden_dir: Path = GOLDEN_DIR) -> list[Case]:
    if split not in (*SPLITS, "all"):
        raise GoldenError(f"unknown split {split!r}; use dev, heldout or all")
    cases = [c for s in SPLITS if split in (s, "all") for c in load_split(s, golden_dir)]
    seen: set[str] = set()
    for c in cases:
        if c.id in seen:
            raise GoldenError(f"duplicate case id {c.id}")
        seen.add(c.id)
    return cases


def subset_ids(name: str, path: Path = SUBSETS_FILE) -> list[str]:
    data = read_yaml(path) or {}
    if name not in data:
        raise GoldenError(f"unknown subset {name!r}; known: {', '.join(sorted(data))}")
    return [str(i) for i in data[name]]


def select(cases: list[Case], subset: str | None) -> list[Case]:
    """The cases of a named subset, in the subset's order; all cases when subset is None."""
    if not subset:
        return cases
    ids = subset_ids(subset)
    unknown = sorted(set(ids) - {c.id for c in load_cases("all")})
    if unknown:
        raise GoldenError(f"subset {subset!r} names unknown cases: {', '.join(unknown)}")
    by_id = {c.id: c for c in cases}  # a split narrows the subset to that split's cases
    return [by_id[i] for i in ids if i in by_id]
