from datetime import UTC, datetime, timedelta

from safepath.backups.archive import backup_name, backup_time
from safepath.backups.retention import retention_plan


def names_every(hours: int, days: int, end: datetime) -> list[str]:
    start = end - timedelta(days=days)
    count = days * 24 // hours
    return [backup_name(start + timedelta(hours=hours * i)) for i in range(count + 1)]


def test_it_names_backups_by_their_utc_time():
    at = datetime(2026, 3, 1, 2, 30, 5, tzinfo=UTC)
    assert backup_name(at) == "safepath-20260301-023005.tar.gz.age"
    assert backup_time(backup_name(at)) == at
    assert backup_time("safepath-20260301-023005.tar.gz.age.partial") is None
    assert backup_time("safepath-20261399-023005.tar.gz.age") is None
    assert backup_time("notes.txt") is None


def test_it_keeps_the_newest_of_each_day_week_and_month():
    end = datetime(2026, 6, 15, 1, 0, tzinfo=UTC)  # a Monday
    names = names_every(12, 400, end) + ["README.txt"]
    plan = retention_plan(names, daily=7, weekly=4, monthly=12)

    daily = {n for n, rules in plan.keep.items() if "daily" in rules}
    weekly = {n for n, rules in plan.keep.items() if "weekly" in rules}
    monthly = {n for n, rules in plan.keep.items() if "monthly" in rules}
    # The newest of each of the last 7 days (two backups a day: the 13:00 one,
    # and today's only backup so far at 01:00).
    assert sorted(daily) == sorted(
        [backup_name(end)]
        + [backup_name(end - timedelta(days=d, hours=12)) for d in range(6)]
    )
    # The newest of each of the last 4 ISO weeks: this Monday's, then the
    # Sundays before it.
    assert sorted(weekly) == sorted(
        [backup_name(end)]
        + [backup_name(end - timedelta(days=7 * w, hours=12)) for w in range(3)]
    )
    # The newest of each of the last 12 months: this month's, then the last
    # evening of each month before.
    expected_monthly = {backup_name(end)}
    month_end = end.replace(day=1) - timedelta(hours=12)  # 31 May 13:00
    while len(expected_monthly) < 12:
        expected_monthly.add(backup_name(month_end))
        month_end = month_end.replace(day=1, hour=1) - timedelta(hours=12)
    assert monthly == expected_monthly
    assert set(plan.keep) == daily | weekly | monthly
    assert len(plan.keep) == 7 + 2 + 10  # overlaps counted once
    assert "README.txt" not in plan.delete
    assert len(plan.delete) == len(names) - 1 - len(plan.keep)
    assert not set(plan.delete) & set(plan.keep)


def test_it_counts_periods_that_have_backups_not_calendar_days():
    names = [
        "safepath-20260101-010000.tar.gz.age",
        "safepath-20260105-010000.tar.gz.age",
        "safepath-20260105-020000.tar.gz.age",
        "safepath-20260110-010000.tar.gz.age",
    ]
    plan = retention_plan(names, daily=2, weekly=0, monthly=0)
    assert set(plan.keep) == {
        "safepath-20260110-010000.tar.gz.age",
        "safepath-20260105-020000.tar.gz.age",
    }
    assert plan.delete == [
        "safepath-20260105-010000.tar.gz.age",
        "safepath-20260101-010000.tar.gz.age",
    ]


def test_it_deletes_every_backup_when_told_to_keep_none():
    names = ["safepath-20260101-010000.tar.gz.age"]
    assert retention_plan(names, daily=0, weekly=0, monthly=0).delete == names
