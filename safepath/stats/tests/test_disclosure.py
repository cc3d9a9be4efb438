"""Small-cell protection: every small count is hidden, and no hidden count
can be worked out from the totals and the counts shown."""

import random

import numpy as np

from safepath.lib.reporting import Table
from safepath.stats.disclosure import SUPPRESSED, protect


def _one_way(counts: list[int]) -> Table:
    return Table(
        "t",
        "t",
        ["Value", "Cases"],
        [[f"v{i}", n] for i, n in enumerate(counts)],
        total=["Total", sum(counts)],
    )


def _cross(grid: list[list[int]]) -> Table:
    rows = [[f"r{i}", *row, sum(row)] for i, row in enumerate(grid)]
    columns = [sum(col) for col in zip(*grid, strict=True)]
    return Table(
        "x",
        "x",
        ["Band", *(f"c{j}" for j in range(len(grid[0]))), "Total"],
        rows,
        total=["Total", *columns, sum(columns)],
        row_totals=True,
    )


def _determined(table: Table) -> list[tuple[int, int]]:
    """The hidden cells of a protected cross-table whose value follows from
    what is shown: the row and column sums give linear equations over the
    hidden cells, and a cell is determined exactly when its unit vector lies
    in the span of those equations (the rank does not grow when it is
    added)."""
    grid = [row[1:] for row in [*table.rows, table.total]]
    hidden = [
        (r, c)
        for r, row in enumerate(grid)
        for c, v in enumerate(row)
        if v == SUPPRESSED
    ]
    index = {cell: i for i, cell in enumerate(hidden)}
    n_rows, width = len(grid), len(grid[0])
    lines = [[(r, c) for c in range(width)] for r in range(n_rows)]  # row + total
    lines += [[(r, c) for r in range(n_rows)] for c in range(width)]  # column + total
    equations = []
    for line in lines:
        vector = np.zeros(len(hidden))
        for cell in line:
            if cell in index:
                vector[index[cell]] = 1
        if vector.any():
            equations.append(vector)
    a = np.array(equations)
    rank = np.linalg.matrix_rank(a)
    found = []
    for cell, i in index.items():
        unit = np.zeros(len(hidden))
        unit[i] = 1
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            found.append(cell)
    return found


def test_a_lone_small_count_takes_the_next_smallest_with_it():
    protected = protect(_one_way([3, 10, 12, 40]), threshold=5)
    assert [row[1] for row in protected.rows] == [SUPPRESSED, SUPPRESSED, 12, 40]
    assert protected.total == ["Total", 65]


def test_two_small_counts_protect_each_other_and_zero_is_not_hidden():
    protected = protect(_one_way([3, 2, 0, 40]), threshold=5)
    assert [row[1] for row in protected.rows] == [SUPPRESSED, SUPPRESSED, 0, 40]


def test_large_counts_are_left_alone():
    table = _one_way([30, 10, 12])
    assert protect(table, threshold=5).rows == table.rows


def test_a_small_total_hides_the_whole_column():
    protected = protect(_one_way([1, 2]), threshold=5)
    assert [row[1] for row in protected.rows] == [SUPPRESSED, SUPPRESSED]
    assert protected.total[1] == SUPPRESSED


def test_no_hidden_cell_of_a_cross_table_can_be_worked_out():
    table = protect(_cross([[2, 9, 7], [8, 6, 1], [9, 5, 6]]), threshold=5)
    assert any(SUPPRESSED in row for row in table.rows)  # something was hidden
    assert _determined(table) == []
    # The check itself can fail: with only the small cells hidden, each is
    # alone in its row and follows from the row total.
    bare = _cross([[2, 9, 7], [8, 6, 1], [9, 5, 6]])
    bare.rows[0][1] = bare.rows[1][3] = SUPPRESSED
    assert sorted(_determined(bare)) == [(0, 0), (1, 2)]


def test_random_tables_keep_every_line_safe():
    rng = random.Random(11)
    for _ in range(200):
        grid = [
            [rng.choice([0, 1, 2, 3, 4, 6, 9, 15, 30]) for _c in range(4)]
            for _r in range(5)
        ]
        table = protect(_cross(grid), threshold=5)
        cells = [row[1:] for row in [*table.rows, table.total]]
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                if 0 < value < 5:
                    assert cells[r][c] == SUPPRESSED
        lines = [row for row in cells] + [list(col) for col in zip(*cells, strict=True)]
        for line in lines:
            assert line.count(SUPPRESSED) != 1
        assert _determined(table) == []
