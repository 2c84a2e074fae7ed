"""Can a small local model tell whether the statement answers a question? Measured on the dev split.

    python -m evals.probe_llm_coverage qwen-1.5b      (after `make models MODEL=1.5b`; about 5 minutes)

For the dev questions whose coverage (the share of their weighted words the evidence says, which the
router thresholds) is borderline, the model is shown the whole statement and asked, by the
log-probability of "Yes"/"No", whether it answers the question. Printed: how well the model's
probability and the coverage score each separate the questions the statement answers from those it
doesn't (AUC: 0.5 is chance, 1.0 perfect). Measured 2026-12-07 with Qwen2.5-Coder-1.5B on the 490
borderline questions of the 1,052 dev questions (1.3 s each): model 0.57, coverage 0.67 - so the
router does not ask a model.
"""

from __future__ import annotations

import math
import sys
import time

from assistant.answer import Verdict
from assistant.evidence import gather
from assistant.llm import get_chat_model
from assistant.llm.labels import choose_label
from assistant.retrieve import retrieve
from assistant.settings import get_settings
from evals.cases import load_split
from assistant.pipeline import Pipeline

BORDERLINE = (0.25, 0.95)  # coverage outside this range is settled either way


def auc(answered: list[float], unanswered: list[float]) -> float:
    """The chance that an answered question scores above an unanswered one (ties count half)."""
    pairs = [(a > u) + 0.5 * (a == u) for a in answered for u in unanswered]
    return sum(pairs) / len(pairs) if pairs else float("nan")


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    settings = get_settings()
    pipeline = Pipeline(settings)
    kb = pipeline.kb
    model = get_chat_model(settings.model_copy(update={"llm": args[0] if args else "qwen-1.5b"}))
    statement = "\n\n".join(p.text for p in kb.passages.values())
    system = ("You decide whether a policy statement answers a question. The whole statement:\n\n" + statement +
              "\n\nReply Yes if the statement answers the question, fully or in part (an answer of no counts as "
              "an answer). Reply No if it says nothing that answers it. Reply with one word.")
    rows: list[tuple[bool, float, float]] = []
    start = time.monotonic()
    for case in load_split("dev"):
        text = case.question
        coverage = gather(kb, text, retrieve(kb, text)).coverage
        if not BORDERLINE[0] <= coverage <= BORDERLINE[1]:
            continue
        _, scores = choose_label(model, f"Question: {text[:600]}\nAnswer:", ["Yes", "No"], system=system)
        p_yes = 1 / (1 + math.exp(scores["No"] - scores["Yes"]))
        rows.append((case.verdicts[0] != Verdict.NOT_COVERED.value, p_yes, coverage))
    answered = [r for r in rows if r[0]]
    unanswered = [r for r in rows if not r[0]]
    print(f"{len(rows)} borderline dev questions ({len(answered)} answered, {len(unanswered)} not), "
          f"{(time.monotonic() - start) / max(1, len(rows)):.2f} s each")
    print(f"AUC model {auc([r[1] for r in answered], [r[1] for r in unanswered]):.2f}, "
          f"coverage {auc([r[2] for r in answered], [r[2] for r in unanswered]):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
