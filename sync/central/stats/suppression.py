"""Small-cell suppression of a two-way table with totals, so that no person can be singled out.

Primary suppression: every published number from 1 to ``limit - 1`` (cells and totals alike) is
shown only as ``<limit``. That alone is not enough: a hidden cell could be worked out from its
row total minus the visible cells. Secondary (complementary) suppression hides a few more cells
(shown as ``x``) until every hidden number has at least two values consistent with everything
published.

The table is treated with its totals as one (R+1) x (C+1) "extended" table: row totals are
column C, column totals row R, the grand total sits at (R, C). Flipping the sign of the totals
(but not of the grand total) makes every row and column of it sum to zero, so the changes that
keep every published equation true are exactly the alternating cycles through hidden entries
(add, subtract, add... going row, column, row). A hidden entry is protected when such a cycle
through it exists that also respects what a reader knows of each hidden entry: ``<5`` is 1 to 4,
``x`` is at least ``limit`` (complements are only chosen among counts of at least ``limit``, and
a reader may know that rule). Whether a cycle exists is a path search in a small directed graph.
An entry without one gets the cheapest protecting rectangle of complements (the "hypercube"
method, which statistical offices use for two-way tables): the smallest counts, interior cells
before totals, the grand total last. A table so sparse that nothing can protect its small counts
(four cells of 1 under a row total of 4: "<5" everywhere still gives them away) is withheld:
every number in it, zeros and small counts included, is shown as ``x``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from sync.stats.protocol import SMALL_CELL_LIMIT

Entry = tuple[int, int]
"""(row, column) of the extended table; row R is the column totals, column C the row totals."""
UNBOUNDED: Final = 1 << 62


@dataclass(frozen=True)
class Suppression:
    """Which entries of the extended table are hidden: ``small`` (shown ``<limit``) or
    ``hidden`` (complements, shown ``x``)."""

    values: tuple[tuple[int, ...], ...]
    small: frozenset[Entry]
    hidden: frozenset[Entry]
    limit: int
    withheld: bool = False
    """Every entry hidden, with nothing said about any of them."""

    @property
    def rows(self) -> int:
        """R: the number of rows without the totals row."""
        return len(self.values) - 1

    @property
    def columns(self) -> int:
        return len(self.values[0]) - 1

    def status(self, entry: Entry) -> str:
        if entry in self.small:
            return "small"
        if entry in self.hidden:
            return "hidden"
        return "shown"

    def bounds(self, entry: Entry) -> tuple[int, int]:
        """What a reader knows of an entry: its value if shown, else the interval it is in."""
        if self.withheld:
            return 0, UNBOUNDED
        if entry in self.small:
            return 1, self.limit - 1
        if entry in self.hidden:
            return self.limit, UNBOUNDED
        value = self.values[entry[0]][entry[1]]
        return value, value


def extended(cells: Sequence[Sequence[int]], columns: int | None = None) -> list[list[int]]:
    """``cells`` (R x C) with its row totals, column totals and grand total added."""
    width = len(cells[0]) if cells else (columns or 0)
    table = [[*row, sum(row)] for row in cells]
    table.append([sum(row[j] for row in table) for j in range(width + 1)])
    return table


def suppress(
    cells: Sequence[Sequence[int]], limit: int = SMALL_CELL_LIMIT, columns: int | None = None
) -> Suppression:
    """Which cells and totals of ``cells`` (R x C; ``columns`` gives C when R is 0) to hide."""
    work = _Work(extended(cells, columns), limit)
    work.run()
    return Suppression(
        values=tuple(tuple(row) for row in work.values),
        small=frozenset(work.small),
        hidden=frozenset(work.hidden),
        limit=limit,
        withheld=work.withheld,
    )


def alternative(suppression: Suppression, entry: Entry) -> list[list[int]] | None:
    """Another extended table that agrees with everything published but differs at ``entry``
    (a hidden entry), or None if there is none: the proof that ``entry`` is protected."""
    work = _Work([list(row) for row in suppression.values], suppression.limit)
    if suppression.withheld:
        work.withhold_all()
    work.small &= suppression.small
    work.hide(sorted(suppression.hidden - work.hidden))
    cycle = work.cycle_through(entry)
    if cycle is None:
        return None
    table = [list(row) for row in suppression.values]
    for (row, column), change in cycle:
        table[row][column] += work.sign((row, column)) * change
    return table


class _Work:
    def __init__(self, values: list[list[int]], limit: int):
        self.values = values
        self.limit = limit
        self.last_row = len(values) - 1
        self.last_column = len(values[0]) - 1
        self.small = {
            (i, j)
            for i, row in enumerate(values)
            for j, value in enumerate(row)
            if 1 <= value < limit
        }
        self.hidden: set[Entry] = set()
        self.withheld = False
        self.arcs: dict[int, list[tuple[int, Entry, int]]] = {}
        for entry in self.small:
            for source, target, change in self._arcs_of(entry):
                self.arcs.setdefault(source, []).append((target, entry, change))

    # -- what a reader knows ------------------------------------------------------------------

    def value(self, entry: Entry) -> int:
        return self.values[entry[0]][entry[1]]

    def is_suppressed(self, entry: Entry) -> bool:
        return entry in self.small or entry in self.hidden

    def sign(self, entry: Entry) -> int:
        """+1 for cells and the grand total, -1 for row and column totals."""
        return 1 if (entry[0] == self.last_row) == (entry[1] == self.last_column) else -1

    def _can_move(self, entry: Entry, step: int, hidden_as_complement: bool = False) -> bool:
        """Whether the entry's signed value may change by ``step`` within what a reader knows."""
        if self.withheld:
            low, high = 0, UNBOUNDED
        elif entry in self.small:
            low, high = 1, self.limit - 1
        elif entry in self.hidden or hidden_as_complement:
            low, high = self.limit, UNBOUNDED
        else:
            return False
        moved = self.value(entry) + self.sign(entry) * step
        return low <= moved <= high

    # -- protection ---------------------------------------------------------------------------

    def _arcs_of(self, entry: Entry) -> list[tuple[int, int, int]]:
        """The entry's arcs (from, to, signed change): a row to a column when its signed value
        may go up, a column to a row when it may go down."""
        row, column = entry[0] + self.last_column + 1, entry[1]
        arcs = []
        if self._can_move(entry, +1):
            arcs.append((row, column, +1))
        if self._can_move(entry, -1):
            arcs.append((column, row, -1))
        return arcs

    def hide(self, entries: Sequence[Entry]) -> None:
        for entry in entries:
            self.hidden.add(entry)
            for source, target, change in self._arcs_of(entry):
                self.arcs.setdefault(source, []).append((target, entry, change))

    def cycle_through(self, entry: Entry) -> list[tuple[Entry, int]] | None:
        """A feasible alternating cycle through ``entry``: (entry, signed change) pairs."""
        for source, target, change in self._arcs_of(entry):
            path = _path(self.arcs, target, source, entry)
            if path is not None:
                return [(entry, change), *path]
        return None

    def run(self) -> None:
        pending = sorted(self.small, key=self._order)
        protected: set[Entry] = set()
        while pending:
            entry = pending.pop(0)
            if entry in protected:
                continue
            cycle = self.cycle_through(entry)
            if cycle is None:
                added = self._complement(entry)
                if not added:
                    # Nothing left to hide could protect it: publish no number at all.
                    self.withhold_all()
                    return
                pending[:0] = [entry, *added]
                continue
            protected.update(member for member, _change in cycle)

    def withhold_all(self) -> None:
        self.withheld = True
        self.small = set()
        self.arcs = {}
        self.hidden = set()
        self.hide([(i, j) for i in range(self.last_row + 1) for j in range(self.last_column + 1)])

    def _order(self, entry: Entry) -> tuple[bool, int, int]:
        is_total = entry[0] == self.last_row or entry[1] == self.last_column
        return is_total, entry[0], entry[1]

    def _cost(self, entry: Entry) -> int:
        if self.is_suppressed(entry):
            return 0
        grand = self.values[self.last_row][self.last_column]
        row_total = entry[1] == self.last_column
        column_total = entry[0] == self.last_row
        return self.value(entry) + (grand + 1) * (int(row_total) + int(column_total))

    def _eligible(self, entry: Entry) -> bool:
        return self.is_suppressed(entry) or self.value(entry) >= self.limit

    def _complement(self, entry: Entry) -> list[Entry]:
        """Hide more entries so that ``entry`` is protected; the entries newly hidden."""
        row, column = entry
        best: tuple[int, list[Entry]] | None = None
        for other_row in range(self.last_row + 1):
            if other_row == row or not self._eligible((other_row, column)):
                continue
            for other_column in range(self.last_column + 1):
                if other_column == column:
                    continue
                corners = [(row, other_column), (other_row, column), (other_row, other_column)]
                if not all(self._eligible(corner) for corner in corners):
                    continue
                cost = sum(self._cost(corner) for corner in corners)
                if best is not None and cost >= best[0]:
                    continue
                if self._rectangle_moves(entry, corners):
                    best = (cost, [c for c in corners if not self.is_suppressed(c)])
        if best is not None:
            self.hide(best[1])
            return best[1]
        # No rectangle can protect it: hide its whole row and column, then the whole table.
        line = [(row, j) for j in range(self.last_column + 1)]
        line += [(i, column) for i in range(self.last_row + 1)]
        added = [e for e in line if not self.is_suppressed(e) and self.value(e) >= self.limit]
        if not added:
            added = [
                (i, j)
                for i in range(self.last_row + 1)
                for j in range(self.last_column + 1)
                if not self.is_suppressed((i, j)) and self.values[i][j] >= self.limit
            ]
        self.hide(added)
        return added

    def _rectangle_moves(self, entry: Entry, corners: list[Entry]) -> bool:
        same_row, same_column, opposite = corners
        for step in (+1, -1):
            if (
                self._can_move(entry, step)
                and self._can_move(same_row, -step, True)
                and self._can_move(same_column, -step, True)
                and self._can_move(opposite, step, True)
            ):
                return True
        return False


def _path(
    arcs: dict[int, list[tuple[int, Entry, int]]], start: int, goal: int, avoid: Entry
) -> list[tuple[Entry, int]] | None:
    """The arcs (entry, change) of a shortest path from ``start`` to ``goal`` that does not go
    through ``avoid``, or None."""
    came: dict[int, tuple[int, Entry, int] | None] = {start: None}
    queue = deque([start])
    while queue:
        vertex = queue.popleft()
        if vertex == goal:
            path = []
            while (step := came[vertex]) is not None:
                previous, entry, change = step
                path.append((entry, change))
                vertex = previous
            return path[::-1]
        for target, entry, change in arcs.get(vertex, ()):
            if target not in came and entry != avoid:
                came[target] = (vertex, entry, change)
                queue.append(target)
    return None
