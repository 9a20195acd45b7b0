"""The ``outreach-kiosk`` command line run as a separate process on a data folder of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

KIOSK = Path(sys.executable).with_name("outreach-kiosk")


def kiosk(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OUTREACH_KIOSK_")}
    env["XDG_CONFIG_HOME"] = str(data_dir / "config")
    return subprocess.run(
        [str(KIOSK), "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
