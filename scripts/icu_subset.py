"""A smaller ICU data library for the Linux bundle: the data Qt uses, for the languages we ship.

Why: PySide6's Linux wheels bring ICU for QtCore, and its data library (libicudata) is the
largest file of the bundle (32 MB of 237 MB). QtCore calls ICU only for collation (QCollator),
time-zone names (QTimeZone) and legacy text codecs (QStringConverter); the rest of the data
(break-iterator dictionaries, transliteration, spelled-out numbers, the display names of units,
currencies, languages and regions, which Qt takes from its own CLDR tables) is never read. This
module copies the ICU common data package out of libicudata, keeps what Qt can use for the
shipped languages, and links a new libicudata with the same soname and data symbol.

Dropped on purpose, and why that is safe for the kiosk:
  * legacy codecs (``*.cnv``): the kiosk reads and writes UTF-8 only; UTF-8/16/32, Latin-1
    and ASCII are built into ICU's code and Qt's, not data;
  * locales of languages not shipped: ICU falls back to the root locale for them.

Windows and macOS wheels use the system's ICU, so this applies to Linux only (build.spec). The
format is ICU's "common data" package (udata.cpp): a header, a table of contents of
(name offset, data offset) pairs sorted by name, the names, then the items on 16-byte bounds.

    python scripts/icu_subset.py LIBICUDATA OUT --keep fr es ... [--list]
"""

from __future__ import annotations

import argparse
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

# Trees of the ICU data that QtCore never reads (see the docstring).
UNUSED_TREES = frozenset({"brkitr", "translit", "rbnf", "unit", "curr", "lang", "region"})
# Root-level items QtCore never reads: character names (u_charName).
UNUSED_ITEMS = frozenset({"unames.icu"})
LOCALE_RESOURCE = re.compile(r"^(?P<language>[a-z]{2,3})(?:_[A-Za-z0-9_]+)?\.res$")
TREE_RESOURCES = frozenset({"res_index.res", "pool.res", "root.res"})
DATA_SYMBOL = re.compile(rb"^icudt\d+_dat$")
ALIGN = 16
PAD = b"\xaa"  # what ICU's own tools pad with


class IcuDataError(ValueError):
    """The file is not what this module knows how to read."""


@dataclass(frozen=True)
class Package:
    """An ICU common data package: its header and its named items, in table order."""

    header: bytes
    items: tuple[tuple[str, bytes], ...]

    @property
    def prefix(self) -> str:
        """The package name every item name starts with, e.g. ``icudt73l/``."""
        first = self.items[0][0] if self.items else ""
        return first.split("/", 1)[0] + "/" if "/" in first else ""

    def names(self) -> list[str]:
        return [name[len(self.prefix) :] for name, _ in self.items]


def read_package(blob: bytes) -> Package:
    if len(blob) < 32 or blob[2:4] != b"\xda\x27":
        raise IcuDataError("not ICU data (no 0xda27 magic)")
    header_size = struct.unpack_from("<H", blob)[0]
    if blob[8] != 0:  # UDataInfo.isBigEndian
        raise IcuDataError("big-endian ICU data is not handled")
    if blob[12:16] != b"CmnD":
        raise IcuDataError(f"not a common data package but {blob[12:16]!r}")
    toc = blob[header_size:]
    (count,) = struct.unpack_from("<I", toc)
    entries = [struct.unpack_from("<II", toc, 4 + 8 * index) for index in range(count)]
    items = []
    for index, (name_offset, data_offset) in enumerate(entries):
        end = entries[index + 1][1] if index + 1 < count else len(toc)
        name = toc[name_offset : toc.index(b"\0", name_offset)].decode("ascii")
        items.append((name, toc[data_offset:end]))
    return Package(blob[:header_size], tuple(items))


