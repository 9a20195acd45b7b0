"""The device's HTTP client for the central: enrol, push a batch, fetch content.

Why this shape: a kiosk syncs over airport Wi-Fi and a farm laptop over a phone's hotspot. Every
request has a timeout, every body is gzip-compressed, TLS is always verified (a private CA can be
given as a bundle), and every failure becomes one of the classes in :mod:`sync.errors`, so the sync
worker knows whether to wait and retry or to stop and tell the admin. The client holds no state but
its connection pool and token; it never blocks the UI (the worker runs it off the UI thread).
"""

from __future__ import annotations

import gzip
import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from pydantic import ValidationError
from pydantic_core import to_json

from kiosk.reach.fields import EVENT_FIELDS
from kiosk.version import package_version
from sync.errors import (
    AuthRefusedError,
    BatchTooLargeError,
    DeviceIdTakenError,
    FatalSyncError,
    RequestRefusedError,
    RetryableSyncError,
)
from sync.http import (
    Failure,
    HttpSession,
    Model,
    TransportError,
    checked_base_url,
    error_detail,
    parse_answer,
    problem_reason,
    retry_after,
)
from sync.protocol import (
    CONTENT_MANIFEST_PATH,
    DEVICE_ID_TAKEN,
    ENROL_PATH,
    EVENTS_BATCH_PATH,
    MAX_BATCH_BYTES,
    BatchResult,
    ContentManifest,
    EnrolResponse,
)
from sync.signing import SignatureError, public_key_from_text, verify

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0
GZIP_LEVEL = 6
"""Measured on batches of reach events: level 1 costs 1.6 us an event and sends 36 bytes, level 3
1.7 us and 34 bytes, level 6 3.7 us and 30 bytes (levels 8-9: 10 us, 29 bytes). Over any link
slower than about 2 MB/s, which is every phone hotspot, the bytes saved by level 6 are worth more
than the CPU it costs; only a loopback or LAN central would drain faster with level 3."""
USER_AGENT = f"outreach-kiosk/{package_version()}"
WIRE_KEYS = frozenset(EVENT_FIELDS)


class CentralClient:
    """One device's connection to the central at ``base_url``."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        ca_bundle: Path | None = None,
        timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT),
        allow_plain_http: bool = False,
    ):
        self.base_url = checked_base_url(
            base_url, allow_plain_http=allow_plain_http, secret="device token"
        )
        self.token = token
        self.timeout = timeout
        self._http = HttpSession(user_agent=USER_AGENT, ca_bundle=ca_bundle)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> CentralClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- the protocol -------------------------------------------------------------------------

    def enrol(
        self,
        code: str,
        device: str,
        request_id: str | None = None,
        *,
        current_token: str | None = None,
    ) -> EnrolResponse:
        """Trade a one-time enrolment code for this device's token (and remember the token).

        With ``request_id`` (a uuid4 the caller saved before the first try), a try whose answer
        was lost can be made again with the same code: the central answers again, with a fresh
        token. Without it, a used code is refused however the first try ended.

        ``current_token``, the token this device holds from this central, proves that an
        enrolment under a device id the central knows comes from that device (one moved to
        another site). Raises :class:`DeviceIdTakenError` when the central says another device
        holds ``device``.
        """
        body = {"code": code, "device": device}
        if request_id is not None:
            body["request_id"] = request_id
        answer = self._send("POST", ENROL_PATH, body, auth=False, token=current_token)
        enrolled = _parse(answer, EnrolResponse)
        self.token = enrolled.token
        return enrolled

    def push_batch(self, events: Sequence[Mapping[str, Any]], batch_id: str) -> BatchResult:
        """Send ``events`` as one batch; the central's accepted and duplicate counts.

        Only the protocol's fields of each event are sent, whatever else the local row holds.
        Raises :class:`BatchTooLargeError` before sending a body over the protocol's limit.
        """
        return self.send_batch(self.prepare_batch(events, batch_id))

    def prepare_batch(self, events: Sequence[Mapping[str, Any]], batch_id: str) -> PreparedBatch:
        """The batch encoded and compressed, ready to send (and to send again on a retry)."""
        body = {
            "batch_id": batch_id,
            "events": [
                event if event.keys() == WIRE_KEYS else {name: event[name] for name in EVENT_FIELDS}
                for event in events
            ],
        }
        return PreparedBatch(
            batch_id=batch_id,
            uuids=[str(event["uuid"]) for event in events],
            body=_encode(body),
        )

    def send_batch(self, batch: PreparedBatch) -> BatchResult:
        """Send a prepared batch; the central's counts, checked against what was sent."""
        answer = self._send("POST", EVENTS_BATCH_PATH, encoded=batch.body)
        result = _parse(answer, BatchResult)
        sent = len(batch.uuids)
        if result.batch_id != batch.batch_id or result.accepted + result.duplicates != sent:
            raise RetryableSyncError(
                f"the central's answer does not match batch {batch.batch_id} "
                f"({result.accepted} accepted + {result.duplicates} duplicates for {sent} sent)"
            )
        return result

    def manifest(self) -> ContentManifest | None:
        """The newest published content pack's manifest, or None when nothing is published."""
        try:
            answer = self._send("GET", CONTENT_MANIFEST_PATH)
        except RequestRefusedError as exc:
            if exc.status == 404:
                return None
            raise
        return _parse(answer, ContentManifest)

    def download_pack(self, manifest: ContentManifest, publisher_key: str) -> bytes:
        """The pack's zip, once the publisher's signature and the zip's sha256 both check out.

        ``publisher_key`` is the publisher's Ed25519 public key (base64), set on the device;
        a pack signed by anyone else, or changed on the way, is refused with FatalSyncError.
        """
        try:
            signed = verify(
                public_key_from_text(publisher_key), manifest.signed, manifest.signature
            )
        except SignatureError as exc:
            raise FatalSyncError(f"content pack {manifest.version} refused: {exc}") from exc
        for name in ("pack_id", "version", "sha256", "size"):
            if signed.get(name) != getattr(manifest, name):
                raise FatalSyncError(
                    f"content pack {manifest.version} refused: the signed {name} differs"
                )
        answer = self._send("GET", manifest.download)
        data = answer.content
        if len(data) != manifest.size or hashlib.sha256(data).hexdigest() != manifest.sha256:
            raise RetryableSyncError(
                f"content pack {manifest.version} arrived damaged (size or sha256 differ)"
            )
        return data

    # -- plumbing -----------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any] | None = None,
        *,
        encoded: bytes | None = None,
        auth: bool = True,
        token: str | None = None,
    ) -> requests.Response:
        """``auth``: with the enrolled token, which is required; otherwise with ``token``, if
        one is given."""
        headers = {}
        data = _encode(body) if body is not None else encoded
        if data is not None:
            headers["Content-Type"] = "application/json"
            headers["Content-Encoding"] = "gzip"
        if auth:
            if not self.token:
                raise AuthRefusedError("this device is not enrolled: enter an enrolment code")
            token = self.token
        try:
            answer = self._http.send(
                method,
                self.base_url + path,
                timeout=self.timeout,
                token=token,
                headers=headers,
                data=data,
            )
        except TransportError as exc:
            raise _retryable(exc) from exc.error
        _raise_for_status(answer)
        return answer


