"""Small-cell protection of published tables: cell suppression.

A count under THRESHOLD (but not zero) could point at one person: it is
hidden (primary suppression). Since the totals are shown, a single hidden
count in a row or a column could be worked out by subtraction, so in every
line (each column with the table's total row and, in a cross-table, each row
with its row total) that has exactly one hidden cell, the smallest other
non-zero count is hidden too (complementary suppression), or the line's
total when there is none; this repeats until no line has exactly one hidden
cell. Then, since several lines together can still pin a hidden count down
(linear algebra over the row and column sums), every hidden cell is checked:
while one is determined by the equations the shown totals give, the
smallest count sharing a line with it is hidden too. Hidden cells show
SUPPRESSED. Why suppression rather than noise from
a differential-privacy library: docs/decisions.md (issue 8).
"""

from dataclasses import replace

import numpy as np

from safepath.lib.reporting import Table

THRESHOLD = 5
SUPPRESSED = "c"  # as in official statistics: "confidential"


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def protect(table: Table, threshold: int = THRESHOLD) -> Table:
    """A copy of the table with small counts and the counts that would
    reveal them replaced by SUPPRESSED."""
    if not table.of_counts:
        return table
    # The grid: data rows, then the total row; column 0 holds the labels.
    grid = [list(row) for row in table.rows]
    has_total = table.total is not None
    if has_total:
        grid.append(list(table.total))
    width = len(table.columns)
    hidden = {
        (r, c)
        for r, row in enumerate(grid)
        for c in range(1, width)
        if _is_count(row[c]) and 0 < row[c] < threshold
    }
    lines = _lines(len(table.rows), width, has_total, table.row_totals)
    while True:
        _no_lone_cell(grid, hidden, lines)
        derivable = _derivable(hidden, lines)
        if not derivable:
            break
        # A hidden cell still follows from several lines together: hide the
        # smallest count it shares a line with as well.
        cell = derivable[0]
        near = [
            other
            for cells, total in lines
            if total is not None and cell in (*cells, total)
            for other in (*cells, total)
            if other not in hidden and _is_count(grid[other[0]][other[1]])
        ]
        if not near:  # its lines are all hidden: widen to the whole table
            near = [
                (r, c)
                for r, row in enumerate(grid)
                for c in range(1, width)
                if (r, c) not in hidden and _is_count(row[c])
            ]
        if not near:
            break  # everything is hidden already
        positive = [c for c in near if grid[c[0]][c[1]] > 0]
        hidden.add(min(positive or near, key=lambda c: (grid[c[0]][c[1]], c)))
    for r, c in hidden:
        grid[r][c] = SUPPRESSED
    rows = grid[: len(table.rows)]
    total_row = grid[-1] if has_total else None
    return replace(table, rows=rows, total=total_row)


def _no_lone_cell(grid: list[list], hidden: set, lines: list) -> None:
    """Until stable: a line with exactly one hidden cell gets a second one,
    its smallest other non-zero count (or its total when there is none)."""
    changed = True
    while changed:
        changed = False
        for cells, total in lines:
            if total is None or total in hidden:
                continue  # no total shown: one hidden cell cannot be derived
            if sum(cell in hidden for cell in cells) != 1:
                continue
            candidates = [
                cell
                for cell in cells
                if cell not in hidden
                and _is_count(grid[cell[0]][cell[1]])
                and grid[cell[0]][cell[1]] > 0
            ]
            hidden.add(
                min(
                    candidates,
                    key=lambda cell: (grid[cell[0]][cell[1]], cell),
                    default=total,
                )
            )
            changed = True


def _derivable(hidden: set, lines: list) -> list[tuple[int, int]]:
    """Hidden cells whose value follows from the shown ones: each line with
    a shown total is an equation over its hidden cells; a cell is determined
    when its unit vector lies in the span of the equations."""
    cells = sorted(hidden)
    index = {cell: i for i, cell in enumerate(cells)}
    equations = []
    for members, total in lines:
        if total is None:
            continue
        vector = np.zeros(len(cells))
        for cell in (*members, total):
            if cell in index:
                vector[index[cell]] = 1
        if vector.any():
            equations.append(vector)
    if not equations:
        return []
    a = np.array(equations)
    rank = np.linalg.matrix_rank(a)
    found = []
    for cell, i in index.items():
        unit = np.zeros(len(cells))
        unit[i] = 1
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            found.append(cell)
    return found


def _lines(
    n_rows: int, width: int, has_total: bool, row_totals: bool
) -> list[tuple[list[tuple[int, int]], tuple[int, int] | None]]:
    """Each additive line of the table: its cells and the cell holding their
    sum (None when the table shows no total for it)."""
    lines = []
    total_row = n_rows if has_total else None
    for c in range(1, width):
        lines.append(
            ([(r, c) for r in range(n_rows)], (total_row, c) if has_total else None)
        )
    if row_totals:
        inner = range(1, width - 1)
        for r in range(n_rows + (1 if has_total else 0)):
            lines.append(([(r, c) for c in inner], (r, width - 1)))
    return lines
