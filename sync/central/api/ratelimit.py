"""Failed attempts per client address, limited in a sliding window: enrolment and sign-in.

Why: an enrolment code and a password are guessed by trying; each sign-in also costs an argon2
check. So each client address gets ``attempts`` failed tries per ``window`` seconds on each of
the two routes; past that it is answered 429 with ``Retry-After`` until its oldest failure leaves
the window. A successful attempt is not counted (a site enrolling twenty kiosks behind one
address is not slowed down), but every attempt holds a place while it runs, so parallel
guesses cannot slip past the limit. IPv6 clients are counted per /64, the block one
subscriber usually holds.

Why in the process and not a library: the limiter needs to count failures only and to give a
place back on success, which slowapi's decorators and the ``limits`` package do not offer; this
is a few lines. The counts are per server process and gone on restart: with several app
servers, each allows the limit (put the proxy's own limit in front for a hard bound).
"""

from __future__ import annotations

import contextlib
import ipaddress
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, cast

from fastapi import Depends, Request

from sync.central.errors import ApiError
from sync.central.settings import Limit

MAX_CLIENTS = 100_000
"""Addresses tracked at once per route; past that the oldest is forgotten (bounded memory)."""


class TooManyAttemptsError(ApiError):
    status = 429

    def __init__(self, what: str, wait: float):
        seconds = max(1, math.ceil(wait))
        super().__init__(
            f"too many failed {what} from this address; try again in {_spoken(seconds)}",
            headers={"Retry-After": str(seconds)},
        )
        self.retry_after = seconds


def _spoken(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} seconds"
    return f"{math.ceil(seconds / 60)} minutes"


def client_key(address: str) -> str:
    """What is counted: the address, or for IPv6 its /64 network."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


class AttemptLimiter:
    """The failed attempts of each client at one route. Thread-safe (sync routes run in a pool).

    ``limit=None`` turns the limiter off.
    """

    def __init__(
        self,
        limit: Limit | None,
        what: str,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = MAX_CLIENTS,
    ):
        self.limit = limit
        self.what = what
        self._clock = clock
        self._max_clients = max_clients
        self._attempts: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    @contextmanager
    def attempt(self, address: str) -> Iterator[None]:
        """Run one attempt of ``address``: refused with 429 when it has failed too often.

        The attempt counts as failed when the body raises an :class:`ApiError` (a refusal the
        client caused); on success, or on a failure of the server's own, its place is given back.
        """
        if self.limit is None:
            yield
            return
        key = client_key(address)
        started = self._take(key, self.limit)
        try:
            yield
        except ApiError:
            raise
        except BaseException:
            self._give_back(key, started)
            raise
        self._give_back(key, started)

    def _take(self, key: str, limit: Limit) -> float:
        with self._lock:
            now = self._clock()
            times = self._attempts.get(key)
            if times is None:
                if len(self._attempts) >= self._max_clients:
                    self._forget_stale(now - limit.window)
                times = self._attempts[key] = deque()
            while times and times[0] <= now - limit.window:
                times.popleft()
            if len(times) >= limit.attempts:
                raise TooManyAttemptsError(self.what, times[0] + limit.window - now)
            times.append(now)
            return now

    def _give_back(self, key: str, started: float) -> None:
        with self._lock:
            times = self._attempts.get(key)
            if times is None:
                return
            with contextlib.suppress(ValueError):  # already out of the window
                times.remove(started)
            if not times:
                del self._attempts[key]

    def _forget_stale(self, horizon: float) -> None:
        """Drop clients with no failure since ``horizon``; if none, the longest-tracked one."""
        stale = [key for key, times in self._attempts.items() if not times or times[-1] <= horizon]
        for key in stale:
            del self._attempts[key]
        if len(self._attempts) >= self._max_clients:
            del self._attempts[next(iter(self._attempts))]

    def tracked(self) -> int:
        """How many clients have failures on record (for tests and diagnostics)."""
        with self._lock:
            return len(self._attempts)


@dataclass(frozen=True)
class Limiters:
    """The app's limiters, one per limited route."""

    enrol: AttemptLimiter
    sign_in: AttemptLimiter


def client_address(request: Request) -> str:
    """The client's address: the peer, or behind a trusted proxy its ``X-Forwarded-For``
    (uvicorn resolves that from ``--forwarded-allow-ips``)."""
    return request.client.host if request.client is not None else "unknown"


def _limiters(request: Request) -> Limiters:
    return cast(Limiters, request.app.state.limiters)


def enrol_limiter(request: Request) -> AttemptLimiter:
    return _limiters(request).enrol


def sign_in_limiter(request: Request) -> AttemptLimiter:
    return _limiters(request).sign_in


ClientDep = Annotated[str, Depends(client_address)]
EnrolLimiterDep = Annotated[AttemptLimiter, Depends(enrol_limiter)]
SignInLimiterDep = Annotated[AttemptLimiter, Depends(sign_in_limiter)]
