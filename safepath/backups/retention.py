"""Grandfather-father-son retention over backup files, by the time in their
names: for each of the last N days (weeks, months) that have a backup, the
newest backup of that day (ISO week, month) is kept. A file kept by any rule
is kept; files that are not backups are never touched."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from safepath.backups.archive import backup_time

RULES: tuple[tuple[str, Callable[[datetime], tuple]], ...] = (
    ("daily", lambda t: (t.year, t.month, t.day)),
    ("weekly", lambda t: tuple(t.isocalendar())[:2]),
    ("monthly", lambda t: (t.year, t.month)),
)


@dataclass
class RetentionPlan:
    keep: dict[str, list[str]] = field(default_factory=dict)  # name: rules
    delete: list[str] = field(default_factory=list)  # newest first


def retention_plan(
    names: Iterable[str], *, daily: int, weekly: int, monthly: int
) -> RetentionPlan:
    dated = sorted(
        ((when, name) for name in names if (when := backup_time(name))), reverse=True
    )
    plan = RetentionPlan()
    counts = {"daily": daily, "weekly": weekly, "monthly": monthly}
    for rule, period in RULES:
        periods: set[tuple] = set()
        for when, name in dated:
            key = period(when)
            if key in periods:
                continue
            if len(periods) >= counts[rule]:
                break
            periods.add(key)
            plan.keep.setdefault(name, []).append(rule)
    plan.delete = [name for _, name in dated if name not in plan.keep]
    return plan
