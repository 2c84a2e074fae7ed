"""Measure ``support_check`` on hand-written question/sentence pairs: accuracy and ms per call.

    python -m assistant.llm.probe_support qwen-0.5b

Sentences are from corpus/social-scanning-2021.md. Half the pairs are on-topic near misses (a
sentence from the same statement that does not answer the question), the hard case for a check.
"""

from __future__ import annotations

import sys
import time

from assistant.llm import get_chat_model
from assistant.llm.labels import support_check
from assistant.settings import Settings

# (question, sentence, does the sentence answer the question?)
PAIRS: list[tuple[str, str, bool]] = [
    ("Will CASE accredit a course that trains people only to do gender-reveal scans?",
     "CASE will not accredit courses (full awards or focused) that prepare trainees solely for the purpose of social scanning where there is no medical justification.", True),
    ("Will CASE accredit a course that trains people only to do gender-reveal scans?",
     "Members of the public are unable to distinguish between sonographers employed in an NHS context and individuals undertaking social scans.", False),
    ("Does CASE accredit individual sonographers?",
     "Personal accreditation of an individual’s ultrasound practice is not a process that falls within the remit of CASE.", True),
    ("Does CASE accredit individual sonographers?",
     "The learning outcomes that must be met by students completing a CASE accredited course reflect the level of understanding and skill required for a first post competent practitioner.", False),
    ("What is social scanning?",
     "Social scanning definition: The use of ultrasound for pregnant patients where there is no clinical justification for the scan.", True),
    ("What is social scanning?",
     "There is urgent need for statutory regulation of ultrasound practice in the UK.", False),
    ("Can graduates of a CASE accredited MSc register with the Register of Clinical Technologists?",
     "On completion of a CASE accredited award (PgC, PgD or MSc) sonographers are able to register as a sonographer with the Register of Clinical Technologists.", True),
    ("Can graduates of a CASE accredited MSc register with the Register of Clinical Technologists?",
     "CASE accreditation is only applicable to courses of study that prepare students for the use of ultrasound imaging for medical diagnosis.", False),
    ("Which national guidelines must obstetric learning outcomes be consistent with?",
     "For obstetric ultrasound, these outcomes must be consistent with current national guidelines, including the NHS Fetal Anomaly Screening Programme or equivalent and Saving Babies Lives Care Bundle v2.", True),
    ("Which national guidelines must obstetric learning outcomes be consistent with?",
     "Programme Leads are seeing an increase in applicants looking to qualify in sonography, not for diagnostic purposes but for commercial reasons.", False),
    ("Why did CASE issue the social scanning statement?",
     "Programme Leads are seeing an increase in applicants looking to qualify in sonography, not for diagnostic purposes but for commercial reasons (eg. baby scans for gender-reveal parties).", True),
    ("What fee does CASE charge for accrediting a course?",
     "CASE accreditation is only applicable to courses of study that prepare students for the use of ultrasound imaging for medical diagnosis.", False),
]


def _run(model: object, reset_cache: bool) -> tuple[int, list[float], list[float]]:
    right, times, probs = 0, [], []
    llama = getattr(model, "client", None)
    for question, sentence, supported in PAIRS:
        if reset_cache and llama is not None:
            llama.reset()  # forget the KV cache: every call reads the whole prompt
        t = time.monotonic()
        p = support_check(model, question, sentence)
        times.append((time.monotonic() - t) * 1000)
        probs.append(p)
        right += (p >= 0.5) == supported
    return right, times, probs


def _median(xs: list[float]) -> float:
    return sorted(xs)[len(xs) // 2]


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    name = args[0] if args else "qwen-0.5b"
    start = time.monotonic()
    model = get_chat_model(Settings(llm=name))
    print(f"{name}: loaded in {time.monotonic() - start:.1f} s")
    right, cold, probs = _run(model, reset_cache=True)
    for (question, _, supported), p in zip(PAIRS, probs, strict=True):
        ok = (p >= 0.5) == supported
        print(f"  {'ok ' if ok else 'BAD'} p(yes)={p:.2f} {'supported' if supported else 'unsupported':11}  {question[:60]}")
    _, warm, _ = _run(model, reset_cache=False)
    print(
        f"{name}: {right}/{len(PAIRS)} right at p>=0.5; ms per call: first {cold[0]:.0f}, "
        f"no prefix cache median {_median(cold):.0f}, prefix cached median {_median(warm):.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
