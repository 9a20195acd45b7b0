"""QR code matrices built quickly: qrcode's own symbols, with its mask choice made in a few ms.

Why this exists: ``qrcode.QRCode.make`` builds the whole matrix module by module nine times
(once for each of the eight mask patterns, to score it, and once more for the winner) and scores
each with Python loops over every module; its Reed-Solomon step divides polynomials object by
object. For the card's vCard (version 17 to 25) that took 50 to 100 ms, most of a card made
from nothing. Here

- the parts that depend only on the version (finder, alignment and timing patterns, and the
  order in which data modules are filled) are worked out once per version;
- the codewords are assembled as one integer and the error correction computed with GF(256)
  log tables;
- the data is placed once, one integer per row, and each mask is an XOR of row integers;
- the four penalty rules of ISO/IEC 18004 (runs, 2 x 2 blocks, finder-like patterns, dark
  proportion) run as regular expressions over the rows and columns as strings and as bit
  operations on the row integers.

The mask chosen is the one qrcode chooses (lowest penalty, first on a tie, scored as qrcode
scores it: with the format information left light), so every symbol is module for module the
one ``qrcode`` makes, at error correction level M; tests compare the two on random payloads.
From qrcode still come: the choice of encoding modes, the capacity and block tables, the
generator polynomials and GF(256) tables, the function patterns and the BCH-coded format and
version information.

One thing qrcode cannot write is added here: an ECI header (ISO/IEC 18004 7.4.2), which names
the character set of the byte-mode data that follows, so a reader does not have to guess it.
With ``eci=ECI_UTF8`` the data starts with the ECI mode indicator and designator 26 (UTF-8);
everything else is as above, and tests compare those symbols with segno's, module for module.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from qrcode import LUT, base, util
from qrcode.constants import ERROR_CORRECT_M
from qrcode.exceptions import DataOverflowError
from qrcode.main import QRCode

ERROR_CORRECTION = ERROR_CORRECT_M
OPTIMIZE = 20  # qrcode's default: a run of 20+ digits or letters gets its own compact segment
MASKS = range(8)
_PAD_BYTES = (0xEC, 0x11)
MODE_ECI = 0b0111
ECI_UTF8 = 26  # the ECI designator of UTF-8 (AIM ECI specification)
_EXP = base.EXP_TABLE[:255] * 2  # exponent sums up to 508 need no modulo
_LOG = base.LOG_TABLE
_BIT_TO_BYTE = bytes.maketrans(b"01", b"\x00\x01")


@dataclass(frozen=True)
class Matrix:
    """A finished symbol: its version, mask and dark modules, one ``n``-bit integer per row.

    Bit ``n - 1 - c`` of a row is column ``c``, so ``format(row, f"0{n}b")`` reads left to right.
    """

    version: int
    mask: int
    rows: tuple[int, ...]

    @property
    def size(self) -> int:
        return self.version * 4 + 17

    def row_strings(self) -> tuple[str, ...]:
        """Each row as ``0`` (light) and ``1`` (dark) characters, left to right."""
        width = f"0{self.size}b"
        return tuple(format(row, width) for row in self.rows)

    def row_booleans(self) -> tuple[tuple[bool, ...], ...]:
        return tuple(
            tuple(map(bool, text.encode("ascii").translate(_BIT_TO_BYTE)))
            for text in self.row_strings()
        )


def segments(payload: bytes) -> list[util.QRData]:
    """The payload cut into encoding segments exactly as ``QRCode.add_data`` cuts it."""
    return list(util.optimal_data_chunks(payload, minimum=OPTIMIZE))


def fit_version(parts: list[util.QRData], smallest: int = 1, eci: int | None = None) -> int:
    """The smallest version (``smallest`` at least) that holds ``parts`` at level M, after an
    ECI header naming ``eci`` if given.

    Raises DataOverflowError when even version 40 is too small.
    """
    limits = util.BIT_LIMIT_TABLE[ERROR_CORRECTION]
    payload_bits = [_payload_bits(part)[1] for part in parts]
    header = _eci_header(eci)[1]
    for version in range(max(1, smallest), 41):
        needed = header + sum(
            4 + util.length_in_bits(part.mode, version) + bits
            for part, bits in zip(parts, payload_bits, strict=True)
        )
        if needed <= limits[version]:
            return version
    raise DataOverflowError("the data does not fit a version 40 QR code at level M")


def build(parts: list[util.QRData], version: int, eci: int | None = None) -> Matrix:
    """The symbol holding ``parts`` at ``version`` (see :func:`fit_version`), best mask,
    its data led by an ECI header naming ``eci`` if given."""
    template = _template(version)
    n = template.size
    stream = "".join(map("{:08b}".format, _codewords(parts, version, eci)))
    stream = stream.ljust(template.data_modules + 1, "0")  # remainder bits and the "not data" 0
    flat = "".join(map(stream.__getitem__, template.source))
    placed = [int(flat[start : start + n], 2) for start in range(0, n * n, n)]
    best_mask, best_score = 0, -1
    best_rows: tuple[int, ...] = ()
    for mask in MASKS:
        pattern = _mask_rows(n, mask)
        rows = tuple(
            function | (data ^ (flip & free))
            for function, data, flip, free in zip(
                template.function, placed, pattern, template.free, strict=True
            )
        )  # scored with the format information light, as qrcode scores it
        score = penalty(rows, n)
        if best_score < 0 or score < best_score:
            best_mask, best_rows, best_score = mask, rows, score
    information = _format_rows(version, best_mask)
    return Matrix(
        version, best_mask, tuple(a | b for a, b in zip(best_rows, information, strict=True))
    )


def penalty(rows: Sequence[int], n: int) -> int:
    """The mask penalty of a symbol: ISO/IEC 18004 rules N1 to N4, scored as qrcode scores them.

    N1: a run of 5 or more alike in a row or column costs 3, plus 1 per module past 5: that is
    one per window of 5 alike, plus 2 per run. N2: 3 per 2 x 2 block alike (overlapping).
    N3: 40 per 1:1:3:1:1 finder-like pattern with 4 light modules before or after it. N4: 10
    per 5 % that the dark share departs from 50 %.
    """
    full = (1 << n) - 1
    windows = (1 << (n - 4)) - 1
    score = 0
    for row in rows:  # N1 across: bit i of ``alike`` says modules i and i + 1 match
        alike = ~(row ^ (row >> 1))
        five = alike & (alike >> 1) & (alike >> 2) & (alike >> 3) & windows
        score += five.bit_count() + 2 * (five & ~(five >> 1)).bit_count()
    below = [~(upper ^ lower) & full for upper, lower in itertools.pairwise(rows)]
    previous = 0
    for top in range(n - 4):  # N1 down, every column at once
        five = below[top] & below[top + 1] & below[top + 2] & below[top + 3]
        score += five.bit_count() + 2 * (five & ~previous).bit_count()
        previous = five
    pairs = (1 << (n - 1)) - 1
    for row, same in zip(rows, below, strict=False):  # N2
        score += 3 * (same & (same >> 1) & ~(row ^ (row >> 1)) & pairs).bit_count()
    width = f"0{n}b"
    flat = "".join(format(row, width) for row in rows)
    lines = "|".join(
        [
            *(flat[start : start + n] for start in range(0, n * n, n)),
            *(flat[c::n] for c in range(n)),
        ]
    )
    # N3: neither pattern can overlap itself, so counting non-overlapping matches is exact.
    score += 40 * (lines.count("10111010000") + lines.count("00001011101"))
    dark = sum(row.bit_count() for row in rows)  # N4
    score += int(abs(float(dark) / (n * n) * 100 - 50) / 5) * 10
    return score


def _payload_bits(part: util.QRData) -> tuple[int, int]:
    """A segment's data bits (after its mode and length) as an integer, and how many."""
    if part.mode == util.MODE_8BIT_BYTE:
        return int.from_bytes(part.data, "big"), 8 * len(part.data)
    buffer = util.BitBuffer()
    part.write(buffer)
    return _buffer_int(buffer), len(buffer)


