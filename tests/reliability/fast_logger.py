"""A process that logs reach events as fast as it can, for the SIGKILL test.

It prints ``ready`` once the log is open, then one line per event *after* the write call for it
has returned (``record``) or its future has resolved (``submit``): every uuid printed is a
promise that the event is on disk. The parent kills it at a random moment and checks the file.

    python fast_logger.py DATA_DIR SEED
"""

from __future__ import annotations

import random
import sys
import threading
from concurrent.futures import Future
from pathlib import Path

from kiosk.reach.log import ReachContext, ReachLog
from kiosk.storage.database import open_database

_lock = threading.Lock()


def say(line: str) -> None:
    with _lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def report(future: Future[str]) -> None:
    if future.exception() is None:
        say(future.result())


def main() -> None:
    data_dir, seed = Path(sys.argv[1]), int(sys.argv[2])
    chance = random.Random(seed)
    database = open_database(data_dir)
    log = ReachLog(database, ReachContext("yvr", "dev-kill"))
    say("ready")
    languages = ("es", "tl", "pa", "vi", "th", "zh-Hant")
    while True:
        if chance.random() < 0.5:
            say(log.record("visit", language=chance.choice(languages)))
        else:
            for _ in range(chance.randint(1, 200)):
                future = log.submit("topic_viewed", language=chance.choice(languages))
                future.add_done_callback(report)


if __name__ == "__main__":
    main()
