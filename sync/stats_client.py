"""The coordinator's HTTP client for the central's statistics: sign in, ask, get tables.

Why apart from the device client (``sync.client``): a person signs in with a password and reads
tables; a device enrols with a code and pushes events. They share the central, not their
failures: here a 401 means "sign in again" and a 422 "change the query", and each is an error
class the desktop shows in the coordinator's words. Always TLS to any host but this machine
(the password and the token travel with the requests), certificates always verified.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from pydantic import BaseModel, ValidationError

from kiosk import __version__
from kiosk.errors import KioskError
from sync.stats_protocol import (
    AUTH_TOKEN_PATH,
    STATS_PATH,
    SignInResponse,
    StatsQuery,
    StatsTable,
)
from sync.stats_report import report_queries

CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 120.0
Model = TypeVar("Model", bound=BaseModel)


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
        self._verify: str | bool = str(ca_bundle) if ca_bundle is not None else True
        self._session = requests.Session()
        self._session.headers["User-Agent"] = f"outreach-kiosk-coordinator/{__version__}"

    def close(self) -> None:
        self._session.close()

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
        headers = {"Accept": "application/json"}
        if auth:
            if not self.token:
                raise SignInError("not signed in")
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            answer = self._session.request(
                method,
                self.base_url + path,
                json=json,
                params=params,
                headers=headers,
                timeout=self.timeout,
                verify=self._verify,
                allow_redirects=False,
            )
        except requests.exceptions.SSLError as exc:
            raise CentralUnreachableError(
                f"the central's certificate could not be verified: {_first_line(exc)}"
            ) from exc
        except requests.RequestException as exc:
            raise CentralUnreachableError(f"cannot reach the central: {_first_line(exc)}") from exc
        _raise_for_status(answer)
        return answer


def checked_url(base_url: str) -> str:
    """The URL without a trailing slash; plain http only to this machine."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise StatsClientError(
            f"the central's address must be https://HOST[:PORT], not {base_url!r}"
        )
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise StatsClientError(
            f"refusing plain http to {parts.hostname}: the password would travel unencrypted; "
            "use https"
        )
    return base_url.strip().rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _raise_for_status(answer: requests.Response) -> None:
    status = answer.status_code
    if 200 <= status < 300:
        return
    try:
        detail = str(answer.json().get("detail", ""))
    except (ValueError, AttributeError):
        detail = answer.text[:200].strip()
    detail = detail or answer.reason or f"status {status}"
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
    try:
        return model.model_validate_json(answer.content)
    except ValidationError as exc:
        raise CentralUnreachableError(
            f"the answer from {answer.url} is not the central's: {exc.error_count()} problem(s)"
        ) from exc


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
