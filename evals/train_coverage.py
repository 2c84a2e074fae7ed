"""Fit the learned coverage check (assistant/coverage_model.py) on the dev golden cases.

    python -m evals.train_coverage            # writes assistant/data/coverage_model.json
    python -m evals.train_coverage --out F    # somewhere else

Each dev case is asked through the real pipeline, as the eval asks it (follow-ups replay their
earlier turns); the features are read at the moment the pipeline asks the model, so training and
answering compute them with the same code. Label: whether the case's verdict is not_covered.
Cases expected to be refused, and cases that accept both not_covered and an answer, are left out.
Held-out cases are never read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import numpy as np

from assistant import coverage_model
from assistant.pipeline import Pipeline
from assistant.settings import get_settings

from .cases import GOLDEN_DIR, load_split
from .engines import chat_history

C = 10.0  # inverse regularisation: chosen by 5-fold cross-validation on dev (0.94 accuracy; 1-30 within 0.01)
THRESHOLD = 0.5


class _Recorder:
    """Stands in for the model while training: remembers the features and answers as the rules did."""

    threshold = 0.5

    def skip_reason(self, kb: object, evidence: object) -> None:
        return None

    def __init__(self) -> None:
        self.seen: list[tuple[np.ndarray, bool]] = []  # (features, whether the route was firm)

    def probability(self, features: np.ndarray) -> float:
        self.seen.append((features, False))
        return float(features[-1])  # the rules' own call (1.0 = not covered)

    def record_firm(self, features: np.ndarray) -> None:
        self.seen.append((features, True))


def dev_features(pipe: Pipeline) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels (not covered), and which rows the model judges at answer time (not firm)."""
    recorder = _Recorder()
    pipe.coverage_model = recorder  # type: ignore[assignment]
    pipe.fit_on_firm_routes = True
    rows, labels, judged = [], [], []
    for case in load_split("dev"):
        answers = [v for v in case.verdicts if v not in ("not_covered", "refused")]
        if case.verdicts[0] == "refused" or ("not_covered" in case.verdicts and answers):
            # (a case that accepts both "not covered" and an answer says nothing about which is right)
            continue
        history = chat_history(pipe.ask, case.turns[:-1])
        recorder.seen.clear()
        pipe.ask(case.question, history)
        if recorder.seen:  # (a question the guard refused never reaches the model)
            features, firm = recorder.seen[-1]
            rows.append(features)
            labels.append(case.verdicts[0] == "not_covered")
            judged.append(not firm)
    return np.vstack(rows), np.asarray(labels), np.asarray(judged)


def fit(x: np.ndarray, y: np.ndarray, judged: np.ndarray) -> tuple[np.ndarray, float, dict[str, float]]:
    """Fitted on every row; cross-validated figures only on the rows it judges at answer time."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    model = LogisticRegression(C=C, max_iter=10000)
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    p = cross_val_predict(model, x, y, cv=folds, method="predict_proba")[:, 1]
    rules = x[:, -1] > 0.5
    y_j, p_j = y[judged], p[judged]
    cv = {"judged_rows": int(judged.sum()),
          "cv_auc": round(float(roc_auc_score(y_j, p_j)), 4),
          "cv_accuracy": round(float(np.mean((p_j > THRESHOLD) == y_j)), 4),
          "rules_accuracy": round(float(np.mean(rules[judged] == y_j)), 4)}
    model.fit(x, y)
    return model.coef_[0], float(model.intercept_[0]), cv


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=coverage_model.DEFAULT_PATH)
    args = parser.parse_args(argv)
    settings = get_settings().model_copy(update={"coverage_model": "none"})
    pipe = Pipeline(settings)
    x, y, judged = dev_features(pipe)
    weights, bias, cv = fit(x, y, judged)
    import sklearn

    out = {
        "about": "Logistic regression: P(not covered) from the asked sentence's embedding and the routing "
                 "rules' numbers. Written by python -m evals.train_coverage; do not edit.",
        "embedder": pipe.kb.embedder.name,
        "numeric_features": list(coverage_model.NUMERIC_FEATURES),
        "documents": coverage_model.document_fingerprints(pipe.kb),
        "threshold": THRESHOLD,
        "C": C,
        "trained_on": {"split": "dev", "cases": int(len(y)), "not_covered": int(y.sum()),
                       "dev_sha256": hashlib.sha256((GOLDEN_DIR / "dev.yaml").read_bytes()).hexdigest(),
                       "sklearn": sklearn.__version__},
        "dev_cross_validation": cv,
        "bias": round(bias, 8),
        "weights": [round(float(w), 8) for w in weights],
    }
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"{len(y)} dev cases ({int(y.sum())} not covered); 5-fold CV: {cv}; wrote {args.out}")


if __name__ == "__main__":
    main()
