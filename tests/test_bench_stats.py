"""Percentiles, summaries and ratios the benchmark report is built on."""

from __future__ import annotations

import numpy as np
import pytest

from bench.stats import percentile, ratio, summary


@pytest.mark.parametrize("q", [0, 25, 50, 90, 95, 100])
def test_percentile_matches_numpy_linear(q: float) -> None:
    samples = [12.0, 3.5, 7.25, 100.0, 41.0, 8.0, 9.5]
    assert percentile(samples, q) == pytest.approx(float(np.percentile(samples, q)))


def test_percentile_rejects_empty_and_out_of_range() -> None:
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_summary_of_known_samples() -> None:
    s = summary([float(x) for x in range(1, 101)])
    assert s == {"n": 100, "p50_ms": 50.5, "p95_ms": 95.05, "mean_ms": 50.5, "max_ms": 100.0}


def test_ratio() -> None:
    assert ratio(30.0, 10.0) == 3.0
    assert ratio(1.0, 3.0) == 0.333
    assert ratio(5.0, 0.0) is None
    assert ratio(None, 2.0) is None
