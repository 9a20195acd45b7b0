"""Command-line output into a pipe whose reader has gone (``outreach-central device list | head``).

Python ignores SIGPIPE, so the write fails with BrokenPipeError, often only when the buffered
output is flushed at exit, where it would print a traceback. The Python documentation's recipe
(library/signal, "Note on SIGPIPE"): flush inside the command, and on a broken pipe point
standard output at devnull so the interpreter's final flush stays quiet.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

BROKEN_PIPE_EXIT = 1


def run_with_output(command: Callable[[], int]) -> int:
    """Run ``command`` and flush its output; a reader that left early is not an error of ours."""
    try:
        status = command()
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return BROKEN_PIPE_EXIT
    return status
