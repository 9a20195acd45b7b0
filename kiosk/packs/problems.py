"""What is wrong with a content pack, said so a person can find and fix it.

Every check of a pack (files, manifest, signature, TOML, Markdown) reports Problems instead of
stopping at the first one, so an author sees the whole list at once, and a refused pack is
refused with every reason, each naming the file and, where there is one, the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.errors import ContentError

_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: the file inside the pack ('' for the pack as a whole), a line, a message."""

    file: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.file or "(pack)"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"


class PackRefusedError(ContentError):
    """A pack was refused; ``problems`` says every reason. The last good pack stays active."""

    def __init__(self, problems: Iterable[Problem], source: str = ""):
        self.problems = tuple(problems)
        self.source = source
        lines = "\n".join(str(problem) for problem in self.problems)
        prefix = f"pack {source} refused:\n" if source else ""
        super().__init__(prefix + lines)


def toml_problem(file: str, error: Exception) -> Problem:
    """A TOML syntax error as a Problem, with the line number tomllib reports."""
    text = str(error)
    match = _TOML_POSITION.search(text)
    line = int(match.group(1)) if match else None
    return Problem(file, f"not valid TOML: {_TOML_POSITION.sub('', text).strip()}", line)
