"""Email drafting: find the distinct questions in an enquiry, answer each with the Pipeline, and
assemble a cited draft reply that staff edit and send.

Splitting is plain text processing (no model): quoted replies, greetings and signatures are cut,
bullet items and sentences become candidate units, and a unit counts as a question when it asks
(ends in "?", or is an indirect request such as "Please confirm whether ..."). The number of
questions answered is capped; the rest are listed so staff can deal with them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from .answer import Answer, Citation
from .compose import issued_words
from .passages import split_sentences
from .text import signature_line

DEFAULT_MAX_QUESTIONS = 5  # same default as drafting_cli (which must not import this module)
MAX_QUESTION_CHARS = 600  # one question, not a whole email pasted into one unit

# --- Parts of an email that are not the enquiry -------------------------------------------------
_QUOTE_HEADER = re.compile(
    r"^\s*(on\b.{0,200}\bwrote:\s*$"  # Gmail / Apple Mail
    r"|-{2,}\s*original message\s*-{2,}"  # Outlook
    r"|-{2,}\s*forwarded message\s*-{2,}"
    r"|_{8,}\s*$"  # Outlook web separator
    r"|from:\s.+$)",  # a header block of a quoted message
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^\s*(?P<word>dear|hi|hello|hey|good (morning|afternoon|evening)|greetings|to whom it may concern)\b"
    r"(?P<name>[^,\n:!]{0,60})[,:!]?\s*",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-*•·‣◦–]|\(?\d{1,2}[.)]|\(?[a-h][.)]|q\d{1,2}[.):])\s+(?P<text>.+)$", re.IGNORECASE)
# A question someone forgot the "?" on: starts like one and has no closing full stop.
_UNMARKED_QUESTION = re.compile(
    r"^(?:(?:and|also|but|so)\s+)?(?:what about|how about|what|how|why|when|which|who|where|can|could|is|are|does|do|"
    r"will|would|should|may|must)\b[^.!]*$", re.IGNORECASE)

# --- What makes a unit a question --------------------------------------------------------------
_ASKING_LEAD = re.compile(
    r"^(?:(?:and|also|additionally|secondly|thirdly|finally|lastly|firstly|next|further(?:more)?|in addition)[, ]+)?"
    r"(?:(?:i|we)(?: also)?(?:'d| would| should)?(?: also)? (?:like|love|want|wish|need) (?:to )?(?:know|ask|check|find out|clarify|confirm|understand|enquire|inquire)(?: about)?"
    r"|(?:i|we)(?: am|'m| are|'re) (?:writing|emailing|contacting you|getting in touch) to (?:ask|enquire|inquire|find out|check|clarify|confirm)(?: about)?"
    r"|(?:i|we)(?: am|'m| are|'re| was| were)? (?:wondering|unsure|not sure|unclear)"
    r"|(?:could|can|would|will) you(?: please| kindly)? (?:confirm|tell (?:me|us)|advise(?: (?:me|us))?|clarify|explain|let (?:me|us) know)"
    r"|(?:please|kindly) (?:confirm|advise(?: (?:me|us))?|clarify|explain|tell (?:me|us)|let (?:me|us) know)"
    r"|(?:i|we) (?:have|had) a (?:question|query)(?: about| regarding| on)?"
    r"|my (?:question|query) is|our (?:question|query) is"
    r"|(?:i|we) would (?:appreciate|be grateful for) (?:clarification|advice|guidance|confirmation|your advice)(?: on| about| regarding| as to)?"
    r")\b[:,]?\s*",
    re.IGNORECASE,
)
_QUESTION_LIST_INTRO = re.compile(r"\b(questions?|quer(y|ies)|know|ask|clarif\w*|confirm\w*|advice|advise|following)\b[^:]{0,40}:\s*$", re.IGNORECASE)
_CONNECTIVE = re.compile(r"^(?:and|also|additionally|secondly|thirdly|finally|lastly|firstly|next|so|but)\b[, ]+", re.IGNORECASE)


class NoQuestions(ValueError):
    """The email has nothing to answer (only a greeting, a signature or quoted text)."""


@dataclass
class SplitEnquiry:
    """An enquiry taken apart: who wrote it, the distinct questions, and what was left over."""

    questions: list[str]
    context: list[str | None]  # for each question, the statement just before it (for follow-ups)
    sender_name: str | None = None
    skipped: list[str] = field(default_factory=list)  # questions over the cap
    whole_body_used: bool = False  # no explicit question: the body was answered as one question


def _cut_quoted(lines: list[str]) -> list[str]:
    kept: list[str] = []
    for line in lines:
        if _QUOTE_HEADER.match(line) and kept and any(k.strip() for k in kept):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    return kept


def _cut_signature(lines: list[str]) -> tuple[list[str], str | None]:
    i = signature_line(lines)
    if i is None:
        return lines, None
    line = lines[i]
    rest = [r.strip() for r in lines[i + 1 :] if r.strip()]
    name = rest[0] if rest and _looks_like_name(rest[0]) else None
    if name is None and "," in line and _looks_like_name(line.split(",", 1)[1].strip()):
        name = line.split(",", 1)[1].strip()  # "Thanks, Jane"
    return lines[:i], name


def _looks_like_name(text: str) -> bool:
    words = text.replace(".", " ").split()
    return 0 < len(words) <= 4 and len(text) <= 40 and all(w[:1].isupper() for w in words) and not text.endswith("?")


def _cut_greeting(text: str) -> str:
    match = _GREETING.match(text)
    if not match:
        return text
    name = match.group("name").strip()
    # "Hi, can we ..." or "Hello CASE team," - only the greeting words and a short addressee go
    if len(name.split()) > 4:
        return text[match.start("name") :].lstrip(" ,:!")
    return text[match.end() :]


def _units(body: str) -> list[tuple[str, bool]]:
    """Bullet items and sentences, in order; the flag says the unit sits in a list of questions."""
    units: list[tuple[str, bool]] = []
    paragraph: list[str] = []
    in_question_list = False

    def flush() -> None:
        text = " ".join(paragraph).strip()
        paragraph.clear()
        if text:
            units.extend((s.text.strip(), False) for s in split_sentences(text) if s.text.strip())

    for line in body.split("\n"):
        bullet = _BULLET.match(line)
        if bullet:
            flush()
            units.append((bullet.group("text").strip(), in_question_list))
            continue
        if not line.strip():
            flush()
            continue
        paragraph.append(line.strip())
        in_question_list = bool(_QUESTION_LIST_INTRO.search(line))
        if in_question_list:
            flush()
    flush()
    return units


def _as_question(unit: str, in_question_list: bool) -> str | None:
    """The unit phrased as a question, or None when it does not ask anything."""
    text = unit.strip().strip("\"'“”‘’").strip()
    lead = _ASKING_LEAD.match(text)
    if lead and lead.end() < len(text):
        rest = re.sub(r"^that\s+", "", text[lead.end() :].strip(), flags=re.IGNORECASE)  # "confirm that X"
        if len(rest.split()) >= 3:
            return _finish(rest)
    if text.endswith("?"):
        return _finish(_CONNECTIVE.sub("", text))
    if _UNMARKED_QUESTION.match(text) and len(text.split()) >= 4:
        return _finish(_CONNECTIVE.sub("", text))
    if in_question_list and len(text.split()) >= 3:
        return _finish(text)
    if text.lower().startswith("whether ") and len(text.split()) >= 4:  # "Whether X can Y." without "?"
        return _finish(text)
    return None


def _finish(question: str) -> str:
    question = question.strip().rstrip(".,;:!").strip()
    question = question[:1].upper() + question[1:]
    if len(question) > MAX_QUESTION_CHARS:
        question = question[:MAX_QUESTION_CHARS].rsplit(" ", 1)[0]
    return question if question.endswith("?") else question + "?"


def _key(question: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", question.lower()))


def split_enquiry(email: str, max_questions: int = DEFAULT_MAX_QUESTIONS) -> SplitEnquiry:
    """The distinct questions in an email (at most max_questions), with context for each."""
    text = email.replace("\r\n", "\n").replace("\r", "\n")
    lines = _cut_quoted(text.split("\n"))
    lines, sender = _cut_signature(lines)
    body = _cut_greeting("\n".join(lines).strip())

    questions: list[str] = []
    context: list[str | None] = []
    seen: set[str] = set()
    skipped: list[str] = []
    last_statement: str | None = None
    for unit, listed in _units(body):
        question = _as_question(unit, listed)
        if question is None:
            if not _QUESTION_LIST_INTRO.search(unit):  # "My questions are:" is no context
                last_statement = unit
            continue
        key = _key(question)
        if not key or key in seen:
            continue
        seen.add(key)
        if len(questions) >= max_questions:
            skipped.append(question)
            continue
        questions.append(question)
        context.append(last_statement or (questions[-2] if len(questions) > 1 else None))

    whole = False
    if not questions and body.strip():
        flat = " ".join(body.split())
        questions, context, whole = [flat[:MAX_QUESTION_CHARS]], [None], True
    return SplitEnquiry(questions=questions, context=context, sender_name=sender, skipped=skipped,
                        whole_body_used=whole)


# --- The draft ----------------------------------------------------------------------------------
class DraftSource(BaseModel):
    n: int = Field(description="The marker used in the draft, [n].")
    id: str = Field(description="Passage id, <document slug>#p<n>.")
    document: str
    issued: str
    url: str
    quote: str


class DraftedQuestion(BaseModel):
    question: str
    answer: Answer


class Draft(BaseModel):
    text: str = Field(description="The editable draft reply, plain text.")
    questions: list[DraftedQuestion]
    sources: list[DraftSource]
    skipped_questions: list[str] = Field(default_factory=list, description="Questions over the cap, not answered.")
    notes: list[str] = Field(default_factory=list)


AskFn = Callable[[str, list[dict[str, str]] | None], Answer]

_MARKER = re.compile(r"\[(\d+)\]")
_PARAGRAPH = re.compile(r"#p(\d+)$")


def _paragraph_words(passage_id: str) -> str:
    match = _PARAGRAPH.search(passage_id)
    return f"paragraph {match.group(1)}" if match else passage_id


def _source_for(sources: dict[tuple[str, str], DraftSource], c: Citation) -> DraftSource:
    """The draft's source for a citation: one entry per quote; a quote inside another from the
    same passage shares its entry (which keeps the longer quote)."""
    if (c.id, c.quote) in sources:
        return sources[(c.id, c.quote)]
    for key, source in sources.items():
        if source.id == c.id and (c.quote in source.quote or source.quote in c.quote):
            if len(c.quote) > len(source.quote):
                source.quote = c.quote
            sources[(c.id, c.quote)] = source
            return source
    source = DraftSource(n=len({id(s) for s in sources.values()}) + 1, id=c.id, document=c.document,
                         issued=c.issued, url=c.url, quote=c.quote)
    sources[(c.id, c.quote)] = source
    return source


def draft_reply(email: str, ask: AskFn, max_questions: int = DEFAULT_MAX_QUESTIONS,
                sign_off: str = "Kind regards,\n\nThe CASE team") -> Draft:
    """Answer each distinct question in the email with ask(question, history) and assemble the reply."""
    split = split_enquiry(email, max_questions)
    if not split.questions:
        raise NoQuestions("The email has no enquiry text to answer (only a greeting, a signature or quoted text).")
    drafted: list[DraftedQuestion] = []
    sources: dict[tuple[str, str], DraftSource] = {}
    sections: list[str] = []
    for i, (question, context) in enumerate(zip(split.questions, split.context), start=1):
        history = [{"role": "user", "content": context}] if context else None
        answer = ask(question, history)
        drafted.append(DraftedQuestion(question=question, answer=answer))
        local_to_global: dict[int, int] = {}
        for c in answer.citations:
            local_to_global[c.n] = _source_for(sources, c).n
        body = _MARKER.sub(lambda m: f"[{local_to_global.get(int(m.group(1)), m.group(1))}]", answer.answer)
        heading = f"{i}. You asked: “{question}”" if len(split.questions) > 1 else f"You asked: “{question}”"
        sections.append(f"{heading}\n{body.strip()}")

    greeting = f"Dear {split.sender_name.split()[0]}," if split.sender_name else "Hello,"
    intro = ("Thank you for your enquiry. CASE's position statements answer "
             + ("your questions as follows." if len(drafted) > 1 else "your question as follows."))
    parts = [greeting, intro, *sections]
    notes: list[str] = []
    if split.skipped:
        parts.append("You also asked about the following, which we will reply to separately:\n"
                     + "\n".join(f"- {q}" for q in split.skipped))
        notes.append(f"{len(split.skipped)} further question(s) over the limit of {max_questions} were not answered.")
    if split.whole_body_used:
        notes.append("No explicit question was found; the enquiry was answered as a whole. Check the draft.")
    listed = list({s.n: s for s in sources.values()}.values())  # shared entries once, in number order
    if listed:
        parts.append("Sources:\n" + "\n".join(
            f"[{s.n}] {s.document} (issued {issued_words(s.issued)}), {_paragraph_words(s.id)}: “{s.quote}” {s.url}"
            for s in listed
        ))
    parts.append("These answers quote CASE's published position statements; CASE itself makes accreditation "
                 "decisions, so please contact us if your situation is not covered.")
    parts.append(sign_off)
    return Draft(text="\n\n".join(parts), questions=drafted, sources=listed,
                 skipped_questions=split.skipped, notes=notes)
