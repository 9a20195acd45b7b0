"""Content updates for devices: the newest pack's manifest, and the pack itself.

The central only stores and serves what the publisher signed; a device checks the signature with
the publisher's public key, so a central that was broken into still cannot change what a worker
reads.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from fastapi import Path as PathParam
from fastapi.responses import Response
from sqlalchemy import select

from kiosk.codes import CONTENT_VERSION
from sync.central.api.auth import DatabaseDep, DeviceDep
from sync.central.api.responses import problems
from sync.central.db.models import ContentPack
from sync.central.errors import NotFoundError
from sync.protocol import (
    CONTENT_MANIFEST_PATH,
    CONTENT_PACK_PATH,
    ContentManifest,
)

router = APIRouter(tags=["content"])


def pack_url(version: str) -> str:
    return CONTENT_PACK_PATH.format(version=version)


@router.get(
    CONTENT_MANIFEST_PATH,
    response_model=ContentManifest,
    responses=problems(401, 404),
    summary="The newest published content pack",
)
def manifest(_device: DeviceDep, database: DatabaseDep) -> ContentManifest:
    query = (
        select(
            ContentPack.pack_id,
            ContentPack.version,
            ContentPack.sha256,
            ContentPack.size,
            ContentPack.published_at,
            ContentPack.signed,
            ContentPack.signature,
        )
        .order_by(ContentPack.id.desc())
        .limit(1)
    )
    with database.sessions() as session:
        row = session.execute(query).one_or_none()
    if row is None:
        raise NotFoundError("no content pack has been published yet")
    return ContentManifest(
        pack_id=row.pack_id,
        version=row.version,
        sha256=row.sha256,
        size=row.size,
        published_at=row.published_at.isoformat(timespec="seconds") + "Z",
        download=pack_url(row.version),
        signed=row.signed,
        signature=row.signature,
    )


@router.get(
    CONTENT_PACK_PATH,
    response_class=Response,
    responses={
        200: {"content": {"application/zip": {}}, "description": "The pack's zip."},
        **problems(401, 404),
    },
    summary="Download a published content pack (zip)",
)
def download(
    version: Annotated[str, PathParam(pattern=CONTENT_VERSION.pattern, max_length=32)],
    _device: DeviceDep,
    database: DatabaseDep,
) -> Response:
    with database.sessions() as session:
        row = session.execute(
            select(ContentPack.data, ContentPack.sha256).where(ContentPack.version == version)
        ).one_or_none()
    if row is None:
        raise NotFoundError(f"no content pack with version {version!r} was published")
    return Response(
        content=row.data,
        media_type="application/zip",
        headers={
            "ETag": f'"{row.sha256}"',
            "Content-Disposition": f'attachment; filename="content-{version}.zip"',
        },
    )
