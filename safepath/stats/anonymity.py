"""k-anonymisation of a table of records by top-down specialisation with
local recoding over generalisation hierarchies (numpy and pandas only).

`anonymise` generalises the quasi-identifier (QI) columns so that every
combination of their values occurs at least k times, without dropping a
record. It starts from one partition holding every record with every QI at
`*` and specialises greedily: for a partition, each QI that is not yet at its
original value is tried one level down, splitting the records by the child
node. Children with at least k records become partitions of their own, one
level more specific; the others are pooled into a remainder that keeps the
parent's label. A remainder smaller than k (but not empty) first borrows the
records it lacks from the largest child, when that child keeps k records (the
records of its rarest QI combinations go), and otherwise is merged into the
smallest child, which then keeps the parent's label too. A split must leave
at least one partition more specific. Among the QIs, the split that most
reduces the partition's total NCP is taken (ties: the QIs' order); a QI whose
records all share one child steps down for free. The partitions are worked
through from an explicit stack until none can be specialised; each record
then gets its partition's labels. Every partition has at least k records, so
the result is k-anonymous, unless the table itself has fewer than k records
(then everything is `*` and `smallest_class` is below k).

Measures (as in ARX):
- NCP, normalised certainty penalty (Xu et al. 2006): a cell generalised to
  the hierarchy node v costs (leaves(v) - 1) / (|domain| - 1), where leaves
  are the distinct original values of the column under v and the domain all
  of them ("" counts as a value): 0 when unchanged, 1 for `*` (also for a
  column with a single value). Reported as the mean over all QI cells (0..1)
  and per column.
- Discernibility: the sum over the equivalence classes (records with equal
  QI labels) of size²; a suppressed record (every QI `*`) costs the number
  of records instead.
- A record is kept unless it is suppressed; it is intact when none of its
  QI cells is `*`. A cell is generalised when it shows a coarser label than
  its value but not `*`, and suppressed when it shows `*`.
The label `*` is reserved: original values should not be `*`.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from safepath.stats.hierarchies import SUPPRESSED, Hierarchy


@dataclass(frozen=True)
class Anonymised:
    """The k-anonymised table (same rows, order and columns) and its measures."""

    data: pd.DataFrame
    k: int
    quasi_identifiers: tuple[str, ...]
    records_in: int
    records_kept: int  # not every QI `*`
    records_intact: int  # no QI `*`
    cells_generalised: int
    cells_suppressed: int
    generalised_by_column: dict[str, int]
    suppressed_by_column: dict[str, int]
    ncp: float  # mean over all QI cells, 0..1
    ncp_by_column: dict[str, float]
    discernibility: int
    classes: int  # equivalence classes, the suppressed records included
    smallest_class: int  # the k the output achieves

    @property
    def kept_fraction(self) -> float:
        return self.records_kept / self.records_in if self.records_in else 1.0


@dataclass(frozen=True)
class _Column:
    """A QI column encoded per level of its hierarchy (level 0 = the value)."""

    name: str
    values: np.ndarray  # the original strings
    codes: list[np.ndarray]  # per level: each record's node
    labels: list[np.ndarray]  # per level: each node's label
    ncp: list[np.ndarray]  # per level: each node's NCP

    @property
    def height(self) -> int:
        return len(self.codes) - 1


@dataclass(frozen=True)
class _Split:
    gain: float  # the NCP it takes off the partition
    children: np.ndarray  # the child nodes that become partitions
    donor: int  # the child lending records to the remainder, or -1
    lent: int  # how many


def _strings(series: pd.Series) -> np.ndarray:
    return series.fillna("").astype(str).to_numpy(dtype=object)


def _encode(name: str, series: pd.Series, hierarchy: Hierarchy) -> _Column:
    values = _strings(series)
    record_leaf, leaves = pd.factorize(values, sort=True)
    leaves = np.asarray(leaves, dtype=object)
    domain = len(leaves)
    height = hierarchy.height
    codes, labels, ncps = [], [], []
    below = None
    for level in range(height + 1):
        if level == 0:
            node, names = np.arange(domain), leaves
        elif level == height:
            node = np.zeros(domain, dtype=np.int64)
            names = np.array([SUPPRESSED], dtype=object)
        else:
            found = np.array([hierarchy.label(v, level) for v in leaves], dtype=object)
            node, names = pd.factorize(found, sort=True)
            names = np.asarray(names, dtype=object)
        if below is not None:
            pairs = np.unique(below * len(names) + node).size
            if pairs != np.unique(below).size:
                raise ValueError(
                    f"hierarchy {hierarchy.name!r} of column {name!r} is not a tree: "
                    f"a label of level {level - 1} has several parents"
                )
        leaves_under = np.bincount(node, minlength=len(names))
        if domain > 1:
            penalty = (leaves_under - 1) / (domain - 1)
        else:
            penalty = np.zeros(len(names))
        penalty[names == SUPPRESSED] = 1.0
        codes.append(node.astype(np.int32)[record_leaf])
        labels.append(names)
        ncps.append(penalty)
        below = node
    return _Column(name, values, codes, labels, ncps)


def _combine(columns: list[np.ndarray], n: int) -> np.ndarray:
    """One integer per distinct row of the given code columns (0 ... g-1)."""
    key = np.zeros(n, dtype=np.int64)
    for column in columns:
        column = np.asarray(column, dtype=np.int64)
        key, _ = pd.factorize(key * (int(column.max(initial=0)) + 1) + column)
    return np.asarray(key, dtype=np.int64)


def _best_split(
    nodes: np.ndarray,
    counts: np.ndarray,
    k: int,
    m: int,
    parent: float,
    child_ncp: np.ndarray,
    borrow: bool,
) -> _Split | None:
    """The split of a partition of m records into child nodes holding these
    counts, or None when it would leave no partition more specific."""
    big = counts >= k
    children, sizes = nodes[big], counts[big]
    if children.size == 0:
        return None
    delta = parent - child_ncp[children]
    gain = float(sizes @ delta)
    rest = m - int(sizes.sum())
    donor, lent = -1, 0
    if 0 < rest < k:
        need = k - rest
        largest = int(np.argmax(sizes))
        if borrow and sizes[largest] - need >= k:
            donor, lent = int(children[largest]), need
            gain -= need * float(delta[largest])
        elif children.size >= 2:
            smallest = int(np.argmin(sizes))
            gain -= float(sizes[smallest] * delta[smallest])
            children = np.delete(children, smallest)
        else:
            return None
    return _Split(gain, children, donor, lent)


def _specialise(columns: list[_Column], n: int, k: int, borrow: bool) -> np.ndarray:
    """Each record's level per QI (n × QIs) after top-down specialisation."""
    levels = np.empty((n, len(columns)), dtype=np.int8)
    levels[:] = [column.height for column in columns]
    if n < k:  # not even one class of k: everything stays `*`
        return levels
    exact = _combine([column.codes[0] for column in columns], n)
    stack = [(np.arange(n), [column.height for column in columns])]
    while stack:
        idx, level = stack.pop()
        m = idx.size
        best: tuple[_Split, int, np.ndarray] | None = None
        for j, column in enumerate(columns):
            while level[j] > 0:
                below = level[j] - 1
                child = column.codes[below][idx]
                if m < 2 * k:  # no split can make two partitions of k
                    if child.min() == child.max():
                        level[j] = below
                        continue
                    break
                width = len(column.labels[below])
                if width > 4 * m:  # many values: count only those present
                    nodes, counts = np.unique(child, return_counts=True)
                else:
                    counts = np.bincount(child, minlength=width)
                    nodes = np.arange(width)
                if counts.max() == m:  # one child: a free step down
                    level[j] = below
                    continue
                parent = column.ncp[level[j]][column.codes[level[j]][idx[0]]]
                split = _best_split(
                    nodes, counts, k, m, parent, column.ncp[below], borrow
                )
                if split is not None and (best is None or split.gain > best[0].gain):
                    best = (split, j, child)
                break
        if best is None:
            levels[idx] = level
            continue
        split, j, child = best
        chosen = np.zeros(len(columns[j].labels[level[j] - 1]), dtype=bool)
        chosen[split.children] = True
        specific = chosen[child]
        if split.donor >= 0:
            lender = np.flatnonzero(child == split.donor)
            _, inverse, counts = np.unique(
                exact[idx[lender]], return_inverse=True, return_counts=True
            )
            rarest = np.argsort(counts[inverse], kind="stable")[: split.lent]
            specific[lender[rarest]] = False
        if not specific.all():
            stack.append((idx[~specific], list(level)))
        members, nodes = idx[specific], child[specific]
        order = np.argsort(nodes, kind="stable")
        members, nodes = members[order], nodes[order]
        starts = np.flatnonzero(np.diff(nodes)) + 1
        finer = list(level)
        finer[j] -= 1
        for part in np.split(members, starts):
            stack.append((part, list(finer)))
    return levels


