"""The coordinator's HTTP client for the central's statistics: sign in, ask, get tables, sign out.

Why apart from the device client (``sync.client``): a person signs in with a password and reads
tables; a device enrols with a code and pushes events. They share the central, not their
failures: here a 401 means "sign in again" and a 422 "change the query", and each is an error
class the desktop shows in the coordinator's words. Always TLS to any host but this machine
(the password and the token travel with the requests), certificates always verified.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import requests
from pydantic import ValidationError

from kiosk.errors import KioskError
from kiosk.version import package_version
from sync.http import (
    BaseUrlError,
    Failure,
    HttpSession,
    Model,
    TransportError,
    checked_base_url,
    error_detail,
    parse_answer,
)
from sync.stats.protocol import (
    AUTH_TOKEN_PATH,
    STATS_PATH,
    SignInResponse,
    StatsQuery,
    StatsTable,
)
from sync.stats.report_plan import report_queries

CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 120.0
SIGN_OUT_TIMEOUT = 15.0
"""At most this long for the central's answer to a sign-out, which the person waits for."""


class StatsClientError(KioskError):
    """Any failure; the message says what happened, in the central's or the client's words."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class CentralUnreachableError(StatsClientError):
    """No answer, a timeout, a 5xx, or an answer that is not the central's: try again later."""


class SignInError(StatsClientError):
    """401: wrong name or password, or the sign-in expired."""


class NotAllowedError(StatsClientError):
    """403: this person (or this token) may not do that, e.g. a viewer asking for raw counts."""


class QueryRefusedError(StatsClientError):
    """422 or another 4xx: the central cannot answer this query as asked."""


class StatsClient:
    """A signed-in (or not yet signed-in) connection to the central at ``base_url``."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        ca_bundle: Path | None = None,
        timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT),
    ):
        self.base_url = checked_url(base_url)
        self.token = token
        self.person: SignInResponse | None = None
        self.timeout = timeout
        self._http = HttpSession(
            user_agent=f"outreach-kiosk-coordinator/{package_version()}", ca_bundle=ca_bundle
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> StatsClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def role(self) -> str | None:
        return self.person.role if self.person else None

    def sign_in(self, name: str, password: str) -> SignInResponse:
        answer = self._request(
            "POST", AUTH_TOKEN_PATH, json={"name": name, "password": password}, auth=False
        )
        self.person = _parse(answer, SignInResponse)
        self.token = self.person.access_token
        return self.person

    def sign_out(self) -> bool:
        """End the sign-in: forget the token here, and ask the central to refuse it from now on.

        Never raises: the token and the person are forgotten here whatever happens. True when
        the central confirmed that the token is refused (signed out now, or it was not
        accepted any more); False when not signed in, or when the central could not be reached
        or did not confirm, in which case the token stays valid there until it expires.
        """
        token, self.token, self.person = self.token, None, None
        if not token:
            return False
        connect, read = self.timeout
        try:
            answer = self._http.send(
                "DELETE",
                self.base_url + AUTH_TOKEN_PATH,
                timeout=(connect, min(read, SIGN_OUT_TIMEOUT)),
                token=token,
            )
        except TransportError:
            return False
        return answer.status_code in (204, 401)

    def stats(self, query: StatsQuery) -> StatsTable:
        answer = self._request("GET", STATS_PATH, params=query.to_params())
        return _parse(answer, StatsTable)

    def report_tables(self, quarter: date) -> dict[str, StatsTable]:
        """The published tables of the funder report of the quarter holding ``quarter``."""
        return {name: self.stats(query) for name, query in report_queries(quarter).items()}

    def _request(
        self,
        method: str,
        path: str,
        *,
        json: Mapping[str, Any] | None = None,
        params: list[tuple[str, str]] | None = None,
        auth: bool = True,
    ) -> requests.Response:
        if auth and not self.token:
            raise SignInError("not signed in")
        try:
            answer = self._http.send(
                method,
                self.base_url + path,
                timeout=self.timeout,
                token=self.token if auth else None,
                json=json,
                params=params,
            )
        except TransportError as exc:
            if exc.failure is Failure.TLS:
                raise CentralUnreachableError(
                    f"the central's certificate could not be verified: {exc.first_line}"
                ) from exc.error
            raise CentralUnreachableError(
                f"cannot reach the central: {exc.first_line}"
            ) from exc.error
        _raise_for_status(answer)
        return answer


def checked_url(base_url: str) -> str:
    """The URL without a trailing slash; plain http only to this machine."""
    try:
        return checked_base_url(base_url.strip(), secret="password")
    except BaseUrlError as exc:
        if exc.plain_http_host is not None:
            raise StatsClientError(str(exc)) from exc
        raise StatsClientError(
            f"the central's address must be https://HOST[:PORT], not {base_url!r}"
        ) from exc


def _raise_for_status(answer: requests.Response) -> None:
    status = answer.status_code
    if 200 <= status < 300:
        return
    detail = error_detail(answer)[0] or answer.reason or f"status {status}"
    if status == 401:
        raise SignInError(detail, status)
    if status == 403:
        raise NotAllowedError(detail, status)
    if status == 429 or status >= 500:
        raise CentralUnreachableError(
            f"the central is busy or failing ({status}): {detail}", status
        )
    raise QueryRefusedError(detail, status)


def _parse(answer: requests.Response, model: type[Model]) -> Model:
    return parse_answer(answer, model, _not_the_centrals)


def _not_the_centrals(answer: requests.Response, exc: ValidationError) -> CentralUnreachableError:
    return CentralUnreachableError(
        f"the answer from {answer.url} is not the central's: {exc.error_count()} problem(s)"
    )
