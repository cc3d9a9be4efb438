"""The prevention reports: trainings and people trained by sector, gender,
place and period, knowledge gain, follow-up, and campaign reach by place,
channel, gender and age, audience and period.

Aggregates only, never a participant's name. The page, the CSV and the
Excel file are all made from the same Table objects, so they cannot differ.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, F, FloatField, Max, Sum, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safepath.htcds.choices import Gender
from safepath.lib.reporting import Table
from safepath.places.models import Location
from safepath.prevention.models import Activity as ActivityModel
from safepath.prevention.models import (
    ActivityKind,
    AgeGroup,
    Audience,
    Participant,
    Reach,
    Sector,
    Training,
)
from safepath.prevention.models import FollowUpSurvey as Survey

NO_PLACE = gettext_lazy("Place not given")
PAGE_TRAININGS = 30


@dataclass
class Filters:
    organisation_ids: list[int]
    date_from: date | None = None
    date_to: date | None = None
    place: Location | None = None


def _in_period(queryset, field_name: str, filters: Filters):
    if filters.date_from:
        queryset = queryset.filter(**{f"{field_name}__gte": filters.date_from})
    if filters.date_to:
        queryset = queryset.filter(**{f"{field_name}__lte": filters.date_to})
    return queryset


def _in_place(queryset, prefix: str, filters: Filters):
    if filters.place is not None:
        queryset = queryset.filter(
            **{f"{prefix}location__path__startswith": filters.place.path}
        )
    return queryset


def _aimag_names() -> dict[str, str]:
    return {loc.code: loc.name for loc in Location.objects.filter(level=1)}


def _aimag_of(path: str | None, names: dict[str, str]) -> str:
    """The aimag (level 1) of a place, from its path |MN|MN-053|...|."""
    parts = (path or "").strip("|").split("|")
    if len(parts) < 2:
        return str(NO_PLACE)
    return names.get(parts[1], parts[1])


def _quarter(day: date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _sorted_rows(groups: dict, make_row) -> list[list]:
    return [make_row(key, groups[key]) for key in sorted(groups)]


def trainings_in(filters: Filters):
    trainings = Training.objects.filter(organisation_id__in=filters.organisation_ids)
    return _in_place(_in_period(trainings, "starts_on", filters), "", filters)


@dataclass
class _Person:
    training_id: int
    sector: str
    gender: str
    trained: bool
    pre: float | None = None
    post: float | None = None


def _participants(filters: Filters) -> tuple[list[_Person], dict[int, dict]]:
    trainings = {
        t["id"]: t
        for t in trainings_in(filters).values(
            "id", "title", "starts_on", "ends_on", "location__path"
        )
    }

    # One row per participant: the database counts the days present and
    # picks the two results. The joins repeat a participant's rows (days ×
    # results), which DISTINCT and MAX do not mind.
    def percent(kind: str):
        return Max(
            Case(
                When(
                    results__kind=kind,
                    then=100.0 * F("results__score") / F("results__max_score"),
                ),
                output_field=FloatField(),
            )
        )

    rows = (
        Participant.objects.filter(training__in=trainings_in(filters))
        .annotate(
            days_present=Count("attendance", distinct=True),
            pre=percent("pre"),
            post=percent("post"),
        )
        .values_list("training_id", "sector", "gender", "days_present", "pre", "post")
        .order_by()
    )
    days = {pk: (t["ends_on"] - t["starts_on"]).days + 1 for pk, t in trainings.items()}
    people = [
        _Person(training_id, sector, gender, present >= days[training_id], pre, post)
        for training_id, sector, gender, present, pre, post in rows
    ]
    return people, trainings


def training_tables(filters: Filters) -> list[Table]:
    people, trainings = _participants(filters)
    names = _aimag_names()
    sector_labels = dict(Sector.choices)
    genders = [Gender.FEMININE, Gender.MASCULINE]

    by_sector = Table(
        "trained_by_sector",
        _("People trained by sector and gender"),
        [
            _("Sector"),
            _("Registered"),
            _("Trained"),
            _("Women trained"),
            _("Men trained"),
            _("Others trained"),
        ],
        chart_column=2,
    )
    groups = defaultdict(list)
    for person in people:
        groups[person.sector].append(person)

    def sector_row(people_in: list[_Person]) -> list:
        trained = [p for p in people_in if p.trained]
        women = sum(p.gender == genders[0] for p in trained)
        men = sum(p.gender == genders[1] for p in trained)
        return [len(people_in), len(trained), women, men, len(trained) - women - men]

    for value, label in Sector.choices:
        if groups.get(value):
            by_sector.rows.append([str(label), *sector_row(groups[value])])
    by_sector.total = [_("Total"), *sector_row(people)]

    def training_group_table(key: str, title: str, first: str, group_of) -> Table:
        table = Table(
            key, title, [first, _("Trainings"), _("Registered"), _("Trained")],
            chart_column=3,
        )  # fmt: skip
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for training in trainings.values():
            counts[group_of(training)][0] += 1
        for person in people:
            group = group_of(trainings[person.training_id])
            counts[group][1] += 1
            counts[group][2] += person.trained
        table.rows = _sorted_rows(counts, lambda k, v: [k, *v])
        table.total = [
            _("Total"),
            len(trainings),
            len(people),
            sum(p.trained for p in people),
        ]
        return table

    by_place = training_group_table(
        "trainings_by_place",
        _("Trainings by place"),
        _("Aimag"),
        lambda t: _aimag_of(t["location__path"], names),
    )
    by_period = training_group_table(
        "trainings_by_period",
        _("Trainings by quarter"),
        _("Quarter"),
        lambda t: _quarter(t["starts_on"]),
    )

    gain_columns = [
        _("Participants with both tests"),
        _("Average pre-test (%)"),
        _("Average post-test (%)"),
        _("Average knowledge gain (points)"),
    ]

    def gain_row(people_in: list[_Person]) -> list:
        tested = [p for p in people_in if p.pre is not None and p.post is not None]
        return [
            len(tested),
            _mean([p.pre for p in tested]),
            _mean([p.post for p in tested]),
            _mean([p.post - p.pre for p in tested]),
        ]

    gain_by_sector = Table(
        "gain_by_sector",
        _("Knowledge gain by sector"),
        [_("Sector"), *gain_columns],
        chart_column=4,
    )
    for value, label in Sector.choices:
        if groups.get(value):
            gain_by_sector.rows.append([str(label), *gain_row(groups[value])])
    gain_by_sector.total = [_("All sectors"), *gain_row(people)]

    gain_by_training = Table(
        "gain_by_training",
        _("Knowledge gain by training"),
        [_("Training"), _("First day"), *gain_columns],
        chart_column=5,
        page_rows=PAGE_TRAININGS,
    )
    per_training = defaultdict(list)
    for person in people:
        per_training[person.training_id].append(person)
    for training_id, training in sorted(
        trainings.items(), key=lambda item: (item[1]["starts_on"], item[0])
    ):
        gain_by_training.rows.append(
            [
                training["title"],
                training["starts_on"].isoformat(),
                *gain_row(per_training.get(training_id, [])),
            ]
        )
    gain_by_training.total = [_("All trainings"), "", *gain_row(people)]

    follow_up = Table(
        "follow_up",
        _("Follow-up surveys"),
        [
            _("Sector"),
            _("Surveyed"),
            _("Identified someone since"),
            _("Possible victims identified"),
            _("People referred"),
        ],
        chart_column=3,
    )
    surveys = Survey.objects.filter(participant__training_id__in=trainings).values(
        "participant__sector", "identified", "referred"
    )
    counts = defaultdict(lambda: [0, 0, 0, 0])
    for survey in surveys:
        row = counts[survey["participant__sector"]]
        row[0] += 1
        row[1] += survey["identified"] > 0
        row[2] += survey["identified"]
        row[3] += survey["referred"]
    follow_up.rows = [
        [str(sector_labels[value]), *counts[value]]
        for value, _label in Sector.choices
        if value in counts
    ]
    follow_up.total = [
        _("Total"),
        *[sum(row[i] for row in counts.values()) for i in range(4)],
    ]
    return [by_sector, by_place, by_period, gain_by_sector, gain_by_training, follow_up]


def activities_in(filters: Filters):
    activities = ActivityModel.objects.filter(
        campaign__organisation_id__in=filters.organisation_ids
    )
    return _in_place(_in_period(activities, "held_on", filters), "", filters)


def campaign_tables(filters: Filters) -> list[Table]:
    names = _aimag_names()
    # One row per activity with its counted people summed by the database;
    # grouping by quarter and aimag is done here (SQLite would run its date
    # functions in Python, row by row).
    activities = [
        {
            "location__path": row["location__path"],
            "kind": row["kind"],
            "audience": row["audience"],
            "quarter": _quarter(row["held_on"]),
            "n": 1,
            "people": row["people"] or 0,
            "estimated": row["estimated_reach"] or 0,
        }
        for row in activities_in(filters)
        # "id" first: two alike activities must stay two rows.
        .values(
            "id", "kind", "audience", "held_on", "estimated_reach", "location__path"
        )
        .annotate(people=Sum("reach__people"))
        .order_by()
    ]
    grid = defaultdict(int)
    for cell in (
        Reach.objects.filter(activity__in=activities_in(filters))
        .values("gender", "age_group")
        .annotate(people=Sum("people"))
    ):
        grid[(cell["gender"], cell["age_group"])] = cell["people"]

    columns = [_("Activities"), _("People counted"), _("Estimated media reach")]

    def grouped(key: str, title: str, first: str, group_of, order=None) -> Table:
        table = Table(key, title, [first, *columns], chart_column=2)
        groups: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for activity in activities:
            row = groups[group_of(activity)]
            row[0] += activity["n"]
            row[1] += activity["people"]
            row[2] += activity["estimated"]
        if order is None:
            table.rows = _sorted_rows(groups, lambda k, v: [k, *v])
        else:
            table.rows = [
                [str(label), *groups[value]]
                for value, label in order
                if value in groups
            ]
        table.total = [
            _("Total"),
            sum(a["n"] for a in activities),
            sum(a["people"] for a in activities),
            sum(a["estimated"] for a in activities),
        ]
        return table

    by_place = grouped(
        "reach_by_place",
        _("Campaign reach by place"),
        _("Aimag"),
        lambda a: _aimag_of(a["location__path"], names),
    )
    by_channel = grouped(
        "reach_by_channel",
        _("Campaign reach by channel"),
        _("Channel"),
        lambda a: a["kind"],
        order=ActivityKind.choices,
    )
    by_audience = grouped(
        "reach_by_audience",
        _("Campaign reach by audience"),
        _("Audience"),
        lambda a: a["audience"],
        order=Audience.choices,
    )
    by_period = grouped(
        "reach_by_period",
        _("Campaign reach by quarter"),
        _("Quarter"),
        lambda a: a["quarter"],
    )
    by_gender_age = Table(
        "reach_by_gender_age",
        _("People counted by gender and age group"),
        [_("Gender"), *[str(label) for _v, label in AgeGroup.choices], _("Total")],
        chart_column=len(AgeGroup.choices) + 1,
    )
    for gender in (Gender.FEMININE, Gender.MASCULINE, Gender.NON_SPECIFIED_UNKNOWN):
        cells = [grid[(gender, age)] for age, _label in AgeGroup.choices]
        by_gender_age.rows.append([str(gender.label), *cells, sum(cells)])
    by_gender_age.total = [
        _("Total"),
        *[
            sum(grid[(g, age)] for g in Gender.values)
            for age, _label in AgeGroup.choices
        ],
        sum(grid.values()),
    ]
    return [by_place, by_channel, by_gender_age, by_audience, by_period]


TRAINING_TABLES = frozenset(
    {"trained_by_sector", "trainings_by_place", "trainings_by_period",
     "gain_by_sector", "gain_by_training", "follow_up"}
)  # fmt: skip


def tables_for(filters: Filters, key: str) -> list[Table]:
    """The tables to export: all, or only the half that holds `key`."""
    if key == "all":
        return training_tables(filters) + campaign_tables(filters)
    if key in TRAINING_TABLES:
        return training_tables(filters)
    return campaign_tables(filters)
