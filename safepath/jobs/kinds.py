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
}
