"""The error answers each route documents in the OpenAPI schema, all shaped as ``Problem``."""

from __future__ import annotations

from typing import Any

from sync.protocol import Problem

MEANINGS = {
    400: "The request is malformed (e.g. a broken gzip body).",
    401: "No token, an unknown one, a revoked or expired one, or a wrong password.",
    403: "Refused: the code, the device or the person may not do this.",
    404: "Nothing found.",
    409: "Known event uuids arrived with different content, or (enrolment) another device holds "
    "this device id (reason device_id_taken); nothing was written.",
    413: "The request body is over the limit (compressed or decompressed).",
    415: "The content encoding is not supported (gzip or none).",
    422: "The request does not match the schema (or asks for too much); nothing was written.",
    429: "Too many failed attempts from this address; wait as long as Retry-After says.",
    503: "The database is not reachable; retry later.",
}
ALWAYS = (400, 413, 415, 422, 503)


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for ``statuses`` plus the ones any request can get."""
    return {
        status: {"model": Problem, "description": MEANINGS[status]}
        for status in sorted({*statuses, *ALWAYS})
    }
