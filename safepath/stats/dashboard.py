"""The statistics dashboard: cases, referrals, services and screenings
counted by the database, never a row about one person.

Whose figures a user sees (`Scope`):
- their own organisations' (where they are a supervisor or data analyst):
  every case, restricted ones included, since leaving some out would make
  totals wrong;
- organisations that agreed to share statistics with one of them
  (Organisation.shares_statistics_with): only cases whose person consented
  to anonymised statistics, and always with small-cell protection.

A data analyst (who may not open cases) and anything shared beyond the
organisation get the published figures: consented cases only, small counts
and the counts that would reveal them hidden (stats.disclosure). A
supervisor looking at their own organisation sees exact figures.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safepath.accounts.models import STATISTICS_ROLES, Role
from safepath.accounts.selectors import active_memberships
from safepath.cases.models import (
    CLOSED_STATUSES,
    Case,
)
from safepath.directory.choices import ServiceType
from safepath.htcds.choices import (
    CaseStatus,
    ForcedLabourIndustry,
    Gender,
    TraffickingStatus,
    TypeOfExploitation,
)
from safepath.lib.ages import AGE_BANDS
from safepath.lib.reporting import Table
from safepath.organisations.models import Organisation
from safepath.places.models import Location
from safepath.referrals.models import Referral, ReferralStatus
from safepath.screening.models import Screening, Suggestion
from safepath.stats.disclosure import THRESHOLD, protect
from safepath.stats.models import CaseFact, ServiceFact

NOT_GIVEN = gettext_lazy("Not recorded")


@dataclass
class Scope:
    """The organisations counted and how."""

    own_ids: list[int]  # every case counted
    shared_ids: list[int] = field(default_factory=list)  # consented cases only
    published: bool = True  # consented cases only, small cells hidden
    date_from: date | None = None
    date_to: date | None = None

    @property
    def organisation_ids(self) -> list[int]:
        return [*self.own_ids, *self.shared_ids]


def organisations_for(user) -> tuple[list[Organisation], list[Organisation]]:
    """(own, shared): the organisations where the user has a statistics
    role, and those that share their statistics with one of them."""
    own_ids = {
        m.organisation_id
        for m in active_memberships(user)
        if m.role in STATISTICS_ROLES
    }
    own = list(Organisation.objects.filter(pk__in=own_ids).order_by("org_Name"))
    shared = list(
        Organisation.objects.filter(shares_statistics_with__in=own_ids, is_active=True)
        .exclude(pk__in=own_ids)
        .distinct()
        .order_by("org_Name")
    )
    return own, shared


def scope_for(
    user,
    *,
    organisation_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    published: bool = False,
) -> Scope:
    """The scope of a user's dashboard, cut to one organisation if asked.
    Exact figures only for a supervisor's own organisations."""
    own, shared = organisations_for(user)
    own_ids, shared_ids = [o.pk for o in own], [o.pk for o in shared]
    if organisation_id is not None:
        own_ids = [i for i in own_ids if i == organisation_id]
        shared_ids = [i for i in shared_ids if i == organisation_id]
    supervised = {
        m.organisation_id for m in active_memberships(user) if m.role == Role.SUPERVISOR
    }
    exact = bool(own_ids) and not shared_ids and set(own_ids) <= supervised
    return Scope(
        own_ids=own_ids,
        shared_ids=shared_ids,
        published=published or not exact,
        date_from=date_from,
        date_to=date_to,
    )


def counted_facts(scope: Scope) -> QuerySet[CaseFact]:
    """The statistics rows (stats.facts) of the cases a scope counts, opened
    in its period: in published figures only those whose person agreed to
    anonymised statistics (and did not withdraw)."""
    return _scoped(CaseFact.objects.all(), scope, "opened_on")


def counted_services(scope: Scope) -> QuerySet[ServiceFact]:
    """The services started in the scope's period, of the cases it counts
    (whenever they opened)."""
    return _scoped(ServiceFact.objects.all(), scope, "started_on")


def _scoped(rows: QuerySet, scope: Scope, date_field: str) -> QuerySet:
    if scope.published:
        rows = rows.filter(consented=True, organisation_id__in=scope.organisation_ids)
    else:
        rows = rows.filter(organisation_id__in=scope.own_ids)
    if scope.date_from:
        rows = rows.filter(**{f"{date_field}__gte": scope.date_from})
    if scope.date_to:
        rows = rows.filter(**{f"{date_field}__lte": scope.date_to})
    return rows


def counted_cases(scope: Scope) -> QuerySet[Case]:
    """The cases a scope counts, opened in its period."""
    return Case.objects.filter(pk__in=_case_ids(scope))


def _case_ids(scope: Scope) -> QuerySet:
    return counted_facts(scope).values("case_id")


def of_counted_case(scope: Scope) -> Exists:
    """For referrals, services and screenings: their case is counted by the
    scope, whenever it opened (they count in the period they happened). A
    correlated EXISTS, so that the database probes one case per row rather
    than building the list of every counted case first."""
    facts = counted_facts(any_period(scope)).filter(case_id=OuterRef("case_id"))
    return Exists(facts)


