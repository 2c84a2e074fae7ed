"""The plain langchain RAG baseline: a langchain_chroma vector store, top-k similarity search,
then the configured chat model (if any) answering from the retrieved passages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant import offline  # noqa: F401

import chromadb
from langchain_chroma import Chroma

from assistant.embeddings import get_embedder
from assistant.settings import Settings

PROMPT = (
    "Answer the question using only the passages below, quoting them.\n\n{context}\n\nQuestion: {question}\nAnswer:"
)


def chat_model(settings: Settings) -> Any | None:
    """The project's chat model when one is configured, else None (retrieval-only baseline)."""
    if settings.llm == "none":
        return None
    try:
        from assistant.llm import get_chat_model  # built in another issue; absent = no model
    except ImportError:
        return None
    return get_chat_model(settings)


class PlainRag:
    def __init__(self, settings: Settings, passages: dict[str, str], folder: Path) -> None:
        self.settings = settings
        self.k = settings.retrieval_k
        self.store = Chroma(
            collection_name="bench_baseline",
            embedding_function=get_embedder(settings.embedding_model_path),
            persist_directory=str(folder),
            client_settings=chromadb.config.Settings(anonymized_telemetry=False),
            collection_metadata={"hnsw:space": "cosine"},
        )
        ids = list(passages)
        self.store.add_texts([passages[i] for i in ids], ids=ids)
        self.llm = chat_model(settings)

    @property
    def label(self) -> str:
        return "langchain Chroma top-k + chat model" if self.llm is not None else "langchain Chroma top-k (retrieval-only: no chat model configured)"

    def ask(self, question: str) -> str:
        docs = self.store.similarity_search(question, k=self.k)
        context = "\n\n".join(d.page_content for d in docs)
        if self.llm is None:
            return context
        reply = self.llm.invoke(PROMPT.format(context=context, question=question))
        return str(getattr(reply, "content", reply))
