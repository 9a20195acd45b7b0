"""``outreach-central`` as a coordinator uses it: real processes on a real database."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import shutil
import subprocess
import uuid
import zipfile
from importlib import resources
from pathlib import Path

import pytest
import requests
from central_process import CentralProcess, run_central
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fleet import batch, enrol, make_events, new_device_id
from sqlalchemy import select

from kiosk.packs.authoring import write_manifest
from sync.central.credentials import verify_password
from sync.central.db.database import CentralDatabase, sqlite_url
from sync.central.db.models import User
from sync.signing import SignatureError, public_key_text, verify


@pytest.fixture
def sqlite_db(tmp_path: Path) -> str:
    return sqlite_url(tmp_path / "central.sqlite3")


def test_sites(sqlite_db: str) -> None:
    added = run_central(sqlite_db, "site", "add", "yvr-arrivals", "--name", "YVR arrivals desk")
    assert added.returncode == 0, added.stderr
    again = run_central(sqlite_db, "site", "add", "yvr-arrivals")
    assert again.returncode == 1
    assert "already exists" in again.stderr
    bad = run_central(sqlite_db, "site", "add", "YVR Arrivals")
    assert bad.returncode == 1
    assert "not a site code" in bad.stderr
    listed = run_central(sqlite_db, "site", "list")
    assert listed.stdout.splitlines() == ["yvr-arrivals\tYVR arrivals desk"]


def test_enrolment_code_is_printed_and_written_as_a_qr_code(sqlite_db: str, tmp_path: Path) -> None:
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        pytest.skip("zbarimg not found: install the Debian package 'zbar-tools'")
    run_central(sqlite_db, "site", "add", "farm-team")
    qr = tmp_path / "code.png"
    made = run_central(
        sqlite_db, "enrolment-code", "--site", "farm-team", "--expires", "2h", "--qr", str(qr)
    )
    assert made.returncode == 0, made.stderr
    code = made.stdout.splitlines()[0]
    assert len(code) == 19 and code.count("-") == 3
    decoded = subprocess.run(
        [zbarimg, "--quiet", "--raw", str(qr)], capture_output=True, text=True, check=True
    )
    assert decoded.stdout.strip() == code
    # Its default file name names the site, in the folder the command runs in.
    default = run_central(sqlite_db, "enrolment-code", "--site", "farm-team", cwd=tmp_path)
    assert (tmp_path / "enrolment-farm-team.png").exists(), default.stderr


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--site", "nowhere"), "no site 'nowhere'"),
        (("--site", "farm-team", "--expires", "soon"), "not a duration"),
    ],
)
def test_enrolment_code_refusals(sqlite_db: str, arguments: tuple[str, ...], message: str) -> None:
    run_central(sqlite_db, "site", "add", "farm-team")
    refused = run_central(sqlite_db, "enrolment-code", *arguments)
    assert refused.returncode == 1
    assert message in refused.stderr


def test_device_list_and_revoke(central: CentralProcess, db: CentralDatabase) -> None:
    device = enrol(central.url, db)
    events = make_events(device, 4)
    pushed = requests.post(
        f"{central.url}/api/v1/events:batch", json=batch(events), headers=device.headers, timeout=30
    )
    assert pushed.status_code == 200
    listed = run_central(db.url, "device", "list")
    line = next(row for row in listed.stdout.splitlines() if row.startswith(device.device))
    fields = line.split("\t")
    assert (fields[1], fields[4], fields[5]) == (device.site, "4", "active")

    revoked = run_central(db.url, "device", "revoke", device.device)
    assert revoked.returncode == 0, revoked.stderr
    refused = requests.post(
        f"{central.url}/api/v1/events:batch",
        json=batch(make_events(device, 1, first_seq=5)),
        headers=device.headers,
        timeout=30,
    )
    assert refused.status_code == 401
    unknown = run_central(db.url, "device", "revoke", new_device_id())
    assert unknown.returncode == 1
    assert "no device" in unknown.stderr


def test_users_get_argon2_password_hashes(sqlite_db: str) -> None:
    added = run_central(
        sqlite_db, "user", "add", "amrit", "--role", "coordinator", "--password-stdin",
        stdin="correct horse battery staple\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    short = run_central(
        sqlite_db, "user", "add", "lee", "--role", "viewer", "--password-stdin", stdin="short\n"
    )
    assert short.returncode == 1
    assert "at least 12" in short.stderr
    again = run_central(
        sqlite_db, "user", "add", "amrit", "--role", "viewer", "--password-stdin",
        stdin="another long password\n",
    )  # fmt: skip
    assert again.returncode == 1
    assert "already exists" in again.stderr
    role = run_central(sqlite_db, "user", "add", "sam", "--role", "admin", "--password-stdin")
    assert role.returncode == 2  # argparse: not one of the roles

    from sync.central.db.database import open_central_database

    database = open_central_database(sqlite_db)
    try:
        with database.sessions() as session:
            user = session.scalars(select(User)).one()
    finally:
        database.close()
    assert (user.name, user.role) == ("amrit", "coordinator")
    assert user.password_hash.startswith("$argon2id$")
    assert "correct horse" not in user.password_hash
    assert verify_password(user.password_hash, "correct horse battery staple")
    assert not verify_password(user.password_hash, "wrong password here")


@pytest.fixture
def publisher_key(tmp_path: Path) -> tuple[Path, str]:
    key = Ed25519PrivateKey.generate()
    path = tmp_path / "publisher.pem"
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return path, public_key_text(key.public_key())


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    source = resources.files("kiosk.resources") / "content"
    target = tmp_path / "pack"
    with resources.as_file(source) as folder:
        shutil.copytree(folder, target)
    return target


def test_publish_a_signed_pack_that_devices_can_check(
    central: CentralProcess,
    db: CentralDatabase,
    pack_dir: Path,
    publisher_key: tuple[Path, str],
) -> None:
    device = enrol(central.url, db)
    manifest_url = f"{central.url}/api/v1/content/manifest"
    assert requests.get(manifest_url, timeout=30).status_code == 401

    version = f"2099.{uuid.uuid4().int % 1_000_000}"  # dotted numbers, new in a shared database
    text, count = re.subn(
        r'^version = ".*"$',
        f'version = "{version}"',
        (pack_dir / "pack.toml").read_text(),
        count=1,
        flags=re.M,
    )
    assert count == 1
    (pack_dir / "pack.toml").write_text(text)
    write_manifest(pack_dir)  # as `outreach-kiosk pack manifest` after an edit
    key_path, public_key = publisher_key
    published = run_central(db.url, "publish", str(pack_dir), "--key", str(key_path))
    assert published.returncode == 0, published.stderr
    assert version in published.stdout

    manifest = requests.get(manifest_url, headers=device.headers, timeout=30)
    assert manifest.status_code == 200, manifest.text
    body = manifest.json()
    assert body["version"] == version
    from sync.signing import public_key_from_text

    signed = verify(public_key_from_text(public_key), body["signed"], body["signature"])
    assert signed == {
        "pack_id": "bc-orientation",
        "version": version,
        "sha256": body["sha256"],
        "size": body["size"],
        "protocol": 1,
    }
    other_key = public_key_text(Ed25519PrivateKey.generate().public_key())
    with pytest.raises(SignatureError):
        verify(public_key_from_text(other_key), body["signed"], body["signature"])
    tampered = body["signed"].replace(body["sha256"], "0" * 64)
    with pytest.raises(SignatureError):
        verify(public_key_from_text(public_key), tampered, body["signature"])

    download = requests.get(f"{central.url}{body['download']}", headers=device.headers, timeout=30)
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/zip"
    assert hashlib.sha256(download.content).hexdigest() == body["sha256"]
    assert len(download.content) == body["size"]
    names = zipfile.ZipFile(io.BytesIO(download.content)).namelist()
    assert "pack.toml" in names
    assert "topics/rights-at-work/en.md" in names
    missing = requests.get(
        f"{central.url}/api/v1/content/packs/0.0.0", headers=device.headers, timeout=30
    )
    assert missing.status_code == 404

    again = run_central(db.url, "publish", str(pack_dir), "--key", str(key_path))
    assert again.returncode == 1
    assert "already published" in again.stderr
    assert base64.b64decode(body["signature"])  # a real base64 signature, not empty


def test_publish_refuses_a_broken_pack_or_a_bad_key(
    sqlite_db: str, pack_dir: Path, publisher_key: tuple[Path, str], tmp_path: Path
) -> None:
    key_path, _ = publisher_key
    (pack_dir / "topics" / "rights-at-work" / "en.md").unlink()
    broken = run_central(sqlite_db, "publish", str(pack_dir), "--key", str(key_path))
    assert broken.returncode == 1
    assert "rights-at-work/en.md" in broken.stderr
    not_a_key = tmp_path / "key.pem"
    not_a_key.write_text("hello")
    shutil.rmtree(pack_dir)
    source = resources.files("kiosk.resources") / "content"
    with resources.as_file(source) as folder:
        shutil.copytree(folder, pack_dir)
    bad_key = run_central(sqlite_db, "publish", str(pack_dir), "--key", str(not_a_key))
    assert bad_key.returncode == 1
    assert "PEM" in bad_key.stderr


def test_a_pack_zip_is_reproducible(pack_dir: Path) -> None:
    from sync.central.publish import zip_folder

    first = zip_folder(pack_dir)
    (pack_dir / "pack.toml").touch()
    assert zip_folder(pack_dir) == first
