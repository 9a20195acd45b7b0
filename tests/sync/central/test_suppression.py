"""Small-cell suppression cannot be undone from the published totals and visible cells.

For random tables, everything a reader sees is taken as a system of equations (every row, column
and the grand total add up) plus what each symbol says (``<5`` is 1 to 4, ``x`` at least 5):
no hidden number may follow from it. Checked three ways: no row or column with a published total
has exactly one hidden entry; no hidden entry is a linear combination of the published equations
(exact rank over the rationals); and for each hidden entry a second table is exhibited that
agrees with everything published, respects every symbol's bounds, and differs at that entry.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from sync.central.stats.suppression import Entry, Suppression, alternative, extended, suppress

LIMIT = 5
counts = st.one_of(st.sampled_from([0, 0, 1, 2, 3, 4]), st.integers(0, 60))
tables = st.integers(1, 6).flatmap(
    lambda columns: st.lists(
        st.lists(counts, min_size=columns, max_size=columns), min_size=1, max_size=6
    )
)


def entries(table: list[list[int]]) -> list[Entry]:
    return [(i, j) for i in range(len(table)) for j in range(len(table[0]))]


def lines(result: Suppression) -> list[list[Entry]]:
    """Every row and column of the extended table (each includes its total)."""
    rows, columns = result.rows + 1, result.columns + 1
    return [[(i, j) for j in range(columns)] for i in range(rows)] + [
        [(i, j) for i in range(rows)] for j in range(columns)
    ]


def equations(result: Suppression) -> list[dict[Entry, int]]:
    """Each line of the extended table as coefficients: its entries minus its total."""
    return [{**{entry: 1 for entry in line[:-1]}, line[-1]: -1} for line in lines(result)]


def rank(rows: list[list[Fraction]]) -> int:
    matrix = [row[:] for row in rows]
    rank_found = 0
    width = len(matrix[0]) if matrix else 0
    for column in range(width):
        pivot = next((r for r in range(rank_found, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank_found], matrix[pivot] = matrix[pivot], matrix[rank_found]
        for r in range(len(matrix)):
            if r != rank_found and matrix[r][column] != 0:
                factor = matrix[r][column] / matrix[rank_found][column]
                matrix[r] = [
                    a - factor * b for a, b in zip(matrix[r], matrix[rank_found], strict=True)
                ]
        rank_found += 1
    return rank_found


def determined_by_equations(result: Suppression, entry: Entry) -> bool:
    """Whether the published equations alone fix ``entry`` (it is in their row space once the
    visible entries are substituted)."""
    hidden = sorted(result.small | result.hidden)
    index = {e: k for k, e in enumerate(hidden)}
    system = [
        [Fraction(equation.get(e, 0)) for e in hidden]
        for equation in equations(result)
        if any(e in index for e in equation)
    ]
    unit = [Fraction(int(index[entry] == k)) for k in range(len(hidden))]
    return rank(system) == rank([*system, unit])


def check_alternative(result: Suppression, entry: Entry) -> None:
    other = alternative(result, entry)
    assert other is not None, f"{entry} can be worked out from {result}"
    assert other[entry[0]][entry[1]] != result.values[entry[0]][entry[1]]
    for e in entries(other):
        low, high = result.bounds(e)
        assert low <= other[e[0]][e[1]] <= high, (e, other)
    for row in other[:-1]:
        assert sum(row[:-1]) == row[-1]
    for j in range(len(other[0])):
        assert sum(row[j] for row in other[:-1]) == other[-1][j]


@settings(max_examples=400, deadline=None)
@given(tables)
def test_no_hidden_count_can_be_worked_out(cells: list[list[int]]) -> None:
    result = suppress(cells, LIMIT)
    table = extended(cells)
    assert [list(row) for row in result.values] == table
    for i, j in entries(table):
        value = table[i][j]
        if result.withheld:  # nothing is published, not even which numbers are small
            assert (i, j) in result.hidden and not result.small
            continue
        assert ((i, j) in result.small) == (1 <= value < LIMIT)  # cells and totals alike
        if (i, j) in result.hidden:
            assert value >= LIMIT
    for line in lines(result):
        assert sum(entry in result.small or entry in result.hidden for entry in line) != 1
    for entry in sorted(result.small | result.hidden):
        assert not determined_by_equations(result, entry)
        check_alternative(result, entry)


def test_a_known_table() -> None:
    result = suppress([[10, 3, 20], [15, 12, 30], [8, 9, 7]], LIMIT)
    assert result.small == {(0, 1)}
    # The cheapest rectangle through the 3: the 10, 8 and 9 beside and below it.
    assert result.hidden == {(0, 0), (2, 0), (2, 1)}


def test_nothing_small_hides_nothing() -> None:
    result = suppress([[10, 0], [5, 7]], LIMIT)
    assert result.small == result.hidden == frozenset()


def test_a_single_small_count_hides_its_totals_too() -> None:
    result = suppress([[3]], LIMIT)
    assert result.small == {(0, 0), (0, 1), (1, 0), (1, 1)}


def test_a_column_of_counts_hides_a_second_one() -> None:
    result = suppress([[3], [50], [12], [60]], LIMIT)
    assert result.small == {(0, 0), (0, 1)}
    assert result.hidden == {(2, 0), (2, 1)}  # the smallest other count, and its row total


def test_a_table_whose_small_counts_nothing_can_protect_is_withheld() -> None:
    """Four 1s under a row total of 4: "<5" everywhere would still say they are all 1."""
    result = suppress([[1, 1, 1, 1]], LIMIT)
    assert result.withheld
    assert result.hidden == frozenset(entries(extended([[1, 1, 1, 1]])))


def test_the_linear_check_sees_a_leak() -> None:
    """The checks above can fail: a lone hidden cell in a row is worked out from its total."""
    leaky = Suppression(
        values=tuple(tuple(row) for row in extended([[3, 50], [40, 60]])),
        small=frozenset({(0, 0)}),
        hidden=frozenset(),
        limit=LIMIT,
    )
    assert determined_by_equations(leaky, (0, 0))
    assert alternative(leaky, (0, 0)) is None
