"""The device's HTTP client against a real central: results, and every failure classified."""

from __future__ import annotations

import hashlib
import re
import shutil
import uuid
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from central_process import CentralProcess, free_port
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fault_proxy import FaultProxy
from fleet import Enrolled, enrol, make_event, make_events, new_code, new_device_id, new_site
from tls import make_certificates

from kiosk.packs.authoring import write_manifest
from sync.central.admin import revoke_device
from sync.central.db.database import CentralDatabase
from sync.central.publish import publish_pack
from sync.client import CentralClient
from sync.errors import (
    AuthRefusedError,
    BatchTooLargeError,
    FatalSyncError,
    RequestRefusedError,
    RetryableSyncError,
)
from sync.signing import public_key_text


def client_for(url: str, who: Enrolled | None = None, **options: object) -> CentralClient:
    return CentralClient(url, who.token if who else None, **options)  # type: ignore[arg-type]


def test_plain_http_only_to_this_machine() -> None:
    CentralClient("http://127.0.0.1:8750").close()
    CentralClient("http://localhost:8750/").close()
    CentralClient("https://central.example.org").close()
    with pytest.raises(ValueError, match="plain http"):
        CentralClient("http://central.example.org")
    with pytest.raises(ValueError, match="https://HOST"):
        CentralClient("ftp://central.example.org")


def test_enrol_then_push(central: CentralProcess, db: CentralDatabase) -> None:
    site = new_site(db)
    device = new_device_id()
    with client_for(central.url) as client:
        enrolled = client.enrol(new_code(db, site), device)
        assert (enrolled.device, enrolled.site) == (device, site)
        events = [make_event(device, site, seq) for seq in range(1, 11)]
        # Local rows may carry more than the protocol's fields: only those are sent.
        rows = [{**event, "id": n, "synced_batch": None} for n, event in enumerate(events)]
        first = client.push_batch(rows, str(uuid.uuid4()))
        assert (first.accepted, first.duplicates) == (10, 0)
        again = client.push_batch(rows, str(uuid.uuid4()))
        assert (again.accepted, again.duplicates) == (0, 10)


def test_refusals_are_fatal_and_say_why(central: CentralProcess, db: CentralDatabase) -> None:
    device = enrol(central.url, db)
    with client_for(central.url, device) as client:
        events = make_events(device, 3)
        client.push_batch(events, str(uuid.uuid4()))
        with pytest.raises(RequestRefusedError) as conflict:
            client.push_batch([{**events[0], "quantity": 9}], str(uuid.uuid4()))
        assert conflict.value.status == 409
        assert conflict.value.uuids == [events[0]["uuid"]]
        with pytest.raises(RequestRefusedError) as invalid:
            client.push_batch([{**events[1], "kind": "selfie"}], str(uuid.uuid4()))
        assert invalid.value.status == 422
        assert "kind" in str(invalid.value)
        other = enrol(central.url, db, site=device.site)
        with pytest.raises(AuthRefusedError) as foreign:
            client.push_batch(make_events(other, 1), str(uuid.uuid4()))
        assert foreign.value.status == 403
    with client_for(central.url) as stranger, pytest.raises(AuthRefusedError, match="enrolment"):
        stranger.push_batch(events, str(uuid.uuid4()))
    with client_for(central.url) as reuse, pytest.raises(AuthRefusedError) as used:
        reuse.enrol("AAAA-BBBB-CCCC-DDDD", new_device_id())
    assert used.value.status == 403


def test_a_revoked_token_stops_the_device(central: CentralProcess, db: CentralDatabase) -> None:
    device = enrol(central.url, db)
    revoke_device(db, device.device)
    with client_for(central.url, device) as client, pytest.raises(AuthRefusedError) as refused:
        client.push_batch(make_events(device, 1), str(uuid.uuid4()))
    assert refused.value.status == 401
    assert "revoked" in str(refused.value)


def test_no_server_is_retryable() -> None:
    client = client_for(f"http://127.0.0.1:{free_port()}", timeout=(2, 2))
    with client, pytest.raises(RetryableSyncError, match="cannot reach"):
        client.enrol("AAAA-BBBB-CCCC-DDDD", new_device_id())


