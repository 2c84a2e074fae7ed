"""Embedder.encode_composed: a passage with definitions appended, pooled from separately encoded
pieces, stays close to the vector of the joined text; a passage without parts is unchanged."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.embeddings import get_embedder

pytestmark = pytest.mark.slow


def test_composed_vectors_approximate_the_joined_text_and_leave_plain_texts_alone() -> None:
    embedder = get_embedder()
    texts = ["Courses may not teach remote reporting alone.", "Placements are arranged by each provider."]
    gloss = "(Remote reporting: Reports written away from the scan room by a qualified sonographer.)"
    composed = embedder.encode_composed(texts, [[gloss], []])
    joined = embedder.encode([f"{texts[0]} {gloss}", texts[1]])
    own = embedder.encode(texts)
    assert np.allclose(np.linalg.norm(composed, axis=1), 1.0, atol=1e-5)
    assert float(composed[0] @ joined[0]) > 0.85  # near what encoding the joined text gives (0.87 here)
    assert float(composed[0] @ joined[0]) > float(own[0] @ joined[0])  # and closer than the passage alone
    assert np.allclose(composed[1], own[1], atol=1e-6)


def test_one_pass_over_a_question_gives_what_encode_gives_and_every_layer() -> None:
    """Embedder.query derives the sentence vector and the token vectors (last and middle layers)
    from one pass; each must equal what the model's own calls give."""
    from assistant.embeddings import _load

    embedder = get_embedder()
    text = "Could a hospital trust's ultrasound certificate be recognised by the consortium?"
    encoded = embedder.query(text)
    assert float(encoded.vector @ embedder.encode([text])[0]) == pytest.approx(1.0, abs=1e-5)
    model = _load(embedder.model_path)
    last = model.encode([text], output_value="token_embeddings", show_progress_bar=False)[0].detach().cpu().numpy()
    assert np.allclose(encoded.tokens, last / np.linalg.norm(last, axis=1, keepdims=True), atol=1e-5)
    assert len(encoded.layers) == 7 and len(encoded.offsets) == len(last)
    assert embedder.query(text) is encoded  # the next stage reuses the pass
