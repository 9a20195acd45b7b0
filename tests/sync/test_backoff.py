"""Backoff with full jitter: doubling ceilings, a cap, and Retry-After as a floor."""

from __future__ import annotations

import pytest

from sync.backoff import backoff_ceiling, backoff_delay


def test_the_ceiling_doubles_up_to_the_cap() -> None:
    assert [backoff_ceiling(n, base=1, cap=30) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]
    assert backoff_ceiling(10_000, base=1, cap=300) == 300


def test_the_delay_is_the_random_fraction_of_the_ceiling() -> None:
    assert backoff_delay(3, 0.0) == 0.0
    assert backoff_delay(3, 0.5, base=2) == 4.0
    assert backoff_delay(20, 0.999, cap=60) == pytest.approx(59.94)


def test_retry_after_is_a_floor_within_the_cap() -> None:
    assert backoff_delay(1, 0.1, retry_after=7) == 7
    assert backoff_delay(6, 0.9, base=1, retry_after=7) == pytest.approx(28.8)
    assert backoff_delay(1, 0.1, cap=60, retry_after=3600) == 60


@pytest.mark.parametrize(("attempt", "fraction"), [(0, 0.5), (1, 1.0), (1, -0.1)])
def test_bad_arguments(attempt: int, fraction: float) -> None:
    with pytest.raises(ValueError):
        backoff_delay(attempt, fraction)
