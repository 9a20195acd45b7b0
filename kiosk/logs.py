"""Log files in the data folder, rotated so a kiosk running for months never fills its disk.

Logs never hold what a visitor did beyond what the reach log already counts anonymously.
"""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import Sequence
from pathlib import Path

LOG_FILE_NAME = "kiosk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5


def configure_logging(
    data_dir: Path, level: int = logging.INFO, earlier: Sequence[logging.LogRecord] = ()
) -> Path:
    """Send log records to ``data_dir/logs/kiosk.log`` and to stderr; return the file's path.

    ``earlier`` are records logged before the data folder was known (loading the settings that
    name it); they are written first, with their own times.
    """
    folder = data_dir / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE_NAME
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    file_handler.setFormatter(formatter)
    stderr_handler = logging.StreamHandler()
    stderr_handler.setFormatter(formatter)
    stderr_handler.setLevel(logging.WARNING)
    root = logging.getLogger()
    root.setLevel(level)
    root.addHandler(file_handler)
    root.addHandler(stderr_handler)
    for record in earlier:
        root.handle(record)
    return path
