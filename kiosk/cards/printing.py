"""Printing a card PDF to a CUPS queue, and knowing whether it really printed.

Why not fire and forget: a kiosk card printer runs out of cards, jams or is switched off, and a
visitor walking away empty-handed must be told and shown the QR codes instead. So the queue's
state is checked first (does it exist, is it accepting jobs, is it out of paper), the PDF is
handed to ``lp`` for the named queue (the default queue when none is set), and the job is
followed until CUPS says it completed, failed, or it takes too long (then it is cancelled, so
it cannot come out later for nobody).

Why every job names its paper and asks for no scaling: a queue otherwise prints on its own
default paper and fits the page to it, so a Letter sheet sent to an A4 queue came out with cards
of 91.0 x 57.4 mm that fit no wallet, and a card page came out on A4 on a card printer. Each job
asks for ``print-scaling=none`` (and ``fit-to-page=false``, which older filters read) and for the
media of the PDF's own page, by its IPP/PWG name (:data:`MEDIA`): CUPS then picks that paper
(for a PPD, the size of those dimensions) and prints at 100%.

States are read over IPP (Get-Printer-Attributes, Get-Job-Attributes, CUPS-Get-Default) from
the same CUPS server ``lp`` talks to: ``CUPS_SERVER`` if set (host[:port] or a socket path),
else the local socket, else localhost:631. IPP's keywords do not depend on the locale, unlike
``lpstat``'s text. Nothing here needs Qt; the kiosk runs it on a worker thread.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import struct
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kiosk.cards.print_problems import JOB_FAILED, NO_PRINTER, NOT_READY, PAPER_OUT, TIMED_OUT
from kiosk.errors import PrintError

DEFAULT_SOCKETS = (Path("/run/cups/cups.sock"), Path("/var/run/cups/cups.sock"))
PAPER_REASONS = ("media-empty", "media-needed", "input-tray-missing")

# IPP (RFC 8010/8011, CUPS extensions): operations, tags, states.
_GET_JOB_ATTRIBUTES, _GET_PRINTER_ATTRIBUTES, _CANCEL_JOB = 0x0009, 0x000B, 0x0008
_CUPS_GET_DEFAULT = 0x4001
_OPERATION_TAG, _END_TAG = 0x01, 0x03
_INTEGER, _BOOLEAN, _ENUM = 0x21, 0x22, 0x23
_KEYWORD, _URI, _CHARSET, _LANGUAGE, _NAME = 0x44, 0x45, 0x47, 0x48, 0x42
_NOT_FOUND = 0x0406
PRINTER_STOPPED = 5
JOB_CANCELED, JOB_ABORTED, JOB_COMPLETED, JOB_STOPPED = 7, 8, 9, 6
# The papers of kiosk.cards.sheet.PAPERS by their self-describing IPP/PWG media names (PWG
# 5101.1); the size is read from the name. No standard name exists for an ID-1 card, so it is a
# custom size, which CUPS maps to a PPD's card size or its custom page size.
MEDIA = ("custom_85.6x54mm_85.6x54mm", "na_letter_8.5x11in", "iso_a4_210x297mm")
AT_FULL_SIZE = {"print-scaling": "none", "fit-to-page": "false"}
_SIZE_TOLERANCE = 1.0  # points: a PDF's page may round its size
_MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")


@dataclass(frozen=True)
class PrinterStatus:
    """What CUPS says about a queue right now."""

    name: str
    state: int  # 3 idle, 4 processing, 5 stopped
    reasons: tuple[str, ...]
    accepting: bool
    message: str = ""

    def problem(self) -> str | None:
        """The reason a card would not come out of this printer now, or None if it is ready."""
        if any(reason.startswith(PAPER_REASONS) for reason in self.reasons):
            return PAPER_OUT
        if self.state == PRINTER_STOPPED or not self.accepting:
            return NOT_READY
        if any(
            reason.endswith("-error") or reason.startswith("offline") for reason in self.reasons
        ):
            return NOT_READY
        return None

    def describe(self) -> str:
        states = {3: "idle", 4: "printing", 5: "stopped"}
        reasons = ", ".join(self.reasons) or "none"
        text = f"printer {self.name!r}: {states.get(self.state, self.state)}, reasons: {reasons}"
        if not self.accepting:
            text += ", not accepting jobs"
        return text + (f" ({self.message})" if self.message else "")


def _attribute(tag: int, name: str, values: Sequence[str | int | bool]) -> bytes:
    encoded = b""
    for index, value in enumerate(values):
        if isinstance(value, bool):
            data = bytes([value])
        elif isinstance(value, int):
            data = struct.pack(">i", value)
        else:
            data = value.encode("utf-8")
        label = name.encode("ascii") if index == 0 else b""
        encoded += struct.pack(">BH", tag, len(label)) + label + struct.pack(">H", len(data)) + data
    return encoded


def _parse(body: bytes) -> tuple[int, list[dict[str, list[Any]]]]:
    """IPP response: its status code and its attribute groups (name -> values)."""
    if len(body) < 8:
        raise ValueError("short IPP response")
    status = struct.unpack(">H", body[2:4])[0]
    groups: list[dict[str, list[Any]]] = []
    offset, name = 8, ""
    while offset < len(body):
        tag = body[offset]
        offset += 1
        if tag == _END_TAG:
            break
        if tag < 0x10:  # a new group
            groups.append({})
            continue
        (name_length,) = struct.unpack(">H", body[offset : offset + 2])
        offset += 2
        if name_length:
            name = body[offset : offset + name_length].decode("utf-8", "replace")
        offset += name_length
        (value_length,) = struct.unpack(">H", body[offset : offset + 2])
        offset += 2
        raw = body[offset : offset + value_length]
        offset += value_length
        value: Any
        if tag in (_INTEGER, _ENUM) and value_length == 4:
            value = struct.unpack(">i", raw)[0]
        elif tag == _BOOLEAN:
            value = bool(raw and raw[0])
        else:
            value = raw.decode("utf-8", "replace")
        if not groups:
            groups.append({})
        groups[-1].setdefault(name, []).append(value)
    return status, groups


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float):
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(self.timeout)
        connection.connect(self._path)
        self.sock = connection


class Cups:
    """A CUPS server: IPP for states, ``lp`` for printing. ``server`` as in ``CUPS_SERVER``."""

    def __init__(self, server: str | None = None, timeout: float = 10.0):
        self.server = server or os.environ.get("CUPS_SERVER") or self._local_server()
        self.timeout = timeout
        self._request_id = 0

    @staticmethod
    def _local_server() -> str:
        for path in DEFAULT_SOCKETS:
            if path.exists():
                return str(path)
        return "localhost:631"

    def _connection(self) -> http.client.HTTPConnection:
        if self.server.startswith("/"):
            return _UnixConnection(self.server, self.timeout)
        host, _, port = self.server.partition(":")
        return http.client.HTTPConnection(host, int(port or 631), timeout=self.timeout)

    def _ipp(
        self, path: str, operation: int, attributes: Sequence[bytes]
    ) -> tuple[int, list[dict[str, list[Any]]]]:
        self._request_id += 1
        body = struct.pack(">BBHI", 1, 1, operation, self._request_id)
        body += bytes([_OPERATION_TAG])
        body += _attribute(_CHARSET, "attributes-charset", ["utf-8"])
        body += _attribute(_LANGUAGE, "attributes-natural-language", ["en"])
        body += b"".join(attributes) + bytes([_END_TAG])
        connection = self._connection()
        try:
            connection.request("POST", path, body, {"Content-Type": "application/ipp"})
            response = connection.getresponse()
            data = response.read()
        except OSError as exc:
            raise PrintError(NO_PRINTER, f"CUPS at {self.server} is not reachable: {exc}") from exc
        finally:
            connection.close()
        if response.status != 200:
            raise PrintError(NO_PRINTER, f"CUPS at {self.server} answered HTTP {response.status}")
        try:
            return _parse(data)
        except (ValueError, struct.error) as exc:
            raise PrintError(NO_PRINTER, f"CUPS at {self.server}: bad IPP answer: {exc}") from exc

    def _printer_uri(self, name: str) -> bytes:
        return _attribute(_URI, "printer-uri", [f"ipp://localhost/printers/{quote(name)}"])

    def default_printer(self) -> str | None:
        """The server's default queue, or None when it has none."""
        status, groups = self._ipp("/", _CUPS_GET_DEFAULT, [])
        for group in groups:
            if "printer-name" in group and status < 0x0400:
                return str(group["printer-name"][0])
        return None

    def printer_status(self, name: str) -> PrinterStatus:
        """The queue's state; PrintError(NO_PRINTER) if CUPS has no such queue."""
        wanted = [
            "printer-state",
            "printer-state-reasons",
            "printer-is-accepting-jobs",
            "printer-state-message",
        ]
        status, groups = self._ipp(
            f"/printers/{quote(name)}",
            _GET_PRINTER_ATTRIBUTES,
            [self._printer_uri(name), _attribute(_KEYWORD, "requested-attributes", wanted)],
        )
        found = next((group for group in groups if "printer-state" in group), None)
        if status == _NOT_FOUND or found is None:
            raise PrintError(NO_PRINTER, f"CUPS at {self.server} has no printer {name!r}")
        reasons = tuple(r for r in found.get("printer-state-reasons", []) if r != "none")
        return PrinterStatus(
            name,
            int(found["printer-state"][0]),
            reasons,
            bool(found.get("printer-is-accepting-jobs", [True])[0]),
            str(found.get("printer-state-message", [""])[0]),
        )

    def job_state(self, name: str, job_id: int) -> tuple[int, tuple[str, ...]]:
        """A job's state (3 pending ... 9 completed) and its reasons."""
        wanted = ["job-state", "job-state-reasons"]
        _status, groups = self._ipp(
            f"/printers/{quote(name)}",
            _GET_JOB_ATTRIBUTES,
            [
                self._printer_uri(name),
                _attribute(_INTEGER, "job-id", [job_id]),
                _attribute(_KEYWORD, "requested-attributes", wanted),
            ],
        )
        found = next((group for group in groups if "job-state" in group), None)
        if found is None:
            raise PrintError(JOB_FAILED, f"job {job_id} on {name!r} is unknown to CUPS")
        return int(found["job-state"][0]), tuple(found.get("job-state-reasons", []))

    def cancel(self, name: str, job_id: int) -> None:
        self._ipp(
            f"/printers/{quote(name)}",
            _CANCEL_JOB,
            [
                self._printer_uri(name),
                _attribute(_INTEGER, "job-id", [job_id]),
                _attribute(_NAME, "requesting-user-name", [_user()]),
            ],
        )

    def submit(self, name: str, pdf: Path, title: str, options: Mapping[str, str]) -> int:
        """Queue ``pdf`` on ``name`` with ``lp``; return the job id."""
        command = ["lp", "-d", name, "-t", title]
        for key, value in options.items():
            command += ["-o", f"{key}={value}"]
        environment = {**os.environ, "CUPS_SERVER": self.server, "LC_ALL": "C", "LANG": "C"}
        try:
            result = subprocess.run(
                [*command, str(pdf)],
                capture_output=True,
                text=True,
                env=environment,
                timeout=self.timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PrintError(NO_PRINTER, f"lp could not be run: {exc}") from exc
        match = re.search(r"request id is .*-(\d+) ", result.stdout)
        if result.returncode != 0 or match is None:
            detail = (result.stderr or result.stdout).strip()
            raise PrintError(NOT_READY, f"lp refused the job for {name!r}: {detail}")
        return int(match.group(1))


def media_size(name: str) -> tuple[float, float]:
    """Width and height in points of a PWG media name such as ``iso_a4_210x297mm``."""
    found = re.fullmatch(r".*_([\d.]+)x([\d.]+)(mm|in)", name)
    if found is None:
        raise ValueError(f"not a PWG media name with a size: {name!r}")
    unit = 72 / 25.4 if found.group(3) == "mm" else 72.0
    return float(found.group(1)) * unit, float(found.group(2)) * unit


def page_size(pdf: Path) -> tuple[float, float] | None:
    """The size in points of the first page of ``pdf`` (every page of a card PDF has it).

    Read from the first ``/MediaBox``, as the kiosk's own PDFs write it uncompressed; None when
    none is found, and the job then names no paper.
    """
    found = _MEDIA_BOX.search(pdf.read_bytes())
    if found is None:
        return None
    left, bottom, right, top = (float(value) for value in found.groups())
    return right - left, top - bottom


def media_for(size: tuple[float, float]) -> str | None:
    """The name in :data:`MEDIA` of a page of ``size`` (either way round), or None."""
    wanted = sorted(size)
    for name in MEDIA:
        known = sorted(media_size(name))
        if all(abs(a - b) <= _SIZE_TOLERANCE for a, b in zip(wanted, known, strict=True)):
            return name
    return None


def job_options(pdf: Path) -> dict[str, str]:
    """The options that make a queue print ``pdf`` at 100% on paper of its own page's size."""
    size = page_size(pdf)
    media = media_for(size) if size is not None else None
    return {**AT_FULL_SIZE, **({"media": media} if media else {})}


def _user() -> str:
    try:
        import getpass

        return getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no user name in this environment
        return "kiosk"


def print_pdf(
    pdf: Path,
    queue: str | None,
    cups: Cups | None = None,
    *,
    title: str = "Wallet card",
    options: Mapping[str, str] | None = None,
    timeout: float = 90.0,
    poll: float = 0.5,
    stopping: Callable[[], bool] = lambda: False,
) -> tuple[str, int]:
    """Print ``pdf`` on ``queue`` (the default queue if None) and wait until it is printed.

    The job asks for the PDF's paper and no scaling (:func:`job_options`); ``options`` may add
    to them or replace them. Returns (queue, job id). Raises PrintError with one of
    kiosk.cards.print_problems, saying what went wrong.
    ``stopping`` is asked while waiting: when it says True (the kiosk is closing) the job is
    cancelled and PrintError(TIMED_OUT) raised at once.
    """
    cups = cups or Cups()
    name = queue or cups.default_printer()
    if not name:
        raise PrintError(NO_PRINTER, f"no printer is set and CUPS at {cups.server} has no default")
    status = cups.printer_status(name)
    problem = status.problem()
    if problem is not None:
        raise PrintError(problem, status.describe())
    job = cups.submit(name, pdf, title, {**job_options(pdf), **(options or {})})
    deadline = time.monotonic() + timeout
    while True:
        state, reasons = cups.job_state(name, job)
        if state == JOB_COMPLETED:
            return name, job
        if state in (JOB_CANCELED, JOB_ABORTED, JOB_STOPPED):
            if state == JOB_STOPPED:
                cups.cancel(name, job)
            status = cups.printer_status(name)
            problem = PAPER_OUT if status.problem() == PAPER_OUT else JOB_FAILED
            raise PrintError(problem, f"job {job} ended {', '.join(reasons)}; {status.describe()}")
        status = cups.printer_status(name)
        problem = status.problem()
        if problem is not None or time.monotonic() > deadline or stopping():
            cups.cancel(name, job)
            detail = status.describe() if problem else f"job {job} not printed in time"
            raise PrintError(problem or TIMED_OUT, detail)
        time.sleep(poll)
