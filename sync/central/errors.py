"""Errors the central answers with, each a status code and a sentence for the device's admin."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from sync.protocol import DEVICE_ID_TAKEN


def utcnow() -> datetime:
    """Now, as the naive UTC time every central table stores."""
    return datetime.now(UTC).replace(tzinfo=None)


class ApiError(Exception):
    """A refusal the API reports as ``{"detail": ..., "uuids": [...]}`` with ``status``; a
    refusal the device must act on (not just show) also names its ``reason``."""

    status = 400
    reason: str | None = None

    def __init__(
        self,
        detail: str,
        *,
        uuids: Sequence[str] | None = None,
        headers: Mapping[str, str] | None = None,
    ):
        super().__init__(detail)
        self.detail = detail
        self.uuids = list(uuids) if uuids is not None else None
        self.headers = dict(headers or {})


class UnauthorizedError(ApiError):
    status = 401

    def __init__(self, detail: str):
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


class ForbiddenError(ApiError):
    status = 403


class NotFoundError(ApiError):
    status = 404


class ConflictingEventsError(ApiError):
    status = 409


class DeviceIdTakenError(ApiError):
    """An enrolment under a device id that another device holds (see ``api_sync.enrol``)."""

    status = 409
    reason = DEVICE_ID_TAKEN
