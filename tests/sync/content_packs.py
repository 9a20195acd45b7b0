"""Content packs made, signed and published the way a publisher does it, for the pull tests.

A publisher's key is made with the code of ``outreach-kiosk pack keygen``, a pack is the shipped
pack with another version, signed with the code of ``outreach-kiosk pack sign``, and published
with the real ``outreach-central publish``. Devices run the real ``outreach-kiosk`` command
line and trust keys through the ``trusted_keys`` setting (its environment variable).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from central_process import run_central
from sqlalchemy import select

from kiosk.packs.authoring import sign_pack
from kiosk.packs.load import default_pack_root
from kiosk.packs.manifest import generate_key, trusted_keys
from kiosk.packs.store import PackStore
from sync.central.db.database import CentralDatabase
from sync.central.db.models import ContentPack
from sync.signing import load_private_key, sign

KIOSK = Path(sys.executable).with_name("outreach-kiosk")
SHIPPED_VERSION = "2026.11.0"


@dataclass(frozen=True)
class Publisher:
    private: Path
    public: str  # "ed25519:<base64>", as the trusted_keys setting takes it


def new_publisher(folder: Path, name: str) -> Publisher:
    public_file, _text = generate_key(folder / f"{name}.key")
    return Publisher(folder / f"{name}.key", public_file.read_text("utf-8").split()[0])


def new_pack(
    folder: Path,
    version: str,
    publisher: Publisher,
    edit: Callable[[Path], None] | None = None,
) -> Path:
    """The shipped pack as ``version``, edited by ``edit``, signed by ``publisher``."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(str(default_pack_root()), folder)
    toml = folder / "pack.toml"
    text, count = re.subn(
        r'^version = ".*"$', f'version = "{version}"', toml.read_text("utf-8"), count=1, flags=re.M
    )
    assert count == 1
    toml.write_text(text, "utf-8")
    if edit is not None:
        edit(folder)
    sign_pack(folder, publisher.private)
    return folder


def publish(database_url: str, pack: Path, publisher: Publisher) -> None:
    published = run_central(database_url, "publish", str(pack), "--key", str(publisher.private))
    assert published.returncode == 0, published.stderr


def kiosk(
    data_dir: Path, *args: str, trusted: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """``outreach-kiosk --data-dir DATA_DIR ARGS`` as a desk admin runs it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OUTREACH_KIOSK_")}
    env["XDG_CONFIG_HOME"] = str(data_dir / "config")
    if trusted:
        env["OUTREACH_KIOSK_TRUSTED_KEYS"] = ",".join(trusted)
    return subprocess.run(
        [str(KIOSK), "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def device_store(data_dir: Path, *trusted: str) -> PackStore:
    """The device's pack store, as the device with those trusted keys sees it."""
    return PackStore(data_dir, trusted_keys(trusted))


def replace_stored_zip(
    database: CentralDatabase,
    version: str,
    change: Callable[[bytes], bytes],
    resign_with: Publisher | None = None,
) -> bytes:
    """Change the zip the central serves for ``version``; return the original bytes.

    Without ``resign_with`` only the bytes change (as a disk or a proxy might damage them);
    with it, the signed manifest is made anew for the new bytes by that publisher.
    """
    with database.sessions.begin() as session:
        row = session.scalars(select(ContentPack).where(ContentPack.version == version)).one()
        original = row.data
        row.data = change(original)
        if resign_with is not None:
            row.sha256 = hashlib.sha256(row.data).hexdigest()
            row.size = len(row.data)
            row.signed, row.signature = sign(
                load_private_key(resign_with.private),
                {
                    "pack_id": row.pack_id,
                    "version": row.version,
                    "sha256": row.sha256,
                    "size": row.size,
                    "protocol": 1,
                },
            )
    return original


def restore_stored_zip(database: CentralDatabase, version: str, data: bytes) -> None:
    replace_stored_zip(database, version, lambda _changed: data)


def with_file_changed(data: bytes, name: str, text: str) -> bytes:
    """The zip ``data`` with the file ``name`` holding ``text`` instead."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info) if info.filename != name else text.encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()


def with_damaged_deflate(data: bytes, name: str) -> bytes:
    """The zip ``data`` with the compressed stream of the member ending in ``name`` damaged.

    The zip's directory, names and sizes stay valid, so the zip opens and lists as before; only
    inflating that member fails: its first deflate block is given the reserved block type (11),
    which zlib reports as "invalid block type".
    """
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        info = next(item for item in bundle.infolist() if item.filename.endswith(name))
    assert info.compress_type == zipfile.ZIP_DEFLATED
    offset = info.header_offset
    assert data[offset : offset + 4] == b"PK\x03\x04"
    name_length, extra_length = struct.unpack("<HH", data[offset + 26 : offset + 30])
    start = offset + 30 + name_length + extra_length
    damaged = bytearray(data)
    damaged[start] |= 0b110  # BTYPE = 11
    return bytes(damaged)
