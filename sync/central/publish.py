"""Publishing a content pack: zip the folder, sign its manifest, store both on the central.

For now the pack is treated as an opaque zip plus a manifest naming its id, version, sha256 and
size, signed by the publisher (see ``sync.signing``). The zip is reproducible: the same folder
always gives the same bytes, so its hash identifies the content, not the moment it was zipped.
"""

from __future__ import annotations

import hashlib
import io
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from kiosk.codes import CONTENT_VERSION, PACK_ID
from kiosk.errors import ContentError
from kiosk.packs.load import load_pack
from kiosk.packs.manifest import TrustedKey, shipped_keys
from sync.central.admin import AdminError
from sync.central.db.database import CentralDatabase
from sync.central.db.models import ContentPack
from sync.central.errors import utcnow
from sync.protocol import PROTOCOL_VERSION
from sync.signing import SignatureError, load_private_key, sign

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class PublishedPack:
    pack_id: str
    version: str
    sha256: str
    size: int


def zip_folder(folder: Path) -> bytes:
    """The folder's files in a zip with sorted names and fixed dates; dot-files left out."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if path.is_symlink():
                raise AdminError(f"the pack may not contain links: {relative}")
            if not path.is_file() or any(part.startswith(".") for part in relative.parts):
                continue
            if "__pycache__" in relative.parts:
                continue
            info = zipfile.ZipInfo(relative.as_posix(), date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def read_pack_identity(folder: Path) -> tuple[str, str]:
    """The pack's id and version from its ``pack.toml``."""
    try:
        with (folder / "pack.toml").open("rb") as handle:
            meta = tomllib.load(handle)
    except OSError as exc:
        raise AdminError(f"cannot read {folder / 'pack.toml'}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise AdminError(f"{folder / 'pack.toml'}: {exc}") from exc
    pack_id, version = meta.get("id"), meta.get("version")
    if not isinstance(pack_id, str) or not PACK_ID.fullmatch(pack_id):
        raise AdminError(f"{folder / 'pack.toml'}: 'id' must be a code like bc-orientation")
    if not isinstance(version, str) or not CONTENT_VERSION.fullmatch(version):
        raise AdminError(f"{folder / 'pack.toml'}: 'version' must be a version like 2026.11.0")
    return pack_id, version


def publish_pack(database: CentralDatabase, folder: Path, key_path: Path) -> PublishedPack:
    """Validate, zip, sign and store the pack in ``folder``; a version is published only once."""
    if not folder.is_dir():
        raise AdminError(f"{folder} is not a folder")
    pack_id, version = read_pack_identity(folder)
    try:
        key = load_private_key(key_path)
    except SignatureError as exc:
        raise AdminError(str(exc)) from exc
    # A pack signed (`outreach-kiosk pack sign`) with the publishing key checks out here, as it
    # will on the devices that trust that key; a signature by any other key is refused.
    keys = [*shipped_keys(), TrustedKey(key.public_key(), f"publishing key {key_path}")]
    try:
        load_pack(folder, keys=keys)
    except ContentError as exc:
        raise AdminError(f"the pack in {folder} is not valid: {exc}") from exc

    data = zip_folder(folder)
    digest = hashlib.sha256(data).hexdigest()
    signed, signature = sign(
        key,
        {
            "pack_id": pack_id,
            "version": version,
            "sha256": digest,
            "size": len(data),
            "protocol": PROTOCOL_VERSION,
        },
    )
    with database.sessions.begin() as session:
        if session.scalar(select(ContentPack.id).where(ContentPack.version == version)):
            raise AdminError(
                f"version {version} is already published; raise the version in pack.toml"
            )
        session.add(
            ContentPack(
                pack_id=pack_id,
                version=version,
                sha256=digest,
                size=len(data),
                signed=signed,
                signature=signature,
                data=data,
                published_at=utcnow(),
            )
        )
    return PublishedPack(pack_id=pack_id, version=version, sha256=digest, size=len(data))
