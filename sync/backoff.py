"""How long to wait before trying again: exponential backoff with full jitter.

Why jitter: after an outage every kiosk comes back at once; random waits spread them out instead
of hammering a recovering central in lock-step. A pure function (the random fraction is an
argument) so the schedule is easy to test and to reason about.
"""

from __future__ import annotations

DEFAULT_BASE_SECONDS = 1.0
DEFAULT_CAP_SECONDS = 300.0


def backoff_ceiling(
    attempt: int, *, base: float = DEFAULT_BASE_SECONDS, cap: float = DEFAULT_CAP_SECONDS
) -> float:
    """The longest wait after the ``attempt``-th failure in a row (1, 2, 3, ...)."""
    if attempt < 1:
        raise ValueError(f"attempts count from 1, got {attempt}")
    # Past 2**60 the float is far over any cap; stop the exponent before it overflows.
    return min(cap, base * 2.0 ** min(attempt - 1, 60))


def backoff_delay(
    attempt: int,
    random_fraction: float,
    *,
    base: float = DEFAULT_BASE_SECONDS,
    cap: float = DEFAULT_CAP_SECONDS,
    retry_after: float | None = None,
) -> float:
    """Seconds to wait after the ``attempt``-th failure in a row.

    Full jitter: ``random_fraction`` (in [0, 1), e.g. ``random.random()``) times the ceiling.
    A server's ``Retry-After`` is honoured as a floor, but never beyond ``cap``.
    """
    if not 0.0 <= random_fraction < 1.0:
        raise ValueError(f"random_fraction must be in [0, 1), got {random_fraction}")
    delay = random_fraction * backoff_ceiling(attempt, base=base, cap=cap)
    if retry_after is not None and retry_after > delay:
        delay = min(retry_after, cap)
    return delay
