"""The HTTP plumbing both clients share (sync/http.py): URLs, Retry-After, error details,
answers that are not the central's, and failures without an answer sorted by cause."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests
from central_process import free_port
from pydantic import BaseModel, ValidationError

from sync.http import (
    BaseUrlError,
    Failure,
    HttpSession,
    TransportError,
    checked_base_url,
    error_detail,
    parse_answer,
    retry_after,
)


def answer(status: int, body: bytes, **headers: str) -> requests.Response:
    made = requests.Response()
    made.status_code = status
    made._content = body
    made.headers.update(headers)
    made.reason = "Reason"
    made.url = "https://central.example.org/x"
    return made


def test_base_urls() -> None:
    assert checked_base_url("https://c.example.org/", secret="token") == "https://c.example.org"
    assert checked_base_url("http://[::1]:8750", secret="token") == "http://[::1]:8750"
    assert checked_base_url("http://c.example.org", allow_plain_http=True, secret="token")
    with pytest.raises(BaseUrlError, match="the password would travel") as plain:
        checked_base_url("http://c.example.org", secret="password")
    assert plain.value.plain_http_host == "c.example.org"
    with pytest.raises(BaseUrlError, match="https://HOST") as scheme:
        checked_base_url("ftp://c.example.org", secret="password")
    assert scheme.value.plain_http_host is None


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert retry_after(answer(429, b"", **{"Retry-After": "7"})) == 7.0
    assert retry_after(answer(429, b"", **{"Retry-After": "-3"})) == 0.0
    assert retry_after(answer(429, b"")) is None
    assert retry_after(answer(429, b"", **{"Retry-After": "soon"})) is None
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=120), usegmt=True)
    seconds = retry_after(answer(503, b"", **{"Retry-After": later}))
    assert seconds is not None and 100 < seconds <= 120


def test_error_details() -> None:
    central = answer(409, b'{"detail": "conflict", "uuids": ["a", "b"]}')
    assert error_detail(central) == ("conflict", ["a", "b"])
    assert error_detail(answer(502, b"<html>Bad gateway</html>")) == (
        "<html>Bad gateway</html>",
        [],
    )
    assert error_detail(answer(502, b"")) == ("Reason", [])
    assert error_detail(answer(400, b"[1, 2]")) == ("[1, 2]", [])


class Thing(BaseModel):
    name: str


def test_answers_that_do_not_parse_become_the_callers_error() -> None:
    assert parse_answer(answer(200, b'{"name": "x"}'), Thing, lambda *_: ValueError()).name == "x"

    def foreign(response: requests.Response, exc: ValidationError) -> LookupError:
        return LookupError(f"{response.url}: {exc.error_count()}")

    with pytest.raises(LookupError, match=r"central\.example\.org/x: 1"):
        parse_answer(answer(200, b"<html>portal</html>"), Thing, foreign)


def test_no_answer_is_a_transport_error_saying_why() -> None:
    session = HttpSession(user_agent="test")
    try:
        with pytest.raises(TransportError) as refused:
            session.send("GET", f"http://127.0.0.1:{free_port()}/", timeout=(2, 2))
        assert refused.value.failure is Failure.CONNECTION
        assert isinstance(refused.value.error, requests.ConnectionError)
        assert "\n" not in refused.value.first_line
    finally:
        session.close()
