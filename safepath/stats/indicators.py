"""Programme indicators: named measures counted over a period and compared
with the period before (of the same length), for donor reports.

Each measure is a function of a dashboard Scope (organisations, consent rule
and period). An organisation chooses which measures it reports, under which
name and with which target (models.Indicator); without a choice it sees
them all.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safepath.cases.models import TraffickingStatusDecision
from safepath.htcds.choices import TraffickingStatus
from safepath.lib.reporting import Table
from safepath.prevention import reports as prevention_reports
from safepath.prevention.models import Activity, Reach
from safepath.referrals.models import Referral, ReferralStatus
from safepath.screening.models import Screening, Suggestion
from safepath.stats import dashboard
from safepath.stats.dashboard import Scope
from safepath.stats.disclosure import SUPPRESSED, THRESHOLD
from safepath.stats.models import Indicator


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    count: Callable[[Scope], int]


def _between(queryset, field_name: str, scope: Scope, moments: bool = False):
    start, end = scope.date_from, scope.date_to
    if moments:
        start = start and dashboard.moment(start)
        end = end and dashboard.moment(end, end=True)
    if start:
        queryset = queryset.filter(**{f"{field_name}__gte": start})
    if end:
        queryset = queryset.filter(**{f"{field_name}__lte": end})
    return queryset


def victims_identified(scope: Scope) -> int:
    """People whose case was opened in the period, each counted once however
    many records of them organisations hold (CaseFact.identity)."""
    return dashboard.counted_facts(scope).values("identity").distinct().count()


def victims_confirmed(scope: Scope) -> int:
    """People recognised as victims (actual victim, decision in force) by a
    decision taken in the period."""
    decisions = TraffickingStatusDecision.objects.filter(
        dashboard.of_counted_case(scope),
        state=TraffickingStatusDecision.State.IN_FORCE,
        vic_TraffickingStatus=TraffickingStatus.ACTUAL_VICTIM_OF_TRAFFICKING,
    )
    decisions = _between(decisions, "decided_on", scope)
    return decisions.values("case__person").distinct().count()


def victims_assisted(scope: Scope) -> int:
    """People who received at least one service that started in the period."""
    services = dashboard.counted_services(scope)
    return services.values("person_id").distinct().count()


def services_delivered(scope: Scope) -> int:
    return dashboard.counted_services(scope).count()


def referrals_sent(scope: Scope) -> int:
    return _between(
        Referral.objects.filter(dashboard.of_counted_case(scope)),
        "sent_at",
        scope,
        True,
    ).count()


def referrals_accepted(scope: Scope) -> int:
    return _between(
        Referral.objects.filter(
            dashboard.of_counted_case(scope), status=ReferralStatus.ACCEPTED
        ),
        "sent_at",
        scope,
        True,
    ).count()


def screenings_done(scope: Scope) -> int:
    screenings = Screening.objects.filter(
        organisation_id__in=scope.own_ids, completed_at__isnull=False
    )
    return _between(screenings, "interviewed_on", scope).count()


def screenings_likely(scope: Scope) -> int:
    screenings = Screening.objects.filter(
        organisation_id__in=scope.own_ids, suggestion=Suggestion.LIKELY
    )
    return _between(screenings, "interviewed_on", scope).count()


def _prevention_filters(scope: Scope) -> prevention_reports.Filters:
    return prevention_reports.Filters(
        organisation_ids=scope.organisation_ids,
        date_from=scope.date_from,
        date_to=scope.date_to,
    )


def frontline_trained(scope: Scope) -> int:
    """Participants present every day of a training that began in the
    period (the prevention reports' "trained")."""
    by_sector = prevention_reports.training_tables(_prevention_filters(scope))[0]
    return by_sector.total[2]


def people_reached(scope: Scope) -> int:
    """People counted at campaign activities in the period, plus the
    estimated reach of media."""
    activities = _between(
        Activity.objects.filter(campaign__organisation_id__in=scope.organisation_ids),
        "held_on",
        scope,
    )
    counted = Reach.objects.filter(activity__in=activities).aggregate(n=Sum("people"))
    estimated = activities.aggregate(n=Sum("estimated_reach"))
    return (counted["n"] or 0) + (estimated["n"] or 0)


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in [
        Measure(
            "victims_identified",
            gettext_lazy("People identified (cases opened)"),
            victims_identified,
        ),
        Measure(
            "victims_confirmed",
            gettext_lazy("People recognised as victims of trafficking"),
            victims_confirmed,
        ),
        Measure(
            "victims_assisted",
            gettext_lazy("Victims receiving direct assistance"),
            victims_assisted,
        ),
        Measure(
            "services_delivered", gettext_lazy("Services delivered"), services_delivered
        ),
        Measure("referrals_sent", gettext_lazy("Referrals sent"), referrals_sent),
        Measure(
            "referrals_accepted", gettext_lazy("Referrals accepted"), referrals_accepted
        ),
        Measure(
            "screenings_done", gettext_lazy("Screenings completed"), screenings_done
        ),
        Measure(
            "screenings_likely",
            gettext_lazy("Screenings suggesting a likely victim"),
            screenings_likely,
        ),
        Measure(
            "frontline_trained",
            gettext_lazy("Frontline workers trained"),
            frontline_trained,
        ),
        Measure(
            "people_reached",
            gettext_lazy("People reached by awareness campaigns"),
            people_reached,
        ),
    ]
}
MEASURE_CHOICES = [(key, m.label) for key, m in MEASURES.items()]


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length just before [start, end]."""
    length = (end - start).days + 1
    return start - timedelta(days=length), start - timedelta(days=1)


def chosen_indicators(organisation_ids: list[int]) -> list[Indicator]:
    """The indicators the organisations chose (the first organisation's
    choice when several), or every measure unnamed and without target."""
    chosen = list(
        Indicator.objects.filter(organisation_id__in=organisation_ids[:1]).order_by(
            "position", "pk"
        )
    )
    chosen = [i for i in chosen if i.measure in MEASURES]
    return chosen or [Indicator(measure=key) for key in MEASURES]


def _shown(value: int, published: bool):
    """A single published count under the threshold is hidden (0 is shown:
    it describes no one)."""
    return SUPPRESSED if published and 0 < value < THRESHOLD else value


def indicator_table(scope: Scope, start: date, end: date) -> Table:
    """This period against the one before it, with the change and the
    target, one row per indicator."""
    before_start, before_end = previous_period(start, end)
    now = replace(scope, date_from=start, date_to=end)
    before = replace(scope, date_from=before_start, date_to=before_end)
    table = Table(
        "indicators",
        _("Programme indicators"),
        [
            _("Indicator"),
            f"{start.isoformat()} – {end.isoformat()}",
            f"{before_start.isoformat()} – {before_end.isoformat()}",
            _("Change (%)"),
            _("Target"),
            _("Of target (%)"),
        ],
        of_counts=False,
    )
    for indicator in chosen_indicators(scope.own_ids or scope.organisation_ids):
        measure = MEASURES[indicator.measure]
        current, previous = measure.count(now), measure.count(before)
        change = round(100 * (current - previous) / previous, 1) if previous else None
        target = indicator.target
        achieved = round(100 * current / target, 1) if target else None
        if scope.published and (0 < current < THRESHOLD or 0 < previous < THRESHOLD):
            change = achieved = None
        table.rows.append(
            [
                indicator.name or str(measure.label),
                _shown(current, scope.published),
                _shown(previous, scope.published),
                change,
                target,
                achieved,
            ]
        )
    return table
