"""A small HTTP proxy on 127.0.0.1 that misbehaves on purpose, in front of a real central.

Each request is read whole, then handled by the action ``plan(n)`` picks for the n-th request:

- ``forward``: pass it on and hand back the answer;
- ``fail_before``: answer 500 without passing it on (the central never saw it);
- ``fail_after``: pass it on, let the central commit, then answer 500 instead of its answer;
- ``drop_after``: pass it on, then close the connection without any answer (the answer is lost
  after the commit);
- ``slow``: pass it on, then hold the answer for ``delay`` seconds (longer than the client waits);
- ``kill_after_send``: pass it on and call ``on_kill`` at once, while the central is still at it;
- ``busy``: answer 429 with ``Retry-After: 7`` without passing it on;
- ``portal``: answer 200 with an HTML page, as a captive portal does, without passing it on.

One request per connection (the proxy answers with ``Connection: close``). The central's answers
the client never got (``fail_after``, ``drop_after``) are kept in ``withheld``, so a test can
check what was lost, e.g. the token of an enrolment whose answer was dropped.
"""

from __future__ import annotations

import contextlib
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable

ERROR_500 = (
    b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
    b"Content-Length: 36\r\nConnection: close\r\n\r\n"
    b'{"detail": "injected failure (500)"}'
)


BUSY_429 = (
    b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nContent-Length: 0\r\n"
    b"Connection: close\r\n\r\n"
)
PORTAL_PAGE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 44\r\n"
    b"Connection: close\r\n\r\n<html><body>Accept the terms</body></html>\r\n"
)


def random_failures(rate: float, seed: int) -> Callable[[int], str]:
    """A plan failing ``rate`` of the requests, half before and half after the central saw them."""
    rng = random.Random(seed)
    lock = threading.Lock()

    def plan(_n: int) -> str:
        with lock:
            if rng.random() >= rate:
                return "forward"
            return rng.choice(("fail_before", "fail_after"))

    return plan


class FaultProxy:
    def __init__(self, upstream_port: int, plan: Callable[[int], str] = lambda _n: "forward"):
        self.upstream_port = upstream_port
        self.plan = plan
        self.delay = 2.0
        self.on_kill: Callable[[], None] = lambda: None
        self.actions: Counter[str] = Counter()
        self.withheld: list[bytes] = []
        self._count = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)  # so that stop() is noticed between connections
        self.port = int(self._listener.getsockname()[1])
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=10)
        self._listener.close()

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connection.settimeout(None)
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, client: socket.socket) -> None:
        with client:
            request = _read_request(client)
            if request is None:
                return
            with self._lock:
                action = self.plan(self._count)
                self._count += 1
                self.actions[action] += 1
            canned = {"fail_before": ERROR_500, "busy": BUSY_429, "portal": PORTAL_PAGE}
            if action in canned:
                client.sendall(canned[action])
                return
            if action == "kill_after_send":
                with contextlib.suppress(OSError):
                    _send_only(self.upstream_port, request)
                self.on_kill()
                return  # no answer: the client sees the connection close
            try:
                answer = _exchange(self.upstream_port, request)
            except OSError:
                return  # upstream down: the client sees the connection close
            if action in ("fail_after", "drop_after"):
                self.withheld.append(answer)
            if action == "fail_after":
                client.sendall(ERROR_500)
            elif action == "drop_after":
                client.shutdown(socket.SHUT_RDWR)
            elif action == "slow":
                time.sleep(self.delay)
                with contextlib.suppress(OSError):
                    client.sendall(answer)
            else:
                client.sendall(answer)


def _read_request(client: socket.socket) -> bytes | None:
    """One whole request, re-headed with ``Connection: close``; None if the client left."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = client.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.split(b"\r\n")
    length = 0
    kept = [lines[0]]
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
        if name.strip().lower() in (b"connection", b"keep-alive"):
            continue
        kept.append(line)
    kept.append(b"Connection: close")
    while len(body) < length:
        chunk = client.recv(65536)
        if not chunk:
            return None
        body += chunk
    return b"\r\n".join(kept) + b"\r\n\r\n" + body


def _send_only(port: int, request: bytes) -> None:
    upstream = socket.create_connection(("127.0.0.1", port), timeout=30)
    upstream.sendall(request)
    # Left open on purpose: the central is killed while it holds the request.
    threading.Timer(30, upstream.close).start()


def _exchange(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=60) as upstream:
        upstream.sendall(request)
        answer = b""
        while chunk := upstream.recv(65536):
            answer += chunk
    return answer


def answer_body(answer: bytes) -> tuple[int, bytes]:
    """The status and body of a raw HTTP/1.1 answer (as kept in ``withheld``)."""
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    if b"transfer-encoding: chunked" in head.lower():
        body = _unchunk(body)
    return status, body


def _unchunk(data: bytes) -> bytes:
    body = b""
    while data:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        body, data = body + data[:size], data[size + 2 :]
    return body
