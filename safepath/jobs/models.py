"""What a user sees of long work done in the background (docs/jobs.md).

The queue itself belongs to the task library (django-tasks, with its
database backend by default); a Job is Safepath's own record of one piece
of work: who started it, for which organisation, how far it got and how it
ended. It holds no personal data: progress messages, results and errors are
fixed texts (translated when shown) and counts. A job's input that holds
personal data (an uploaded file) is a JobInput, encrypted, and deleted when
the job ends.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from safepath.lib.fields import EncryptedTextField


class Job(models.Model):
    """Long work run by a worker, as its page shows it (docs/jobs.md).

    Its state, progress and result (counts); no personal data."""

    class Kind(models.TextChoices):
        HTCDS_IMPORT = "htcds_import", _("Import of cases")
        DUPLICATES_FIND = "duplicates_find", _("Search for possible duplicates")
        HTCDS_EXPORT = "htcds_export", _("Export of cases")
        RETENTION_APPLY = "retention_apply", _("Retention run")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Finished")
        FAILED = "failed", _("Failed")
        INTERRUPTED = "interrupted", _("Interrupted")

    FINISHED = (Status.SUCCEEDED, Status.FAILED, Status.INTERRUPTED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    # An untranslated message id (gettext_noop), translated when shown.
    progress_message = models.CharField(max_length=200, blank=True)
    # Counts only, e.g. {"imported": 12, "skipped": 3}; also the values of
    # the error's placeholders.
    result = models.JSONField(default=dict, blank=True)
    # For users: an untranslated message id, never an exception's text.
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # "host:pid" of the worker process running it, to tell when it died.
    worker = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The task library's id of the task that runs the job (the latest one).
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    def error_text(self) -> str:
        if not self.error:
            return ""
        text = gettext(self.error)
        try:
            return text % self.result if "%(" in text else text
        except (KeyError, TypeError, ValueError):
            return text


class JobInput(models.Model):
    """A job's input with personal data (a file), encrypted until it ends.

    The uploaded file and its password, deleted as soon as the job ends."""

    job = models.OneToOneField(
        Job, primary_key=True, on_delete=models.CASCADE, related_name="input"
    )
    # JSON, with file contents in base64.
    payload = EncryptedTextField()

    def __str__(self) -> str:
        return f"input of {self.job_id}"


class JobOutput(models.Model):
    """A file a job made (an export), encrypted, for the user who asked for
    it to download until it expires (SAFEPATH_JOBS_OUTPUT_HOURS); deleted
    then by the worker."""

    job = models.OneToOneField(
        Job, primary_key=True, on_delete=models.CASCADE, related_name="output"
    )
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    # The file, in base64.
    content = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"output of {self.job_id}"
