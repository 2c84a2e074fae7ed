"""The benchmark questions (bench/questions.yaml)."""

from __future__ import annotations

from pathlib import Path

import yaml

QUESTIONS_FILE = Path(__file__).resolve().parent / "questions.yaml"


def load_questions(path: Path = QUESTIONS_FILE) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    questions = data.get("questions") if isinstance(data, dict) else None
    if not questions or not all(isinstance(q, str) and q.strip() for q in questions):
        raise ValueError(f"{path}: expected a non-empty 'questions' list of strings")
    return [q.strip() for q in questions]