def moment(day: date, end: bool = False) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def _labelled(
    key: str, title: str, counts: dict, labels: dict, column: str, total: int
) -> Table:
    """One count per label, in the order of `labels`, then any value the
    labels do not know, then "not recorded"; the total is given because a
    case may count in several rows (several types of exploitation)."""
    rows = [[str(label), counts.get(value, 0)] for value, label in labels.items()]
    rows = [row for row in rows if row[1]]
    rows += [
        [str(value), n]
        for value, n in sorted(counts.items(), key=lambda kv: str(kv[0]))
        if value not in labels and value not in ("", None) and n
    ]
    missing = counts.get("", 0) + counts.get(None, 0)
    if missing:
        rows.append([str(NOT_GIVEN), missing])
    return Table(key, title, [_("Value"), column], rows, total=[_("Total"), total])


def _choices(choices) -> dict:
    return dict(choices.choices)


def _by(facts: QuerySet[CaseFact], column: str) -> dict:
    return dict(facts.order_by().values_list(column).annotate(n=Count("*")))


def case_tables(scope: Scope) -> list[Table]:
    facts = counted_facts(scope)
    by_status = _by(facts, "status")
    total = sum(by_status.values())  # every case has one status
    cases_column = _("Cases")
    by_industry = _by(
        facts.filter(exploitation__contains=f"|{TypeOfExploitation.FORCED_LABOUR}|"),
        "industry",
    )
    tables = [
        _labelled(
            "status",
            _("Cases by status"),
            by_status,
            _choices(CaseStatus),
            cases_column,
            total,
        ),
        _labelled(
            "trafficking_status",
            _("Cases by trafficking status"),
            _by(facts, "trafficking_status"),
            _choices(TraffickingStatus),
            cases_column,
            total,
        ),
        _labelled(
            "exploitation",
            _("Cases by type of exploitation (a case may have several)"),
            _exploitation_counts(facts),
            _choices(TypeOfExploitation),
            cases_column,
            total,
        ),
        _labelled(
            "industry",
            _("Forced labour by industry"),
            by_industry,
            _choices(ForcedLabourIndustry),
            cases_column,
            sum(by_industry.values()),  # one industry ("" if none) per case
        ),
        _place_table(
            "recruitment_aimag",
            _("Place of recruitment (aimag)"),
            _by(facts, "recruitment_aimag"),
            level=1,
            total=total,
        ),
        _place_table(
            "exploitation_aimag",
            _("Place of exploitation (aimag)"),
            _by(facts, "exploitation_aimag"),
            level=1,
            total=total,
        ),
        _place_table(
            "exploitation_soum",
            _("Place of exploitation (soum or district)"),
            _by(facts, "exploitation_soum"),
            level=2,
            total=total,
        ),
        _sex_by_age(facts),
    ]
    return tables


def _exploitation_counts(facts: QuerySet[CaseFact]) -> dict:
    """Cases per type of exploitation ("" = none recorded), from the counts
    of each combination of types."""
    counts: dict[str, int] = {}
    for combination, n in _by(facts, "exploitation").items():
        for kind in combination.strip("|").split("|"):
            counts[kind] = counts.get(kind, 0) + n
    return counts


def _place_table(
    key: str, title: str, counts: dict[str, int], level: int, total: int
) -> Table:
    """Ranked places at one level (1 = aimag, 2 = soum or district), from the
    places recorded at that level or below; a place recorded above the level
    counts as not recorded at that level."""
    names = {
        loc.code: f"{loc.name}" if level == 1 else f"{loc.name} ({loc.parent.name})"
        for loc in Location.objects.filter(code__in=counts).select_related("parent")
    }
    ranked = sorted(
        ((code, n) for code, n in counts.items() if code),
        key=lambda kv: (-kv[1], kv[0]),
    )
    rows = [[names.get(code, code), n] for code, n in ranked]
    if counts.get(""):
        rows.append([str(NOT_GIVEN), counts[""]])
    return Table(key, title, [_("Place"), _("Cases")], rows, total=[_("Total"), total])


def _sex_by_age(facts: QuerySet[CaseFact]) -> Table:
    """A cross-table: age band (rows) by sex (columns), with totals."""
    counts = {
        (band, gender): n
        for band, gender, n in facts.order_by()
        .values_list("age_band", "gender")
        .annotate(n=Count("*"))
        .values_list("age_band", "gender", "n")
    }
    genders = [g for g in Gender.values if any(k[1] == g for k in counts)]
    if any(k[1] == "" for k in counts):
        genders.append("")
    labels = {**_choices(Gender), "": NOT_GIVEN}
    bands = [b for b, _a, _b in AGE_BANDS if any(k[0] == b for k in counts)]
    if any(k[0] == "" for k in counts):
        bands.append("")
    rows = []
    for band in bands:
        row = [counts.get((band, g), 0) for g in genders]
        rows.append([band.replace("--", "–") or str(NOT_GIVEN), *row, sum(row)])
    totals = [sum(counts.get((b, g), 0) for b in bands) for g in genders]
    return Table(
        "sex_age",
        _("Cases by age band and sex"),
        [
            _("Age when the case was opened"),
            *(str(labels[g]) for g in genders),
            _("Total"),
        ],
        rows,
        total=[_("Total"), *totals, sum(totals)],
        chart_column=len(genders) + 1,
        row_totals=True,
    )


