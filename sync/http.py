"""The HTTP plumbing both clients of the central share: one session, one way to fail.

Why one module: the device client (``sync.client``) and the coordinator's statistics client
(``sync.stats.client``) talk to the same central over the same kind of link, so they must agree on
the things that are easy to get subtly wrong: TLS always verified (a private CA as a bundle),
redirects never followed (a token must not travel to another host), plain http only to this
machine, a timeout on every request, what a ``Retry-After`` means, and how to read the central's
``{"detail": ...}`` answers. What a failure *means* differs between them (a device waits and
retries, a person is asked to sign in again), so each client maps the neutral failures raised
here (:class:`TransportError`, :class:`BaseUrlError`) and the status codes to its own error
classes and sentences.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)


class Failure(Enum):
    """Why a request got no HTTP answer at all."""

    TLS = "tls"
    """The certificate could not be verified (a captive portal, a wrong CA bundle)."""
    TIMEOUT = "timeout"
    CONNECTION = "connection"
    OTHER = "other"


class TransportError(Exception):
    """No answer came back; ``error`` is what requests raised, ``failure`` sorts it."""

    def __init__(self, failure: Failure, error: requests.RequestException):
        super().__init__(str(error))
        self.failure = failure
        self.error = error

    @property
    def first_line(self) -> str:
        return first_line(self.error)


class BaseUrlError(ValueError):
    """The central's URL cannot be used: not http(s), or plain http to another machine."""

    def __init__(self, message: str, *, plain_http_host: str | None = None):
        super().__init__(message)
        self.plain_http_host = plain_http_host


class HttpSession:
    """A ``requests.Session`` set up for the central: user agent, TLS bundle, no redirects."""

    def __init__(self, *, user_agent: str, ca_bundle: Path | None = None):
        self._session = requests.Session()
        self._session.headers["User-Agent"] = user_agent
        self._session.trust_env = True  # a site's HTTPS proxy settings apply
        # Always verify TLS: against the system's CAs, or a private CA's bundle. Passed with
        # every request, since a session-wide setting loses to REQUESTS_CA_BUNDLE in requests.
        self._verify: str | bool = str(ca_bundle) if ca_bundle is not None else True

    def close(self) -> None:
        self._session.close()

    def send(
        self,
        method: str,
        url: str,
        *,
        timeout: tuple[float, float],
        token: str | None = None,
        headers: Mapping[str, str] | None = None,
        data: bytes | None = None,
        json: Mapping[str, Any] | None = None,
        params: list[tuple[str, str]] | None = None,
    ) -> requests.Response:
        """The answer, whatever its status; :class:`TransportError` when there is none."""
        sent_headers = {"Accept": "application/json", **(headers or {})}
        if token is not None:
            sent_headers["Authorization"] = f"Bearer {token}"
        try:
            return self._session.request(
                method,
                url,
                data=data,
                json=json,
                params=params,
                headers=sent_headers,
                timeout=timeout,
                verify=self._verify,
                allow_redirects=False,
            )
        # SSLError is a ConnectionError, and ConnectTimeout both a ConnectionError and a Timeout:
        # the order of these clauses is what sorts them.
        except requests.exceptions.SSLError as exc:
            raise TransportError(Failure.TLS, exc) from exc
        except requests.Timeout as exc:
            raise TransportError(Failure.TIMEOUT, exc) from exc
        except requests.ConnectionError as exc:
            raise TransportError(Failure.CONNECTION, exc) from exc
        except requests.RequestException as exc:
            raise TransportError(Failure.OTHER, exc) from exc


def checked_base_url(base_url: str, *, allow_plain_http: bool = False, secret: str) -> str:
    """The URL without a trailing slash; plain http only to this machine unless allowed.

    ``secret`` names what would travel unencrypted (``device token``, ``password``) for the
    refusal's sentence.
    """
    parts = urlsplit(base_url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise BaseUrlError(f"the central URL must be https://HOST[:PORT], got {base_url!r}")
    if parts.scheme == "http" and not allow_plain_http and not is_loopback(parts.hostname):
        raise BaseUrlError(
            f"refusing plain http to {parts.hostname}: the {secret} would travel "
            "unencrypted; use https",
            plain_http_host=parts.hostname,
        )
    return base_url.rstrip("/")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def error_detail(answer: requests.Response) -> tuple[str, list[str]]:
    """The central's ``detail`` sentence and uuids; for other servers, the start of the body."""
    try:
        body = answer.json()
    except ValueError:
        return answer.text[:200].strip() or answer.reason or "no details", []
    if isinstance(body, dict):
        uuids = body.get("uuids") or []
        return str(body.get("detail", body))[:1000], [str(uuid) for uuid in uuids]
    return str(body)[:200], []


def problem_reason(answer: requests.Response) -> str | None:
    """The ``reason`` a central's refusal names for the device to act on, if any."""
    try:
        body = answer.json()
    except ValueError:
        return None
    reason = body.get("reason") if isinstance(body, dict) else None
    return reason if isinstance(reason, str) else None


def retry_after(answer: requests.Response) -> float | None:
    """``Retry-After`` in seconds (or an HTTP date), as RFC 9110 allows; None when absent or bad."""
    value = answer.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


def parse_answer(
    answer: requests.Response,
    model: type[Model],
    not_the_centrals: Callable[[requests.Response, ValidationError], Exception],
) -> Model:
    """The answer as ``model``; otherwise what ``not_the_centrals`` makes of it, raised.

    An answer that does not parse is most often not the central's at all (a captive portal's
    page, a proxy's error), which is a passing failure rather than a reason to give up.
    """
    try:
        return model.model_validate_json(answer.content)
    except ValidationError as exc:
        raise not_the_centrals(answer, exc) from exc


def first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
