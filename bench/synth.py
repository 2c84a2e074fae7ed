"""Synthetic position statements for the retrieval-at-scale benchmark.

Each generated file looks like a real CASE statement: YAML front matter, a title, short
paragraphs (1-3 sentences) of rules and reasons, and one footnote that defines a term the
paragraphs use. The text is drawn from a fixed vocabulary with a seeded RNG, so the same
arguments always give byte-identical files. Files are written only where the caller says
(a temp or ``bench/.work`` folder), never into ``corpus/``.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

ISSUER = "Consortium for the Accreditation of Sonographic Education (CASE)"

MODALITIES = [
    "obstetric ultrasound", "gynaecological ultrasound", "musculoskeletal ultrasound", "vascular ultrasound",
    "echocardiography", "point-of-care ultrasound", "breast ultrasound", "head and neck ultrasound",
    "paediatric ultrasound", "abdominal ultrasound", "emergency department ultrasound", "lung ultrasound",
    "fertility scanning", "early pregnancy scanning", "testicular ultrasound", "renal ultrasound",
]
SUBJECTS = [
    "focused courses", "full awards", "short courses", "apprenticeship programmes", "postgraduate certificates",
    "postgraduate diplomas", "MSc programmes", "undergraduate degrees", "CPD modules", "online modules",
    "clinical placements", "preceptorship schemes", "return-to-practice courses", "overseas programmes",
]
ACTORS = [
    "Programme Leads", "clinical mentors", "trainees", "education providers", "placement providers",
    "external examiners", "assessors", "employers", "students", "course teams",
]
REQUIREMENTS = [
    "include a supervised clinical placement of at least {n} hours",
    "assess competence through directly observed practice",
    "map their learning outcomes to national guidelines",
    "record at least {n} supervised examinations in a logbook",
    "provide a named clinical mentor for every trainee",
    "review their curriculum every {n} years",
    "publish their admission criteria",
    "give trainees protected study time",
    "include teaching on safe and effective use of ultrasound",
    "include a final practical assessment in a clinical setting",
]
PROHIBITIONS = [
    "prepare trainees solely for commercial scanning",
    "award credit for unsupervised practice",
    "accept prior learning without evidence of competence",
    "allow trainees to report examinations without supervision",
    "advertise accreditation before it has been granted",
    "use simulation as the only form of clinical assessment",
    "admit applicants without access to a clinical placement",
]
REASONS = [
    "to protect patients", "to safeguard the public", "to maintain the standard of accredited awards",
    "because members of the public cannot tell accredited practitioners apart from others",
    "in line with the position of our member organisations", "to support safe and competent practice",
    "because statutory regulation of ultrasound practice is not yet in place",
]
# Defined terms: a qualifier and a head noun, so terms repeat across a few statements (as shared
# vocabulary does) without every statement defining the same handful of words.
TERM_QUALIFIERS = [
    "focused", "commercial", "supervised", "independent", "remote", "simulated", "portable", "handheld",
    "opportunistic", "elective", "private", "diagnostic", "screening", "emergency", "community", "training",
    "observed", "preliminary", "advanced", "limited", "extended", "shared", "delegated", "autonomous",
    "tele", "bedside", "outreach", "rapid", "targeted", "serial",
]
TERM_HEADS = [
    ("scanning", "the use of ultrasound {why}"),
    ("practice", "scanning performed {why}"),
    ("examination", "an ultrasound examination carried out {why}"),
    ("assessment", "an assessment of competence made {why}"),
    ("placement", "a period of clinical training spent {why}"),
    ("reporting", "the writing of an ultrasound report {why}"),
    ("imaging", "the capture of ultrasound images {why}"),
    ("mentoring", "support given to a trainee {why}"),
]
TERM_WHYS = [
    "where there is no clinical justification for the scan",
    "to answer a single, specific clinical question",
    "while a qualified practitioner is present and responsible",
    "outside an NHS or equivalent clinical setting",
    "for payment by the person being scanned",
    "as part of an accredited programme of study",
    "without a referral from a clinician",
    "away from the trainee's usual place of work",
]
MONTHS = [f"{m:02d}" for m in range(1, 13)]


@dataclass(frozen=True)
class SynthSpec:
    passages: int  # total passages across all documents (paragraphs + one footnote each)
    per_doc: int = 50
    seed: int = 0


def _term(rng: random.Random) -> tuple[str, str]:
    """A defined term and its definition, e.g. ("Commercial scanning", "The use of ultrasound ...")."""
    head, pattern = rng.choice(TERM_HEADS)
    term = f"{rng.choice(TERM_QUALIFIERS)} {head}"
    definition = pattern.format(why=rng.choice(TERM_WHYS))
    return term[0].upper() + term[1:], definition[0].upper() + definition[1:]


def _paragraph(rng: random.Random, doc_topic: str, term: str | None = None) -> str:
    """One short paragraph: a rule (requirement or prohibition) with a reason, 1-3 sentences."""
    subject = rng.choice(SUBJECTS)
    modality = rng.choice([doc_topic, doc_topic, rng.choice(MODALITIES)])
    kind = rng.random()
    if kind < 0.45:
        req = rng.choice(REQUIREMENTS).format(n=rng.choice([2, 3, 5, 40, 100, 250]))
        first = f"Accredited {subject} in {modality} must {req}."
    elif kind < 0.75:
        first = f"CASE will not accredit {subject} in {modality} that {rng.choice(PROHIBITIONS)}."
    else:
        actor = rng.choice(ACTORS)
        first = f"{actor} on {subject} in {modality} should {rng.choice(REQUIREMENTS).format(n=rng.choice([2, 4, 12]))}."
    sentences = [first]
    if rng.random() < 0.7:
        sentences.append(f"This is required {rng.choice(REASONS)}.")
    if term and rng.random() < 0.3:
        sentences.append(f"{term} is not a substitute for an accredited award in {modality}.")
    return " ".join(s[0].upper() + s[1:] for s in sentences)


def document_text(index: int, n_passages: int, seed: int = 0) -> str:
    """The Markdown text of synthetic statement number ``index`` with ``n_passages`` passages."""
    if n_passages < 1:
        raise ValueError("a statement needs at least one passage")
    rng = random.Random(f"{seed}:{index}")
    topic = rng.choice(MODALITIES)
    term, definition = _term(rng)
    year, month = 2015 + index % 10, rng.choice(MONTHS)
    title = f"{topic.capitalize()} training ({index})"
    paragraphs = [_paragraph(rng, topic, term) for _ in range(n_passages - 1)]
    if paragraphs:
        # The defined term appears in the opening paragraph, as in the real statements.
        paragraphs[0] = f"Issues around {term.lower()}[^1] in {topic} have been raised by Programme Leads. " + paragraphs[0]
    front = "\n".join([
        "---",
        f"title: {title}",
        f"issuer: {ISSUER}",
        "document_type: CASE Position Statement",
        f"issued: {year}-{month}",
        f"url: https://www.case-uk.org/synthetic/statement-{index}/",
        "status: current",
        "---",
    ])
    body = "\n\n".join([f"# CASE Position Statement: {title}", f"## Issued {year}-{month}", *paragraphs,
                        f"[^1]: {term} definition: {definition}."])
    return f"{front}\n\n{body}\n"


def document_sizes(spec: SynthSpec) -> list[int]:
    """Passages per document: full documents of ``per_doc`` and a smaller last one."""
    n_docs = max(1, math.ceil(spec.passages / spec.per_doc))
    sizes = [spec.per_doc] * (n_docs - 1)
    sizes.append(spec.passages - spec.per_doc * (n_docs - 1))
    return sizes


def document_path(folder: Path, index: int) -> Path:
    return folder / f"synthetic-{index:05d}.md"


def generate(folder: Path, spec: SynthSpec) -> list[Path]:
    """Write the corpus for ``spec`` into ``folder`` (created; must not be the project's corpus/)."""
    folder = Path(folder)
    if folder.resolve() == (Path(__file__).resolve().parent.parent / "corpus").resolve():
        raise ValueError("refusing to write synthetic statements into the project's corpus/ folder")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, size in enumerate(document_sizes(spec)):
        path = document_path(folder, index)
        path.write_text(document_text(index, size, spec.seed), encoding="utf-8")
        paths.append(path)
    return paths


def change_document(path: Path) -> None:
    """Edit one statement the way a revision would: reword its second paragraph."""
    text = path.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    # blocks: front matter+title is one block per "\n\n"; the first paragraph after the headings.
    for i, block in enumerate(blocks):
        if not block.startswith(("---", "#", "[^")) and "Issues around" not in block:
            blocks[i] = block + " This paragraph was revised."
            break
    path.write_text("\n\n".join(blocks), encoding="utf-8")
