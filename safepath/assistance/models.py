"""What a case does for the person: support plans (HTCDS spl_), services
delivered and follow-up tasks. Narratives about the person are encrypted."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepath.directory.choices import ServiceType
from safepath.htcds.choices import SupportPlanType
from safepath.lib.fields import EncryptedCharField, EncryptedTextField


class Currency(models.TextChoices):
    # ISO 4217 codes read the same in every language.
    MNT = "MNT", "MNT"
    USD = "USD", "USD"
    CNY = "CNY", "CNY"
    EUR = "EUR", "EUR"
    KRW = "KRW", "KRW"


class SupportPlan(models.Model):
    """A support plan of one type (HTCDS spl_), usually started from a risk
    and vulnerability assessment. Open until its actual end date is set."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="support_plans"
    )
    spl_Type = models.CharField(
        _("Type"), max_length=40, choices=SupportPlanType.choices
    )
    spl_Objectives = EncryptedTextField(
        _("Objectives"), help_text=_("The objectives or purpose of the plan.")
    )
    spl_ActionPlan = EncryptedTextField(
        _("Action Plan"),
        blank=True,
        help_text=_("The actions required to accomplish the plan."),
    )
    spl_PlannedEndDate = models.DateField(_("Planned End Date"), null=True, blank=True)
    spl_ActualEndDate = models.DateField(_("Actual End Date"), null=True, blank=True)
    assessment = models.ForeignKey(
        "screening.Assessment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="support_plans",
        verbose_name=_("assessment it starts from"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("support plan")
        verbose_name_plural = _("support plans")

    def __str__(self) -> str:
        return str(self.get_spl_Type_display())

    @property
    def is_open(self) -> bool:
        return self.spl_ActualEndDate is None


class ServiceDelivered(models.Model):
    """A service given to the person: a shelter stay (with its dates and
    place), medical care, a grant (with its amount)..."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="services"
    )
    service_type = models.CharField(
        _("service"), max_length=30, choices=ServiceType.choices
    )
    support_plan = models.ForeignKey(
        SupportPlan,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="services",
        verbose_name=_("support plan"),
    )
    provided_by = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("provided by"),
    )
    provider_name = models.CharField(
        _("provider's name"),
        max_length=200,
        blank=True,
        help_text=_("A person, or a provider outside the network."),
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    location = models.ForeignKey(
        "places.Location",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("place"),
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=Currency.choices,
        default=Currency.MNT,
        blank=True,
    )
    details = EncryptedTextField(_("details"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-started_on", "-created_at"]
        verbose_name = _("service delivered")
        verbose_name_plural = _("services delivered")

    def __str__(self) -> str:
        return f"{self.get_service_type_display()} {self.started_on}"


class FollowUpTask(models.Model):
    """Something to do for the case by a date. Unassigned, it is the case
    owner's."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="tasks"
    )
    # It may name the person: encrypted.
    title = EncryptedCharField(_("task"), max_length=200)
    due_on = models.DateField(_("due on"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("done by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        indexes = [models.Index(fields=["done_on", "due_on"])]

    def __str__(self) -> str:
        return f"{self.due_on}"

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_on < timezone.localdate()
