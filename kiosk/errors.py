"""Domain errors, raised by the core and only displayed by the UI.

Each error carries a message meant for people (the UI translates the surrounding words), so the
screens never have to guess from an exception type what went wrong.
"""


class KioskError(Exception):
    """Base of every error the core raises on purpose."""


class ConfigError(KioskError):
    """A setting has a bad value; the message names the key and where the value came from."""


class StorageError(KioskError):
    """The local database cannot be opened, migrated or written."""


class ContentError(KioskError):
    """A content pack is missing, malformed or refused."""


class InvalidEventError(KioskError, ValueError):
    """A reach event would break the privacy rules or the schema; it is refused, not stored."""


class CardError(KioskError):
    """A wallet card cannot be made as asked: text that cannot fit, a character no card font has,
    or contacts too many for one readable QR code. The message says which and why."""


class PrintError(KioskError):
    """A card did not print. ``problem`` is a code (see kiosk.cards.print_problems) the UI words
    for the visitor; the message is the detail for desk staff and the log."""

    def __init__(self, problem: str, detail: str):
        super().__init__(detail)
        self.problem = problem


class DiskFullError(StorageError):
    """The disk holding the database is full: nothing more can be saved until space is freed."""


class ReadOnlyStorageError(StorageError):
    """The data folder or the database file cannot be written."""


class SessionLockedError(KioskError):
    """An outreach session whose counts were already synced (or are being synced) was changed."""
