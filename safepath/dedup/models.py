"""What duplicate detection remembers: the candidate pairs a run found and
what a supervisor decided about them, and each merge with what it changed,
so that it can be undone.

No personal data is stored here: a pair holds two person ids, a probability
and which comparisons agreed (codes, engine.LEVELS); a merge holds the ids
of what it moved and the names of the fields it filled in.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class MatchPair(models.Model):
    """Two person records a run scored as likely the same person."""

    class Status(models.TextChoices):
        OPEN = "open", _("To review")
        MERGED = "merged", _("Merged")
        REJECTED = "rejected", _("Not the same person")

    left = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+"
    )
    right = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+"
    )
    # Both records' organisation, whose supervisors review the pair; empty
    # for a pair across organisations (counted in statistics when the
    # probability is high, never shown to anyone).
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    probability = models.FloatField()
    reasons = models.JSONField(default=dict)  # {comparison: level code}
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    found_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="pair_unique"),
            models.CheckConstraint(condition=~Q(left=F("right")), name="pair_of_two"),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "status", "-probability"], name="pair_queue"
            ),
            models.Index(fields=["right"], name="pair_right"),
        ]

    def __str__(self) -> str:
        return f"{self.left_id} ~ {self.right_id} ({self.probability:.2f})"


class Merge(models.Model):
    """A supervisor's merge of one person record (`merged`) into another
    (`kept`), with what it changed: the cases and perpetrator records it
    moved, the fields of `kept` it filled in from `merged`, and the
    citizenships it added."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    pair = models.ForeignKey(
        MatchPair, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kept = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+"
    )
    merged = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+"
    )
    cases = models.JSONField(default=list)  # ids of the cases moved
    perpetrator_records = models.JSONField(default=list)  # PerpetratorContext ids
    filled = models.JSONField(default=list)  # names of the fields filled in
    # Unencrypted fields' values before the merge (e.g. birthdate_is_estimate,
    # which follows a filled-in birth date).
    previous = models.JSONField(default=dict)
    citizenship_added = models.JSONField(default=list)  # PicklistValue ids
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField()
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.kept_id}"
