"""Property-based fuzzing of the published OpenAPI schema: no input makes the central fail.

Schemathesis reads /openapi.json from a real central and sends schema-valid and schema-breaking
requests to every operation, with a real device token. Every check must pass: no 5xx, statuses
and bodies as documented, invalid data refused, valid data accepted. The run is bounded (a fixed
seed and a few dozen examples per operation).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
import requests
from central_process import CentralProcess
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fleet import new_code, new_site
from sqlalchemy import select

from sync.central.db.database import CentralDatabase
from sync.central.db.models import ContentPack
from sync.central.publish import publish_pack

MAX_EXAMPLES = "40"
SEED = "20261121"


def published(db: CentralDatabase, folder: Path) -> None:
    """A content pack on the central, so the content operations answer more than 404."""
    with db.sessions() as session:
        if session.scalar(select(ContentPack.id).limit(1)) is not None:
            return
    key = Ed25519PrivateKey.generate()
    key_path = folder / "publisher.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with resources.as_file(resources.files("kiosk.resources") / "content") as pack:
        shutil.copytree(pack, folder / "pack")
    publish_pack(db, folder / "pack", key_path)


@pytest.fixture
def central(db: CentralDatabase, tmp_path: Path) -> Iterator[CentralProcess]:
    """A central of this test's own on the shared database, with the default attempt limits:
    the fuzzer's refused codes and passwords run into them, so the 429 answers are checked too
    (and lock no other test out)."""
    server = CentralProcess(db.url, tmp_path).start()
    yield server
    server.stop()


def test_fuzzing_the_schema_finds_no_failure(
    central: CentralProcess, db: CentralDatabase, tmp_path: Path
) -> None:
    schemathesis = Path(sys.executable).with_name("schemathesis")
    assert schemathesis.exists(), (
        "schemathesis is declared in the test extra: pip install -e '.[test]'"
    )
    published(db, tmp_path)
    # Device "0": the shortest id the schema allows, which the fuzzer generates often, so
    # some generated batches also reach the storing path, not only the 403 refusal.
    enrolled = requests.post(
        f"{central.url}/api/v1/enrol",
        json={"code": new_code(db, new_site(db)), "device": "0"},
        timeout=30,
    )
    assert enrolled.status_code == 201, enrolled.text
    run = subprocess.run(
        [
            str(schemathesis),
            "run",
            f"{central.url}/openapi.json",
            "--header",
            f"Authorization: Bearer {enrolled.json()['token']}",
            "--checks",
            "all",
            "--max-examples",
            MAX_EXAMPLES,
            "--seed",
            SEED,
            "--generation-database",
            "none",
            "--request-timeout",
            "30",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=240,
    )
    report = run.stdout[-6000:] + run.stderr[-2000:]
    assert run.returncode == 0, report
    assert "8 selected / 8 total" in run.stdout, report
    assert " failure" not in run.stdout.splitlines()[-1], report
    # Text no database stores: the schema's pattern has the fuzzer send NUL characters as
    # invalid data only now and then, so a sign-in with one is sent here every run. It is
    # refused before the attempt limits are looked at, with a sentence, on both back-ends.
    for body in ({"name": "amrit\x00", "password": "x" * 12}, {"name": "a", "password": "\x00"}):
        refused = requests.post(f"{central.url}/api/v1/auth/token", json=body, timeout=30)
        assert refused.status_code == 422, refused.text
        assert "NUL character" in refused.json()["detail"]
    # The fuzzer's refused codes and passwords reached the limits, so among its answers were
    # 429s, which its checks held to the schema as well.
    for path, body in (
        ("/api/v1/enrol", {"code": "AAAA-BBBB-CCCC-DDDD", "device": "0"}),
        ("/api/v1/auth/token", {"name": "nobody", "password": "not a password"}),
    ):
        limited = requests.post(f"{central.url}{path}", json=body, timeout=30)
        assert limited.status_code == 429, (path, limited.text)