@dataclass(frozen=True)
class PreparedBatch:
    """A batch as it goes on the wire: its id, its events' uuids and the gzip JSON body."""

    batch_id: str
    uuids: list[str]
    body: bytes


def _encode(body: Mapping[str, Any]) -> bytes:
    """JSON, gzip-compressed; refused before sending when over the protocol's body limit."""
    raw = to_json(body)
    if len(raw) > MAX_BATCH_BYTES:
        raise BatchTooLargeError(
            f"the request would be {len(raw)} bytes, over the limit of {MAX_BATCH_BYTES}"
        )
    return gzip.compress(raw, compresslevel=GZIP_LEVEL)


def _retryable(exc: TransportError) -> RetryableSyncError:
    """No answer at all: always worth another try, with a hint at the likely cause."""
    if exc.failure is Failure.TLS:
        return RetryableSyncError(
            f"the central's TLS certificate could not be verified ({exc.first_line}); "
            "a captive portal or a wrong CA bundle setting can cause this"
        )
    if exc.failure is Failure.TIMEOUT:
        return RetryableSyncError(f"the central did not answer in time: {exc.error}")
    if exc.failure is Failure.CONNECTION:
        return RetryableSyncError(f"cannot reach the central: {exc.first_line}")
    return RetryableSyncError(f"the request to the central failed: {exc.error}")


def _raise_for_status(answer: requests.Response) -> None:
    status = answer.status_code
    if 200 <= status < 300:
        return
    detail, uuids = error_detail(answer)
    if status == 429 or status >= 500:
        raise RetryableSyncError(
            f"the central is busy or failing ({status}): {detail}",
            status=status,
            retry_after=retry_after(answer),
        )
    if status in (401, 403):
        raise AuthRefusedError(
            f"the central refused this device ({status}): {detail}", status=status
        )
    if status == 409 and problem_reason(answer) == DEVICE_ID_TAKEN:
        raise DeviceIdTakenError(
            f"the central refused this device id ({status}): {detail}", status=status
        )
    if 300 <= status < 400:
        raise RequestRefusedError(
            f"the central answered with a redirect ({status}) to "
            f"{answer.headers.get('Location', '?')}; check the central URL setting",
            status=status,
        )
    raise RequestRefusedError(
        f"the central refused the request ({status}): {detail}", status=status, uuids=uuids
    )


def _parse(answer: requests.Response, model: type[Model]) -> Model:
    return parse_answer(answer, model, _not_the_centrals)


def _not_the_centrals(answer: requests.Response, exc: ValidationError) -> RetryableSyncError:
    """An answer that is not the central's (a captive portal's page, a proxy's error) is a
    passing failure, not a reason to give up."""
    return RetryableSyncError(
        f"the answer from {answer.url} is not the central's "
        f"({answer.headers.get('Content-Type', 'no type')}): {exc.error_count()} problem(s)"
    )
