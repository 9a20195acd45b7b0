"""``outreach-kiosk pack ...`` run as a publisher and a desk admin would, in real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXECUTABLE = Path(sys.executable).with_name("outreach-kiosk")


def run(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("OUTREACH_KIOSK_")
    }
    environment.update(XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "share"))
    environment.update(env)
    return subprocess.run(
        [str(EXECUTABLE), *args], capture_output=True, text=True, env=environment, timeout=60
    )


def test_validate_ok_and_broken(pack_dir: Path, tmp_path: Path) -> None:
    result = run("pack", "validate", str(pack_dir), home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    from kiosk.packs.load import load_pack

    pack = load_pack(pack_dir)
    assert result.stdout.strip().endswith(
        f"ok: {pack.id} {pack.version}, {len(pack.languages)} languages, "
        f"{len(pack.topics)} topics, unsigned"
    )

    (pack_dir / "topics" / "report-safely" / "es.md").write_text("sin título\n", "utf-8")
    (pack_dir / "topics" / "rights-at-work" / "es.md").unlink()
    result = run("pack", "validate", str(pack_dir), home=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        "topics/report-safely/es.md: differs from manifest.json (sha256) "
        "(run `outreach-kiosk pack manifest PATH` after editing a pack)",
        "topics/report-safely/es.md:1: a page must start with its title: '# Title'",
        "topics/rights-at-work/es.md: listed in manifest.json but missing from the pack",
        "topics/rights-at-work/es.md: missing translation (add the page, or list "
        "'rights-at-work' in translations.es.missing to show the fallback on purpose)",
    ]
    assert result.stderr.strip() == f"{pack_dir}: 4 problems"


def test_keygen_sign_validate_install_status(pack_dir: Path, tmp_path: Path) -> None:
    key = tmp_path / "keys" / "publisher.key"
    result = run("pack", "keygen", "--out", str(key), home=tmp_path)
    assert result.returncode == 0, result.stderr
    public = (tmp_path / "keys" / "publisher.key.pub").read_text("utf-8").strip()
    assert public in result.stdout

    toml = pack_dir / "pack.toml"
    toml.write_text(toml.read_text("utf-8").replace("2026.11.0", "2027.1.0"), "utf-8")
    result = run("pack", "sign", str(pack_dir), "--key", str(key), home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr

    # a kiosk that does not trust the key refuses it and keeps the shipped pack
    data = tmp_path / "kiosk-data"
    result = run("--data-dir", str(data), "pack", "install", str(pack_dir), home=tmp_path)
    assert result.returncode == 1
    assert "which this kiosk does not trust" in result.stdout
    assert "refused; the active pack is unchanged" in result.stderr
    status = run("--data-dir", str(data), "pack", "status", home=tmp_path)
    assert "active pack: bc-orientation 2026.11.0 (shipped)" in status.stdout
    assert "last refused:" in status.stdout and "does not trust" in status.stdout

    # trusted through the setting: installed and active
    trusted = {"OUTREACH_KIOSK_TRUSTED_KEYS": public}
    result = run("pack", "validate", str(pack_dir), home=tmp_path, **trusted)
    assert result.returncode == 0 and "signed by" in result.stdout
    result = run(
        "--data-dir", str(data), "pack", "install", str(pack_dir), home=tmp_path, **trusted
    )
    assert result.returncode == 0, result.stdout + result.stderr
    status = run("--data-dir", str(data), "pack", "status", home=tmp_path, **trusted)
    assert "active pack: bc-orientation 2027.1.0 (installed)" in status.stdout
    assert "last refused" not in status.stdout


def test_validate_a_zip_and_manifest_command(pack_dir: Path, tmp_path: Path) -> None:
    page = pack_dir / "topics" / "rights-at-work" / "es.md"
    page.write_text(page.read_text("utf-8") + "\nMás.\n", "utf-8")
    assert run("pack", "validate", str(pack_dir), home=tmp_path).returncode == 1
    result = run("pack", "manifest", str(pack_dir), home=tmp_path)
    assert result.returncode == 0
    archive = tmp_path / "pack.zip"
    assert run("pack", "zip", str(pack_dir), "--out", str(archive), home=tmp_path).returncode == 0
    result = run("pack", "validate", str(archive), home=tmp_path)
    assert result.returncode == 0, result.stdout
