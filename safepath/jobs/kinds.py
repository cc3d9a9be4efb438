"""The kinds of job and the code each runs (docs/jobs.md).

`run(job, payload, progress)` does the work and returns the job's result
(counts, no personal data); it raises JobRefused for a refusal the user can
act on. A kind that is `resumable` is safe to run again from the start
after its worker died (it is queued again); any other runs with its success
record in one transaction, and is marked interrupted when its worker dies.
Messages are untranslated message ids, translated when shown."""

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.translation import gettext_noop


class Progress(Protocol):
    def step(self, message: str) -> None: ...

    def __call__(self, done: int, total: int) -> None: ...


class JobRefused(Exception):
    """The work cannot be done as asked; `error` says why, for the user."""

    def __init__(self, error: str, **params: Any) -> None:
        super().__init__(error)
        self.error = error
        self.params = params


@dataclass(frozen=True)
class JobKind:
    run: Callable[[Any, dict, Progress], dict]
    resumable: bool
    interrupted: str
    failed: str


def htcds_import_run(job, payload: dict, progress: Progress) -> dict:
    from safepath.htcds import imports

    progress.step(gettext_noop("Checking the file"))

    def imported(done: int, total: int) -> None:
        if done == 1:
            progress.step(gettext_noop("Importing cases"))
        progress(done, total)

    try:
        checked = imports.htcds_import(
            name=payload["name"],
            content=base64.b64decode(payload["content"]),
            password=payload.get("password", ""),
            organisation=job.organisation,
            actor=job.created_by,
            progress=imported,
        )
    except imports.ImportRefused as refused:
        raise JobRefused(
            gettext_noop(
                "The file has %(problems)d problems, so no case was imported. "
                "Check the file on the import page to see them."
            ),
            problems=len(refused.problems),
        ) from None
    return {"imported": len(checked.new), "skipped": checked.already}


def duplicates_find_run(job, payload: dict, progress: Progress) -> dict:
    from safepath.dedup.services import duplicates_find

    progress.step(gettext_noop("Comparing records"))
    found = duplicates_find(organisation=job.organisation, actor=job.created_by)
    return {
        "records": found.records,
        "pairs": found.pairs,
        "new": found.new,
        "removed": found.removed,
    }


def export_filters(filters) -> dict:
    """The case list's filters (CaseFilters), as a job's payload stores them."""
    return {
        "query": filters.query,
        "status": list(filters.status),
        "exploitation": list(filters.exploitation),
        "industry": list(filters.industry),
        "location_id": filters.location.pk if filters.location else None,
        "owner_id": filters.owner_id,
    }


def htcds_export_run(job, payload: dict, progress: Progress) -> dict:
    """The cases of the job's organisation matching the filters, read as the
    user who asked (who must still be one of its supervisors), written to an
    encrypted HTCDS file kept for them to download."""
    from safepath.accounts.models import CASE_MANAGER_ROLES
    from safepath.accounts.selectors import organisation_ids_for
    from safepath.cases.selectors import CaseFilters, case_list_for_user
    from safepath.htcds import exports
    from safepath.jobs.services import job_output_save
    from safepath.places.models import Location

    user = job.created_by
    if user is None or job.organisation_id not in organisation_ids_for(
        user=user, roles=CASE_MANAGER_ROLES
    ):
        raise JobRefused(
            gettext_noop(
                "The export was not made: only a supervisor of the "
                "organisation may export its cases."
            )
        )
    wanted = payload["filters"]
    location_id = wanted.get("location_id")
    filters = CaseFilters(
        query=wanted.get("query", ""),
        status=wanted.get("status", []),
        exploitation=wanted.get("exploitation", []),
        industry=wanted.get("industry", []),
        location=Location.objects.filter(pk=location_id).first()
        if location_id
        else None,
        owner_id=wanted.get("owner_id"),
    )
    cases = case_list_for_user(user=user, filters=filters).filter(
        organisation=job.organisation
    )
    progress.step(gettext_noop("Exporting cases"))
    total = cases.count()
    if not total:
        raise JobRefused(
            gettext_noop("No case of your organisation matches these filters.")
        )
    content, name = exports.htcds_export(
        cases=cases,
        fmt=payload["format"],
        password=payload["password"],
        actor=user,
        stem=payload["stem"],
        progress=progress,
    )
    progress.step(gettext_noop("Keeping the file for you to download"))
    job_output_save(job=job, name=name, content=content)
    return {"cases": total}


def retention_apply_run(job, payload: dict, progress: Progress) -> dict:
    """The organisation's retention rule applied now, as the nightly run
    would, by its admin (who must still be one)."""
    from django.utils import timezone

    from safepath.accounts.selectors import organisations_administered_by
    from safepath.retention.services import retention_apply

    user = job.created_by
    if user is None or job.organisation not in organisations_administered_by(user):
        raise JobRefused(
            gettext_noop(
                "Nothing was anonymised: only an administrator of the "
                "organisation may apply its retention rule."
            )
        )
    progress.step(gettext_noop("Erasing the personal data of the cases due"))
    run, _due = retention_apply(
        as_of=timezone.localdate(),
        organisation=job.organisation,
        actor=user,
        progress=progress,
    )
    return {"people": run.people_erased, "cases": run.cases_anonymised}


KINDS: dict[str, JobKind] = {
    "htcds_import": JobKind(
        run=htcds_import_run,
        # All or nothing, in one transaction: running it again is safe, but
        # the person who started it decides, with the file at hand.
        resumable=False,
        interrupted=gettext_noop(
            "The import was interrupted: the worker running it stopped (for "
            "example, the server restarted). An import is all or nothing, so "
            "no case was imported. Import the file again."
        ),
        failed=gettext_noop(
            "The import failed because of an error in Safepath. An import is "
            "all or nothing, so no case was imported. The error is recorded "
            "in the server's log."
        ),
    ),
    "duplicates_find": JobKind(
        run=duplicates_find_run,
        # Scoring pairs again gives the same pairs; decisions are kept.
        resumable=True,
        interrupted=gettext_noop(
            "The search was interrupted: the worker running it stopped (for "
            "example, the server restarted) %(attempts)d times, so it was "
            "not started again. Look for duplicates again."
        ),
        failed=gettext_noop(
            "The search failed because of an error in Safepath. The error is "
            "recorded in the server's log. Look for duplicates again later."
        ),
    ),
    "htcds_export": JobKind(
        run=htcds_export_run,
        # It only reads: made again from the start, it gives the same file
        # (the output is replaced, and each run's reads are audited).
        resumable=True,
        interrupted=gettext_noop(
            "The export was interrupted: the worker running it stopped (for "
            "example, the server restarted) %(attempts)d times, so it was not "
            "started again. Export the cases again."
        ),
        failed=gettext_noop(
            "The export failed because of an error in Safepath. The error is "
            "recorded in the server's log. Export the cases again later."
        ),
    ),
    "retention_apply": JobKind(
        run=retention_apply_run,
        # Each person is erased in a transaction of their own, and an erased
        # person is no longer due: run again, it goes on where it stopped.
        resumable=True,
        interrupted=gettext_noop(
            "The retention run was interrupted: the worker running it stopped "
            "(for example, the server restarted) %(attempts)d times. The "
            "people it reached are erased; the others are still listed as "
            "due and the nightly run will erase them."
        ),
        failed=gettext_noop(
            "The retention run failed because of an error in Safepath. The "
            "error is recorded in the server's log. The people it reached are "
            "erased; the others are still listed as due."
        ),
    ),
}
