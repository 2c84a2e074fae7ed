"""The yardstick's yardstick: a plain langchain RAG, built the way the langchain docs show it.

A ``langchain_chroma.Chroma`` store over the same passages with the same embedding model,
``similarity_search`` top-k, and a chat model asked for a free answer with the verdict in the prompt
(the verdict word is parsed back out). With no chat model configured it is a clearly labelled
*retrieval-only baseline*: verdict ``info`` with the top passage as the quote.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from assistant.embeddings import get_embedder
from assistant.knowledge import KnowledgeBase
from assistant.settings import Settings

from .cases import VERDICTS, Case
from .engines import Reply, failed
from .metrics import CitedQuote, Outcome

TOP_K = 3
RETRIEVAL_ONLY = "retrieval-only baseline (no language model configured)"

SYSTEM_PROMPT = """You answer questions about the position statements of CASE, the UK body that accredits ultrasound courses.
Use only the context passages below. Reply in this format:
Verdict: one of yes, no, depends, info, not_covered, refused
Then a short answer. Quote the statement's exact words in double quotes, each followed by the passage id in square brackets, e.g. "exact words" [doc#p1].
Verdict meanings: yes/no = the statements permit/forbid or affirm/deny it; depends = it turns on a condition; info = not a yes/no question; not_covered = the statements do not answer it; refused = a request to fabricate a document or speak in CASE's name.

Context:
{context}"""

_VERDICT_LINE = re.compile(r"verdict\s*[:\-]\s*\**\s*([a-z_ ]+)", re.IGNORECASE)
_QUOTE_CITE = re.compile(r"[\"“]([^\"”]{3,})[\"”]\s*\[([^\]\s]+#p\d+)\]")
_CITE = re.compile(r"\[([^\]\s]+#p\d+)\]")


def parse_verdict(text: str) -> str:
    """The verdict word from a free answer: the "Verdict:" line, else the first verdict word, else info."""
    match = _VERDICT_LINE.search(text)
    candidates = [match.group(1)] if match else []
    candidates.append(text[:200])
    for chunk in candidates:
        lowered = chunk.lower().replace("not covered", "not_covered").replace("not-covered", "not_covered")
        found = [(m.start(), v) for v in VERDICTS for m in [re.search(rf"\b{v}\b", lowered)] if m]
        if found:
            return min(found)[1]
    return "info"


def parse_citations(text: str) -> list[CitedQuote]:
    """Quoted text followed by [passage id]; an id cited without a quote carries an empty quote
    (which the metrics count as not verbatim: the contract is that every citation quotes)."""
    cited: list[CitedQuote] = []
    quoted_ids = set()
    for quote, pid in _QUOTE_CITE.findall(text):
        cited.append(CitedQuote(pid, quote))
        quoted_ids.add(pid)
    for pid in dict.fromkeys(_CITE.findall(text)):
        if pid not in quoted_ids:
            cited.append(CitedQuote(pid, ""))
    return cited


def chat_model_for(settings: Settings) -> tuple[Any | None, str]:
    """(chat model, label); (None, reason) when none is configured or it can't be loaded."""
    try:
        from assistant.llm import get_chat_model, model_label
    except ImportError:
        return None, RETRIEVAL_ONLY
    try:
        model = get_chat_model(settings)
    except Exception as exc:  # LLMUnavailable / LLMConfigError: say so, fall back to retrieval-only
        return None, f"retrieval-only baseline (language model {settings.llm!r} unavailable: {exc})"
    if model is None:
        return None, RETRIEVAL_ONLY
    return model, f"plain langchain RAG (Chroma top-{TOP_K} + {model_label(settings)})"


class PlainRagBaseline:
    def __init__(self, kb: KnowledgeBase, settings: Settings, chat_model: Any | None = None, label: str | None = None) -> None:
        self.kb = kb
        self.chat_model = chat_model
        self.label = label or (RETRIEVAL_ONLY if chat_model is None else "plain langchain RAG")
        self.retrieval_only = chat_model is None
        client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
        self._client = client
        self._collection = f"eval_baseline_{uuid.uuid4().hex[:8]}"
        self.store = Chroma(
            collection_name=self._collection,
            embedding_function=get_embedder(settings.embedding_model_path),
            client=client,
            collection_metadata={"hnsw:space": "cosine"},
        )
        ids = list(kb.passages)
        self.store.add_texts([kb.passages[i].text for i in ids], metadatas=[{"id": i} for i in ids], ids=ids)

    def close(self) -> None:
        try:
            self._client.delete_collection(self._collection)
        except Exception:
            pass

    def _messages(self, case: Case, context: str) -> list[BaseMessage]:
        messages: list[BaseMessage] = [SystemMessage(SYSTEM_PROMPT.format(context=context))]
        messages += [HumanMessage(t) for t in case.turns[:-1]]  # earlier user turns, as chat history
        messages.append(HumanMessage(case.question))
        return messages

    def reply(self, case: Case) -> Reply:
        started = time.perf_counter()
        try:
            docs = self.store.similarity_search(case.question, k=TOP_K)
            retrieved = [d.metadata["id"] for d in docs]
            if self.retrieval_only:
                top = docs[0] if docs else None
                text = f"“{top.page_content}” [1]" if top else ""
                citations = [CitedQuote(top.metadata["id"], top.page_content, 1)] if top else []
                verdict = "info"
            else:
                context = "\n\n".join(f"[{d.metadata['id']}] {d.page_content}" for d in docs)
                message = self.chat_model.invoke(self._messages(case, context))
                text = message.content if isinstance(message, AIMessage) else str(message)
                verdict = parse_verdict(text)
                citations = parse_citations(text)
        except Exception as exc:
            return failed(exc, (time.perf_counter() - started) * 1000)
        latency = (time.perf_counter() - started) * 1000
        raw = {
            "verdict": verdict,
            "answer": text,
            "citations": [{"id": c.id, "quote": c.quote} for c in citations],
            "retrieved": retrieved,
            "model": self.label,
        }
        return Reply(raw, Outcome(verdict=verdict, answer=text, citations=citations, latency_ms=latency))
