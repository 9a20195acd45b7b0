"""Telling systemd the kiosk is up and still alive (the sd_notify protocol), without libsystemd.

Why: at the desk the kiosk runs as a systemd service (``deploy/outreach-kiosk.service``) with
``Type=notify`` and a watchdog. The service counts as started only when the kiosk says
``READY=1`` (after its first paint), and it is restarted when the ``WATCHDOG=1`` messages stop,
which is how a hung window gets noticed: a crash ends the process, a hang does not.

The protocol is one datagram per message to the unix socket named in ``$NOTIFY_SOCKET`` (a
name starting with ``@`` is an abstract socket). Without that variable, every call here does
nothing: the kiosk started by hand or by a desktop session behaves as before.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping

# The kiosk asks for pings at twice the rate systemd needs, so one late timer is not a restart.
PINGS_PER_TIMEOUT = 2


def socket_address(name: str) -> str | bytes:
    """The address to send to for a ``$NOTIFY_SOCKET`` value: '@name' is the abstract 'name'."""
    if name.startswith("@"):
        return b"\0" + name[1:].encode()
    return name


def watchdog_interval_ms(environ: Mapping[str, str], pid: int, parent_pid: int) -> int | None:
    """How often to send ``WATCHDOG=1`` (half of ``$WATCHDOG_USEC``), or None for no watchdog.

    ``$WATCHDOG_PID`` says which process systemd expects pings from. Under cage that is the
    compositor, the service's main process, and the kiosk is its child: the kiosk's own window
    is what must prove it is alive, so pings are sent when the named process is this one or
    its parent (the unit allows it with ``NotifyAccess=all``). Any other process that inherited
    the variables (a helper the kiosk started) stays quiet.
    """
    usec = environ.get("WATCHDOG_USEC", "")
    if not usec.isdigit() or int(usec) == 0:
        return None
    watched = environ.get("WATCHDOG_PID", "")
    if watched and (not watched.isdigit() or int(watched) not in (pid, parent_pid)):
        return None
    return max(1, int(usec) // 1000 // PINGS_PER_TIMEOUT)


class Notifier:
    """Sends messages to systemd's notification socket; made by :meth:`from_environment`."""

    def __init__(self, address: str | bytes):
        self.address = address
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Notifier | None:
        """A notifier for ``$NOTIFY_SOCKET``, or None when the kiosk is not a notify service."""
        name = (os.environ if environ is None else environ).get("NOTIFY_SOCKET", "")
        if not name or not (name.startswith(("/", "@"))):
            return None
        return cls(socket_address(name))

    def send(self, *fields: str) -> bool:
        """Send ``fields`` (e.g. ``"READY=1"``) as one message; False if it could not be sent.

        Never raises: a service manager that went away must not take the kiosk with it.
        """
        try:
            self._socket.sendto("\n".join(fields).encode(), self.address)
        except OSError:
            return False
        return True

    def close(self) -> None:
        self._socket.close()
