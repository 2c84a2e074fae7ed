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