def write_package(package: Package) -> bytes:
    """The package as bytes, laid out as ICU's icupkg lays it out."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in package.items)
    table_size = 4 + 8 * len(package.items)
    name_offsets, offset = [], table_size
    for name, _ in package.items:
        name_offsets.append(offset)
        offset += len(name) + 1
    data_start = _aligned(table_size + len(names))
    body, data_offsets = bytearray(), []
    for _, data in package.items:
        data_offsets.append(data_start + len(body))
        body += data + PAD * (_aligned(len(data)) - len(data))
    table = struct.pack("<I", len(package.items)) + b"".join(
        struct.pack("<II", name_offset, data_offset)
        for name_offset, data_offset in zip(name_offsets, data_offsets, strict=True)
    )
    padding = PAD * (data_start - table_size - len(names))
    return package.header + table + names + padding + bytes(body)


def _aligned(size: int) -> int:
    return (size + ALIGN - 1) // ALIGN * ALIGN


def keeper(languages: Iterable[str]) -> Callable[[str], bool]:
    """Whether an item (named without the package prefix) is kept for these ICU languages."""
    wanted = {language.lower() for language in languages} | {"en"}

    def keep(name: str) -> bool:
        tree, _, leaf = name.rpartition("/")
        if tree in UNUSED_TREES or name in UNUSED_ITEMS or leaf.endswith(".cnv"):
            return False
        locale = LOCALE_RESOURCE.match(leaf)
        if locale and leaf not in TREE_RESOURCES:
            return locale["language"] in wanted
        return True

    return keep


def subset(package: Package, keep: Callable[[str], bool]) -> Package:
    cut = len(package.prefix)
    return Package(package.header, tuple(item for item in package.items if keep(item[0][cut:])))


# --- the shared library around the package (ELF, as PySide6's Linux wheels ship it) ----------


def find_data(library: bytes) -> tuple[str, int, int]:
    """(symbol, file offset, size) of the ``icudtNN_dat`` symbol in a 64-bit little-endian ELF."""
    if library[:4] != b"\x7fELF" or library[4] != 2 or library[5] != 1:
        raise IcuDataError("not a 64-bit little-endian ELF file")
    (section_offset,) = struct.unpack_from("<Q", library, 0x28)
    entry_size, count = struct.unpack_from("<HH", library, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", library, section_offset + index * entry_size)
        for index in range(count)
    ]
    for _, kind, _, _, offset, size, link, _, _, symbol_size in sections:
        if kind != 11:  # SHT_DYNSYM
            continue
        strings = sections[link][4]
        for start in range(offset, offset + size, symbol_size):
            name_at, _, _, _, value, length = struct.unpack_from("<IBBHQQ", library, start)
            name = library[strings + name_at : library.index(b"\0", strings + name_at)]
            if DATA_SYMBOL.match(name) and length:
                return name.decode(), _file_offset(sections, value), length
    raise IcuDataError("no icudtNN_dat symbol")


def _file_offset(sections: list[tuple[int, ...]], address: int) -> int:
    for _, kind, _, start, offset, size, *_ in sections:
        if kind != 8 and start <= address < start + size:  # not SHT_NOBITS
            return offset + address - start
    raise IcuDataError(f"address {address:#x} is in no section")


ASSEMBLY = """\
    .section .rodata
    .globl {symbol}
    .type {symbol}, %object
    .balign 16
{symbol}:
    .incbin "{data}"
    .size {symbol}, . - {symbol}
    .section .note.GNU-stack, "", %progbits
"""


def link_library(symbol: str, data: bytes, soname: str, out: Path) -> None:
    """A shared library exporting ``data`` as ``symbol``, made by the system C compiler."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        raise IcuDataError("no C compiler (cc) to link the ICU data library")
    with tempfile.TemporaryDirectory() as scratch:
        blob = Path(scratch, "icudata.dat")
        blob.write_bytes(data)
        source = Path(scratch, "icudata.S")
        source.write_text(ASSEMBLY.format(symbol=symbol, data=blob), encoding="ascii")
        subprocess.run(
            [
                compiler,
                "-shared",
                "-nostdlib",
                f"-Wl,-soname,{soname}",
                "-o",
                str(out),
                str(source),
            ],
            check=True,
        )


def make_subset(library: Path, out: Path, languages: Iterable[str]) -> tuple[int, int]:
    """Write the subset of ``library`` to ``out``; returns (bytes of data before, after)."""
    image = library.read_bytes()
    symbol, offset, size = find_data(image)
    package = read_package(image[offset : offset + size])
    smaller = write_package(subset(package, keeper(languages)))
    read_package(smaller)  # what was written reads back
    link_library(symbol, smaller, library.name, out)
    return size, len(smaller)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("library", type=Path, help="libicudata.so.NN")
    parser.add_argument("out", type=Path, nargs="?", help="where to write the smaller library")
    parser.add_argument("--keep", nargs="*", default=[], help="ICU language codes to keep")
    parser.add_argument("--list", action="store_true", help="print the kept item names")
    args = parser.parse_args(argv)
    image = args.library.read_bytes()
    _, offset, size = find_data(image)
    package = read_package(image[offset : offset + size])
    kept = subset(package, keeper(args.keep))
    if args.list:
        print("\n".join(kept.names()))
    if args.out:
        before, after = make_subset(args.library, args.out, args.keep)
        print(f"icu data {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