def referral_tables(scope: Scope) -> list[Table]:
    """Referrals sent from the counted cases in the period, what became of
    them, and how long the receivers took to answer."""
    referrals = Referral.objects.filter(of_counted_case(scope))
    if scope.date_from:
        referrals = referrals.filter(sent_at__gte=moment(scope.date_from))
    if scope.date_to:
        referrals = referrals.filter(sent_at__lte=moment(scope.date_to, end=True))
    by_status, completed = {}, 0
    for status, n, done in referrals.values_list("status").annotate(
        n=Count("pk"),
        done=Count(
            "pk",
            filter=Q(
                status=ReferralStatus.ACCEPTED,
                receiver_case__cas_Status__in=CLOSED_STATUSES,
            ),
        ),
    ):
        by_status[status], completed = n, completed + done
    total = sum(by_status.values())
    rows = [
        [str(label), by_status.get(value, 0)] for value, label in ReferralStatus.choices
    ]
    rows.append([_("Completed (accepted, and the receiver's case closed)"), completed])
    outcome = Table(
        "referrals",
        _("Referrals sent"),
        [_("Status"), _("Referrals")],
        rows,
        total=[_("Total"), total],
    )
    answered = list(
        referrals.filter(responded_at__isnull=False).values_list(
            "sent_at", "responded_at"
        )
    )
    hours = sorted((done - sent).total_seconds() / 3600 for sent, done in answered)
    timing = Table(
        "response_time",
        _("Time to answer a referral"),
        [_("Measure"), _("Hours")],
        [
            [_("Referrals answered"), len(hours)],
            [_("Median"), _median(hours)],
            [_("Mean"), round(sum(hours) / len(hours), 1) if hours else None],
            [_("Longest"), round(hours[-1], 1) if hours else None],
        ],
        of_counts=False,
    )
    if scope.published and len(hours) < THRESHOLD:
        # Too few answers: a median or the longest would describe one of them.
        timing.rows = [timing.rows[0]]
    return [outcome, timing]


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return round(values[middle], 1)
    return round((values[middle - 1] + values[middle]) / 2, 1)


def any_period(scope: Scope) -> Scope:
    """The same organisations and consent rule, any opening date: a referral
    or service counts in the period it happened, whenever its case opened."""
    return Scope(scope.own_ids, scope.shared_ids, scope.published)


def service_table(scope: Scope) -> Table:
    services = counted_services(scope).order_by()
    counts = {
        kind: (n, people)
        for kind, n, people in services.values_list("service_type")
        .annotate(n=Count("*"), people=Count("case", distinct=True))
        .values_list("service_type", "n", "people")
    }
    rows = [
        [str(label), counts[value][0], counts[value][1]]
        for value, label in ServiceType.choices
        if value in counts
    ]
    return Table(
        "services",
        _("Services delivered"),
        [_("Service"), _("Services"), _("People")],
        rows,
        total=[
            _("Total"),
            sum(c[0] for c in counts.values()),
            services.values("case").distinct().count(),
        ],
    )


def screening_table(scope: Scope) -> Table:
    """Screening interviews in the period by what their answers suggest.
    Screenings may have no case (and so no consent): in a shared scope only
    those joined to a consented case are counted."""
    screenings = Screening.objects.filter(organisation_id__in=scope.own_ids)
    if scope.published:
        screenings = Screening.objects.filter(
            Q(organisation_id__in=scope.own_ids, case__isnull=True)
            | Q(of_counted_case(scope))
        )
    if scope.date_from:
        screenings = screenings.filter(interviewed_on__gte=scope.date_from)
    if scope.date_to:
        screenings = screenings.filter(interviewed_on__lte=scope.date_to)
    counts = dict(screenings.values_list("suggestion").annotate(n=Count("pk")))
    not_done = screenings.filter(completed_at__isnull=True).count()
    labels = _choices(Suggestion)
    rows = [[str(labels[v]), counts.get(v, 0)] for v in Suggestion.values]
    rows.append([_("Not completed"), not_done])
    return Table(
        "screenings",
        _("Screenings by outcome"),
        [_("Outcome"), _("Screenings")],
        rows,
        total=[_("Total"), sum(counts.values())],
    )


def dashboard(scope: Scope) -> list[Table]:
    tables = [
        *case_tables(scope),
        *referral_tables(scope),
        service_table(scope),
        screening_table(scope),
    ]
    if scope.published:
        tables = [protect(t) for t in tables]
    return tables
