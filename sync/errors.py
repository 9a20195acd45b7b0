"""What can go wrong when a device talks to the central, sorted by what the device should do.

Why classes rather than status codes: the sync worker needs one decision per failure. A
:class:`RetryableSyncError` (no connection, a timeout, 429, a 5xx, an answer that is not the
central's) means "wait and try again, nothing is lost". An :class:`AuthRefusedError` (401/403)
means "stop and tell the admin": retrying cannot fix a revoked token. A
:class:`RequestRefusedError` (any other 4xx) is a bug or a refusal to surface, not to retry forever.
"""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.errors import KioskError


class SyncError(KioskError):
    """Base of every sync failure; the message is meant for the device's admin."""


class RetryableSyncError(SyncError):
    """A passing failure: the same request may succeed later."""

    def __init__(
        self, message: str, *, status: int | None = None, retry_after: float | None = None
    ):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class FatalSyncError(SyncError):
    """The central refused the request; sending it again unchanged will not help."""

    def __init__(self, message: str, *, status: int | None = None, uuids: Sequence[str] = ()):
        super().__init__(message)
        self.status = status
        self.uuids = list(uuids)


class AuthRefusedError(FatalSyncError):
    """401/403: the device is not (or no longer) allowed to sync. Stop and tell the admin."""


class RequestRefusedError(FatalSyncError):
    """Any other 4xx: the central says the request itself is wrong (e.g. a 409 conflict)."""


class BatchTooLargeError(SyncError):
    """A batch would exceed the protocol's body limit; send fewer events at a time."""


class DeviceIdTakenError(RequestRefusedError):
    """409 to an enrolment: another device holds this device id (a clone of this disk that
    enrolled first). Take a new id and enrol again with the same code, which was not used."""


def describe_error(error: BaseException) -> str:
    """An unexpected error in one line: its type and the first line of its message."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
