"""A supervisor's review of possible duplicates in their organisation."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from safepath.accounts.decorators import verified_login_required
from safepath.accounts.selectors import roles_in
from safepath.audit.services import audit_record_many
from safepath.dedup import selectors, services
from safepath.dedup.models import MatchPair
from safepath.dedup.reasons import reasons_in_words
from safepath.jobs.models import Job
from safepath.jobs.services import job_enqueue
from safepath.organisations.models import Organisation
from safepath.people.models import Person

# What the pair page shows of each record, side by side.
SHOWN = [
    "prs_FirstName", "prs_SecondName", "prs_MiddleName", "prs_Birthdate",
    "prs_Gender", "prs_IdentityNumber", "prs_MobilePhone", "prs_HomePhone",
    "prs_Email", "location", "prs_MailingStreet", "prs_MailingCity",
    "prs_MailingPostalCode",
]  # fmt: skip


def _require_reviewer(user) -> list[int]:
    organisation_ids = selectors.reviewer_organisation_ids(user)
    if not organisation_ids:
        raise Http404
    return organisation_ids


def _audit_read(user, people: list[Person], action: str) -> None:
    for organisation_id in {p.organisation_id for p in people}:
        audit_record_many(
            actor=user,
            action=action,
            targets=[p for p in people if p.organisation_id == organisation_id],
            organisation_id=organisation_id,
            role=roles_in(user, organisation_id),
        )


@verified_login_required
def queue(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request.user)
    status = request.GET.get("status", MatchPair.Status.OPEN)
    if status not in MatchPair.Status.values:
        status = MatchPair.Status.OPEN
    pairs = selectors.pairs_for_review(user=request.user, status=status)
    page = Paginator(pairs, settings.CASES_PER_PAGE).get_page(request.GET.get("page"))
    _audit_read(
        request.user,
        [person for pair in page.object_list for person in (pair.left, pair.right)],
        "person.list",
    )
    rows = [(pair, reasons_in_words(pair.reasons)) for pair in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "status": status,
        "statuses": MatchPair.Status.choices,
        "hidden": selectors.pairs_hidden_count(user=request.user)
        if status == MatchPair.Status.OPEN
        else 0,
    }
    return render(request, "dedup/queue.html", context)


@verified_login_required
@require_POST
def run(request: HttpRequest) -> HttpResponse:
    organisation_ids = _require_reviewer(request.user)
    # A job per organisation, whose page shows how it goes (docs/jobs.md).
    jobs = [
        job_enqueue(
            kind=Job.Kind.DUPLICATES_FIND, organisation=organisation, actor=request.user
        )
        for organisation in Organisation.objects.filter(pk__in=organisation_ids)
    ]
    if len(jobs) == 1:
        return redirect(jobs[0])
    messages.success(
        request,
        ngettext(
            "Looking for duplicates in %(n)d organisation, in the background: "
            "new pairs appear here when it is done.",
            "Looking for duplicates in %(n)d organisations, in the background: "
            "new pairs appear here as each is done.",
            len(jobs),
        )
        % {"n": len(jobs)},
    )
    return redirect("dedup:queue")


def _side_by_side(left: Person, right: Person) -> list[tuple[str, str, str, bool]]:
    rows = []
    for name in SHOWN:
        field = Person._meta.get_field(name)
        values = []
        for person in (left, right):
            if field.choices:
                value = getattr(person, f"get_{name}_display")()
            else:
                value = getattr(person, name)
            values.append("" if value in (None, "") else str(value))
        if values[0] or values[1]:
            rows.append(
                (str(field.verbose_name), values[0], values[1], values[0] == values[1])
            )
    citizenship = [
        ", ".join(str(c) for c in person.prs_Citizenship.all())
        for person in (left, right)
    ]
    if citizenship[0] or citizenship[1]:
        rows.append(
            (
                _("Citizenship"),
                citizenship[0],
                citizenship[1],
                citizenship[0] == citizenship[1],
            )
        )
    return rows


@verified_login_required
def pair_detail(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = selectors.pair_get_for_user(user=request.user, pair_id=pair_id)
    _audit_read(request.user, [pair.left, pair.right], "person.view")
    context = {
        "pair": pair,
        "rows": _side_by_side(pair.left, pair.right),
        "reasons": reasons_in_words(pair.reasons),
        "left_cases": selectors.record_cases(user=request.user, person_id=pair.left_id),
        "right_cases": selectors.record_cases(
            user=request.user, person_id=pair.right_id
        ),
        "mergeable": pair.status == MatchPair.Status.OPEN,
    }
    return render(request, "dedup/pair.html", context)


@verified_login_required
@require_POST
def pair_merge(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = selectors.pair_get_for_user(user=request.user, pair_id=pair_id)
    keep = {str(pair.left_id): pair.left, str(pair.right_id): pair.right}.get(
        request.POST.get("keep", "")
    )
    if keep is None:
        messages.error(request, _("Choose which of the two records to keep."))
        return redirect("dedup:pair", pair_id=pair.pk)
    try:
        services.persons_merge(pair=pair, keep=keep, actor=request.user)
    except services.ReviewError as error:
        messages.error(request, str(error))
        return redirect("dedup:pair", pair_id=pair.pk)
    messages.success(
        request,
        _(
            "The records are merged: every case is now under one person. "
            "You can undo this below."
        ),
    )
    return redirect("dedup:merges")


def _decide(request: HttpRequest, pair_id: int, *, same: bool, done: str):
    pair = selectors.pair_get_for_user(user=request.user, pair_id=pair_id)
    try:
        services.pair_decide(pair=pair, same=same, actor=request.user)
    except services.ReviewError as error:
        messages.error(request, str(error))
        return redirect("dedup:pair", pair_id=pair.pk)
    messages.success(request, done)
    return redirect("dedup:queue")


@verified_login_required
@require_POST
def pair_reject(request: HttpRequest, pair_id: int) -> HttpResponse:
    return _decide(
        request,
        pair_id,
        same=False,
        done=_(
            "Marked as two different people: this pair will not be suggested again."
        ),
    )


@verified_login_required
@require_POST
def pair_reopen(request: HttpRequest, pair_id: int) -> HttpResponse:
    return _decide(
        request, pair_id, same=True, done=_("The pair is back in the queue.")
    )


@verified_login_required
def merge_list(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request.user)
    merges = selectors.merges_for_user(user=request.user)
    page = Paginator(merges, settings.CASES_PER_PAGE).get_page(request.GET.get("page"))
    _audit_read(
        request.user,
        [person for merge in page.object_list for person in (merge.kept, merge.merged)],
        "person.list",
    )
    return render(request, "dedup/merges.html", {"page": page})


@verified_login_required
@require_POST
def merge_undo(request: HttpRequest, merge_id: int) -> HttpResponse:
    merge = selectors.merge_get_for_user(user=request.user, merge_id=merge_id)
    try:
        left_alone = services.merge_undo(merge=merge, actor=request.user)
    except services.ReviewError as error:
        messages.error(request, str(error))
        return redirect("dedup:merges")
    messages.success(
        request, _("The merge is undone: both records are as they were before.")
    )
    if left_alone:
        names = ", ".join(
            str(Person._meta.get_field(name).verbose_name) for name in left_alone
        )
        messages.warning(
            request,
            _(
                "These details were changed after the merge and are left as "
                "they are: %(fields)s."
            )
            % {"fields": names},
        )
    return redirect("dedup:merges")
