"""Request bodies are bounded before parsing: declared, streamed and gzip-inflated sizes alike."""

from __future__ import annotations

import gzip
import json
import socket
import zlib
from collections.abc import Iterator

import pytest
import requests
from central_process import CentralProcess
from fleet import batch, enrol, make_events, stored_count

from sync.central.api.bodylimit import BadBodyError, BodyTooLargeError, inflate_gzip
from sync.central.db.database import CentralDatabase
from sync.protocol import MAX_BATCH_BYTES

BATCH = "/api/v1/events:batch"


def test_inflate_refuses_a_gzip_bomb_without_inflating_it() -> None:
    bomb = gzip.compress(b"\0" * (64 * MAX_BATCH_BYTES))
    assert len(bomb) < MAX_BATCH_BYTES // 10
    with pytest.raises(BodyTooLargeError):
        inflate_gzip(bomb, MAX_BATCH_BYTES)
    exact = b"x" * MAX_BATCH_BYTES
    assert inflate_gzip(gzip.compress(exact), MAX_BATCH_BYTES) == exact
    with pytest.raises(BodyTooLargeError):
        inflate_gzip(gzip.compress(exact + b"x"), MAX_BATCH_BYTES)


@pytest.mark.parametrize(
    "body",
    [
        b"not gzip at all",
        gzip.compress(b'{"a": 1}')[:-6],
        gzip.compress(b"{}") + b"trailing",
        zlib.compress(b"{}"),
    ],
)
def test_inflate_refuses_broken_gzip(body: bytes) -> None:
    with pytest.raises(BadBodyError):
        inflate_gzip(body, MAX_BATCH_BYTES)


def post(central: CentralProcess, headers: dict[str, str], data: object) -> requests.Response:
    return requests.post(
        f"{central.url}{BATCH}",
        data=data,
        headers={"Content-Type": "application/json", **headers},
        timeout=30,
    )


def test_over_the_limit_bodies_get_413_and_store_nothing(
    central: CentralProcess, db: CentralDatabase
) -> None:
    device = enrol(central.url, db)
    events = make_events(device, 3)
    valid = json.dumps(batch(events))
    padded = valid[:-1] + ', "padding": "' + "x" * MAX_BATCH_BYTES + '"}'

    declared = post(central, device.headers, padded.encode())
    assert declared.status_code == 413
    assert str(MAX_BATCH_BYTES) in declared.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is counted while reading
        data = padded.encode()
        for start in range(0, len(data), 64 * 1024):
            yield data[start : start + 64 * 1024]

    streamed = post(central, device.headers, chunks())
    assert streamed.status_code == 413

    bomb = post(
        central,
        {**device.headers, "Content-Encoding": "gzip"},
        gzip.compress(padded.encode()),
    )
    assert bomb.status_code == 413
    assert stored_count(db, device.device) == 0
    # The server is fine afterwards.
    assert post(central, device.headers, valid.encode()).status_code == 200


def test_broken_gzip_and_unknown_encodings_are_refused(
    central: CentralProcess, db: CentralDatabase
) -> None:
    device = enrol(central.url, db)
    valid = json.dumps(batch(make_events(device, 3))).encode()
    broken = post(central, {**device.headers, "Content-Encoding": "gzip"}, valid)
    assert broken.status_code == 400
    assert "gzip" in broken.json()["detail"]
    brotli = post(central, {**device.headers, "Content-Encoding": "br"}, valid)
    assert brotli.status_code == 415
    assert stored_count(db, device.device) == 0


def test_a_lying_content_length_is_refused(central: CentralProcess) -> None:
    request = (
        f"POST {BATCH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Content-Length: -5\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", central.port), timeout=10) as connection:
        connection.sendall(request)
        answer = connection.recv(4096)
    assert answer.startswith(b"HTTP/1.1 400")