@pytest.fixture
def proxy(central: CentralProcess) -> Iterator[FaultProxy]:
    running = FaultProxy(central.port).start()
    yield running
    running.stop()


def test_busy_failing_slow_and_foreign_answers_are_retryable(
    central: CentralProcess, db: CentralDatabase, proxy: FaultProxy
) -> None:
    device = enrol(central.url, db)
    events = make_events(device, 2)
    actions = iter(["busy", "fail_before", "fail_after", "portal", "slow", "forward"])
    proxy.plan = lambda _n: next(actions)
    proxy.delay = 1.5
    with client_for(proxy.url, device, timeout=(2, 0.5)) as client:
        with pytest.raises(RetryableSyncError) as busy:
            client.push_batch(events, str(uuid.uuid4()))
        assert (busy.value.status, busy.value.retry_after) == (429, 7.0)
        for expected in ("busy or failing \\(500\\)", "busy or failing", "not the central's"):
            with pytest.raises(RetryableSyncError, match=expected):
                client.push_batch(events, str(uuid.uuid4()))
        with pytest.raises(RetryableSyncError, match="in time"):
            client.push_batch(events, str(uuid.uuid4()))
        result = client.push_batch(events, str(uuid.uuid4()))
    # The 500 after the commit and the slow answer were both stored: this one is a duplicate.
    assert (result.accepted, result.duplicates) == (0, 2)


def test_a_batch_over_the_body_limit_is_not_sent(
    central: CentralProcess, db: CentralDatabase
) -> None:
    device = enrol(central.url, db)
    with client_for(central.url, device) as client, pytest.raises(BatchTooLargeError):
        client.push_batch(make_events(device, 8_000), str(uuid.uuid4()))


def test_tls_with_a_private_ca(tmp_path: Path, central_db: CentralDatabase) -> None:
    certificates = make_certificates(tmp_path)
    server = CentralProcess(
        central_db.url,
        tmp_path,
        scheme="https",
        extra=(
            "--ssl-certfile", str(certificates.server_cert),
            "--ssl-keyfile", str(certificates.server_key),
        ),
    )  # fmt: skip
    server.start()
    try:
        site = new_site(central_db)
        with client_for(server.url, ca_bundle=certificates.ca_bundle) as trusted:
            enrolled = trusted.enrol(new_code(central_db, site), new_device_id())
            assert enrolled.site == site
        untrusted = client_for(server.url)
        with untrusted, pytest.raises(RetryableSyncError, match="TLS certificate"):
            untrusted.enrol(new_code(central_db, site), new_device_id())
    finally:
        server.stop()


def test_content_pull_checks_the_publishers_signature(
    central: CentralProcess, db: CentralDatabase, tmp_path: Path
) -> None:
    device = enrol(central.url, db)
    key = Ed25519PrivateKey.generate()
    key_path = tmp_path / "publisher.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with resources.as_file(resources.files("kiosk.resources") / "content") as folder:
        shutil.copytree(folder, tmp_path / "pack")
    pack_toml = tmp_path / "pack" / "pack.toml"
    version = f"2100.{uuid.uuid4().int % 1_000_000}"  # dotted numbers, new in a shared database
    text, count = re.subn(
        r'^version = ".*"$', f'version = "{version}"', pack_toml.read_text(), count=1, flags=re.M
    )
    assert count == 1
    pack_toml.write_text(text)
    write_manifest(tmp_path / "pack")  # as `outreach-kiosk pack manifest` after an edit
    publish_pack(db, tmp_path / "pack", key_path)

    with client_for(central.url, device) as client:
        manifest = client.manifest()
        assert manifest is not None
        assert manifest.version == version
        data = client.download_pack(manifest, public_key_text(key.public_key()))
        assert hashlib.sha256(data).hexdigest() == manifest.sha256
        stranger = public_key_text(Ed25519PrivateKey.generate().public_key())
        with pytest.raises(FatalSyncError, match="signature"):
            client.download_pack(manifest, stranger)
        forged = manifest.model_copy(update={"sha256": "0" * 64})
        with pytest.raises(FatalSyncError, match="signed sha256 differs"):
            client.download_pack(forged, public_key_text(key.public_key()))
