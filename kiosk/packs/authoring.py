"""Tools for people who publish packs: refresh the manifest, sign it, zip a pack for transport.

Kept apart from loading: a kiosk only ever reads and checks packs; these functions write them.
"""

from __future__ import annotations

import tomllib
import zipfile
from pathlib import Path

from kiosk.packs.files import MANIFEST, PACK_TOML, SIGNATURE, list_files
from kiosk.packs.manifest import (
    TrustedKey,
    build_manifest,
    fingerprint,
    load_private_key,
    sign_manifest,
)
from kiosk.packs.problems import PackRefusedError, Problem
from kiosk.packs.validate import inspect_pack


def write_manifest(root: Path) -> Path:
    """Rewrite ``root/manifest.json`` from the files as they are now.

    Refuses when the folder holds files a pack may not hold, so the manifest never vouches for
    them. A signature made for an older manifest no longer matches and is removed.
    """
    files, problems = list_files(root)
    try:
        meta = tomllib.loads((root / PACK_TOML).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        problems.append(Problem(PACK_TOML, f"cannot be read: {exc}"))
        meta = {}
    if problems:
        raise PackRefusedError(problems, source=str(root))
    manifest = build_manifest(str(meta.get("id", "")), str(meta.get("version", "")), files)
    path = root / MANIFEST
    old = path.read_bytes() if path.exists() else None
    if old != manifest:
        path.write_bytes(manifest)
        (root / SIGNATURE).unlink(missing_ok=True)
    return path


def sign_pack(root: Path, key_path: Path) -> str:
    """Refresh the manifest, check the whole pack, then write ``manifest.sig``.

    Returns the fingerprint of the signing key. A pack with any problem is not signed.
    """
    key = load_private_key(key_path)
    write_manifest(root)
    public = TrustedKey(key.public_key(), str(key_path))
    inspection = inspect_pack(root, keys=[public], require_manifest=True)
    problems = [problem for problem in inspection.problems if problem.file != SIGNATURE]
    if problems:
        raise PackRefusedError(problems, source=str(root))
    (root / SIGNATURE).write_text(sign_manifest((root / MANIFEST).read_bytes(), key), "utf-8")
    return fingerprint(key.public_key())


def zip_pack(root: Path, archive: Path) -> Path:
    """A zip of the pack for transport, with its files under one folder named after the pack."""
    files, problems = list_files(root)
    if problems:
        raise PackRefusedError(problems, source=str(root))
    folder = root.resolve().name
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(files):
            bundle.write(root / path, f"{folder}/{path}")
    return archive