def anonymise(
    df: pd.DataFrame,
    hierarchies: dict[str, Hierarchy],
    k: int = 11,
    *,
    borrow: bool = True,
) -> Anonymised:
    """A k-anonymised copy of df: the columns named in `hierarchies` (the
    quasi-identifiers, in the order that breaks ties) generalised along them,
    every other column and the row order unchanged, no row dropped. With
    borrow=False a remainder under k is always merged into the smallest child
    (no records lent), which loses more information."""
    if k < 1:
        raise ValueError("k must be at least 1")
    qis = tuple(hierarchies)
    if not qis:
        raise ValueError("no quasi-identifiers")
    missing = [name for name in qis if name not in df.columns]
    if missing:
        raise KeyError(f"not in the table: {missing}")
    n = len(df)
    columns = [_encode(name, df[name], hierarchies[name]) for name in qis]
    levels = _specialise(columns, n, k, borrow)
    data = df.copy()
    rows = np.arange(n)
    star = np.ones(n, dtype=bool)
    any_star = np.zeros(n, dtype=bool)
    label_ids = []
    generalised, suppressed, ncp_by_column = {}, {}, {}
    ncp_total = 0.0
    for j, column in enumerate(columns):
        sizes = np.array([len(names) for names in column.labels])
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        at = levels[:, j].astype(np.int64)
        node = offsets[at] + np.stack(column.codes)[at, rows] if n else at
        out = np.concatenate(column.labels)[node]
        cell_ncp = np.concatenate(column.ncp)[node]
        is_star = out == SUPPRESSED
        generalised[column.name] = int(((out != column.values) & ~is_star).sum())
        suppressed[column.name] = int(is_star.sum())
        ncp_by_column[column.name] = float(cell_ncp.mean()) if n else 0.0
        ncp_total += float(cell_ncp.sum())
        star &= is_star
        any_star |= is_star
        label_ids.append(pd.factorize(out)[0])
        data[column.name] = pd.Series(out, index=df.index, dtype=object)
    cls = _combine(label_ids, n)
    per_class = np.bincount(cls) if n else np.zeros(0, dtype=np.int64)
    n_suppressed = int(star.sum())
    normal = np.ones(per_class.size, dtype=bool)
    if n_suppressed:
        normal[cls[star][0]] = False
    discernibility = int((per_class[normal] ** 2).sum()) + n_suppressed * n
    return Anonymised(
        data=data,
        k=k,
        quasi_identifiers=qis,
        records_in=n,
        records_kept=n - n_suppressed,
        records_intact=int(n - any_star.sum()),
        cells_generalised=sum(generalised.values()),
        cells_suppressed=sum(suppressed.values()),
        generalised_by_column=generalised,
        suppressed_by_column=suppressed,
        ncp=ncp_total / (n * len(qis)) if n else 0.0,
        ncp_by_column=ncp_by_column,
        discernibility=discernibility,
        classes=int(per_class.size),
        smallest_class=int(per_class.min()) if n else 0,
    )


def class_sizes(df: pd.DataFrame, qis: list[str] | tuple[str, ...]) -> np.ndarray:
    """Each record's equivalence class size over the QI columns ("" is a value)."""
    n = len(df)
    if not n:
        return np.zeros(0, dtype=np.int64)
    key = _combine([pd.factorize(_strings(df[name]))[0] for name in qis], n)
    return np.bincount(key)[key]


def plain_suppression(
    df: pd.DataFrame, qis: list[str] | tuple[str, ...], k: int = 11
) -> int:
    """Records kept when every record whose exact QI combination occurs fewer
    than k times is dropped (the baseline, as in CTDC's own release)."""
    return int((class_sizes(df, qis) >= k).sum())