def _buffer_int(buffer: util.BitBuffer) -> int:
    return int.from_bytes(bytes(buffer.buffer), "big") >> (8 * len(buffer.buffer) - len(buffer))


def _eci_header(eci: int | None) -> tuple[int, int]:
    """The ECI mode indicator and designator as an integer, and how many bits: none for None.

    Designators up to 127 take one byte that starts with a 0 (ISO/IEC 18004 7.4.2.2); the
    card needs none larger (UTF-8 is 26).
    """
    if eci is None:
        return 0, 0
    if not 0 <= eci <= 127:
        raise ValueError(f"ECI designator {eci} is not one of 0 to 127")
    return MODE_ECI << 8 | eci, 12


def _codewords(parts: list[util.QRData], version: int, eci: int | None = None) -> list[int]:
    """Data and error correction codewords, interleaved by block (ISO/IEC 18004 7.6)."""
    value, length = _eci_header(eci)
    for part in parts:
        count_bits = util.length_in_bits(part.mode, version)
        bits, data_length = _payload_bits(part)
        value = (((value << 4 | part.mode) << count_bits | len(part)) << data_length) | bits
        length += 4 + count_bits + data_length
    blocks = base.rs_blocks(version, ERROR_CORRECTION)
    limit = sum(block.data_count for block in blocks) * 8
    if length > limit:
        raise DataOverflowError(f"{length} bits do not fit version {version} ({limit})")
    padding = min(limit - length, 4)  # the terminator
    padding += -(length + padding) % 8  # then to a whole byte
    value <<= padding
    length += padding
    data = list(value.to_bytes(length // 8, "big"))
    data += [_PAD_BYTES[index % 2] for index in range((limit - length) // 8)]
    data_blocks: list[list[int]] = []
    ec_blocks: list[list[int]] = []
    offset = 0
    for block in blocks:
        block_data = data[offset : offset + block.data_count]
        offset += block.data_count
        data_blocks.append(block_data)
        ec_blocks.append(_error_correction(block_data, block.total_count - block.data_count))
    return _interleave(data_blocks) + _interleave(ec_blocks)


def _interleave(blocks: list[list[int]]) -> list[int]:
    longest = max(len(block) for block in blocks)
    return [block[i] for i in range(longest) for block in blocks if i < len(block)]


@lru_cache(maxsize=32)
def _generator_logs(count: int) -> tuple[int, ...]:
    """Logs of the generator polynomial's coefficients after the leading 1 (all non-zero)."""
    coefficients = LUT.rsPoly_LUT[count][1:]
    return tuple(_LOG[coefficient] for coefficient in coefficients)


def _error_correction(data: list[int], count: int) -> list[int]:
    """The remainder of data(x) * x^count divided by the generator: the block's EC codewords."""
    generator = _generator_logs(count)
    remainder = [0] * count
    for byte in data:
        factor = byte ^ remainder[0]
        remainder = [*remainder[1:], 0]
        if factor:
            log = _LOG[factor]
            remainder = [r ^ _EXP[log + g] for r, g in zip(remainder, generator, strict=True)]
    return remainder


def _scratch(version: int) -> QRCode:  # type: ignore[type-arg]
    size = version * 4 + 17
    code: QRCode = QRCode(version=version, error_correction=ERROR_CORRECTION, border=0)  # type: ignore[type-arg]
    code.modules_count = size
    code.modules = [[None] * size for _ in range(size)]
    return code


_CELL = {None: "2", True: "1", False: "0"}  # qrcode's module states: free, dark, light
_DARK = str.maketrans("2", "0")
_FREE = str.maketrans("012", "001")


def _cells(modules: list[list[bool | None]]) -> list[str]:
    return ["".join(map(_CELL.__getitem__, row)) for row in modules]


@dataclass(frozen=True)
class _Template:
    """What every symbol of a version shares.

    ``function``: dark function modules, with the format and version information light;
    ``free``: the data modules; both one integer per row. ``source``: for each module, row by
    row, its index in the stream of data bits, or ``data_modules`` (a light 0) if it is not a
    data module.
    """

    size: int
    function: tuple[int, ...]
    free: tuple[int, ...]
    data_modules: int
    source: tuple[int, ...]


@lru_cache(maxsize=40)
def _template(version: int) -> _Template:
    code = _scratch(version)
    size = code.modules_count
    code.setup_position_probe_pattern(0, 0)
    code.setup_position_probe_pattern(size - 7, 0)
    code.setup_position_probe_pattern(0, size - 7)
    code.setup_position_adjust_pattern()
    code.setup_timing_pattern()
    code.setup_type_info(True, 0)  # reserves the format modules (light)
    if version >= 7:
        code.setup_type_number(True)  # and the version modules
    cells = _cells(code.modules)
    flat = "".join(cells)
    # Data fills two-column strips from the right, upwards then downwards in turn, right
    # column first; the vertical timing pattern's column (6) is skipped.
    rights = [right if right > 6 else right - 1 for right in range(size - 1, 0, -2)]
    upwards, downwards = range(size - 1, -1, -1), range(size)
    order = [
        position
        for strip, right in enumerate(rights)
        for row in (downwards if strip % 2 else upwards)
        for position in (row * size + right, row * size + right - 1)
        if flat[position] == "2"
    ]
    source = [len(order)] * (size * size)
    for index, position in enumerate(order):
        source[position] = index
    return _Template(
        size,
        tuple(int(text.translate(_DARK), 2) for text in cells),
        tuple(int(text.translate(_FREE), 2) for text in cells),
        len(order),
        tuple(source),
    )


_MASK_FUNCTIONS: tuple[Callable[[int, int], bool], ...] = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i * j) % 3 + (i + j) % 2) % 2 == 0,
)


@lru_cache(maxsize=8 * 40)
def _mask_rows(size: int, mask: int) -> tuple[int, ...]:
    """Mask ``mask`` over a whole symbol, one integer per row (ISO/IEC 18004 table 10).

    Every mask repeats every 12 rows and every 6 columns, so 12 short rows are repeated.
    """
    function = _MASK_FUNCTIONS[mask]
    repeat = size // 6 + 1
    periodic = [
        int(("".join("1" if function(i, j) else "0" for j in range(6)) * repeat)[:size], 2)
        for i in range(12)
    ]
    return tuple(periodic[i % 12] for i in range(size))


@lru_cache(maxsize=8 * 40)
def _format_rows(version: int, mask: int) -> tuple[int, ...]:
    """The dark modules of the format information for ``mask`` (and of the version
    information), one integer per row."""
    code = _scratch(version)
    code.setup_type_info(False, mask)
    if version >= 7:
        code.setup_type_number(False)
    return tuple(int(text.translate(_DARK), 2) for text in _cells(code.modules))
