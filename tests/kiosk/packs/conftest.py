"""Fixtures for content pack tests: a fresh copy of the shipped pack and real signing keys."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.packs.authoring import write_manifest
from kiosk.packs.load import default_pack_root
from kiosk.packs.manifest import TrustedKey, generate_key, parse_public_key


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    """A copy of the shipped pack, manifest up to date, no signature."""
    copy = tmp_path / "pack"
    shutil.copytree(str(default_pack_root()), copy)
    (copy / "manifest.sig").unlink(missing_ok=True)
    write_manifest(copy)
    return copy


@pytest.fixture(scope="session")
def key_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, TrustedKey]:
    """A real Ed25519 key made with the same code as `outreach-kiosk pack keygen`."""
    private = tmp_path_factory.mktemp("keys") / "publisher.key"
    public_file, _text = generate_key(private)
    key = parse_public_key(public_file.read_text(encoding="utf-8"))
    return private, TrustedKey(key, "test publisher")


@pytest.fixture(scope="session")
def other_key_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, TrustedKey]:
    private = tmp_path_factory.mktemp("keys") / "stranger.key"
    public_file, _text = generate_key(private)
    return private, TrustedKey(parse_public_key(public_file.read_text("utf-8")), "stranger")
