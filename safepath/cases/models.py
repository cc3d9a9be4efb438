import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from safepath.htcds.choices import (
    CaseStatus,
    ForcedLabourIndustry,
    ReasonForReferral,
    RelationshipToTrafficker,
    TraffickingEventType,
    TraffickingStatus,
    TraffickingStatusDecisionMakingOrg,
)
from safepath.lib.ages import AGE_BAND_CHOICES
from safepath.lib.fields import (
    EncryptedCharField,
    EncryptedDecimalField,
    EncryptedTextField,
)

CLOSED_STATUSES = frozenset({CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED})
OPEN_STATUSES = frozenset({CaseStatus.ACTIVE, CaseStatus.FOLLOW_UP})


def _picklist(picklist: str, label: str) -> models.ManyToManyField:
    return models.ManyToManyField(
        "htcds.PicklistValue",
        verbose_name=label,
        related_name="+",
        blank=True,
        limit_choices_to={"picklist": picklist},
    )


class Case(models.Model):
    """A case (HTCDS cas_): one person's file in one organisation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("person"),
    )
    reference = models.CharField(_("reference number"), max_length=40, unique=True)
    cas_Status = models.CharField(
        _("Status"),
        max_length=20,
        choices=CaseStatus.choices,
        default=CaseStatus.ACTIVE,
    )
    cas_ReasonForCaseClosure = EncryptedTextField(
        _("Reason for Case Closure"), blank=True
    )
    cas_CaseOwner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_cases",
        verbose_name=_("Case Owner"),
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    # The person's age band when the case was opened, kept in clear for
    # statistics (the birth date itself is encrypted); set by the services.
    age_band = models.CharField(
        _("age band when the case was opened"),
        max_length=8,
        choices=AGE_BAND_CHOICES,
        blank=True,
        editable=False,
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closure_sign_off_pending = models.BooleanField(
        _("closure waiting for a supervisor's sign-off"), default=False
    )
    closure_signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closure signed off by"),
    )
    closure_signed_off_at = models.DateTimeField(
        _("closure signed off at"), null=True, blank=True
    )
    next_follow_up = models.DateField(
        _("next follow-up"),
        null=True,
        blank=True,
        help_text=_("The date by which someone should next contact the person."),
    )
    is_restricted = models.BooleanField(
        _("restricted"),
        default=False,
        help_text=_(
            "Only the case owner and the people named below can open a restricted "
            "case, whatever their role."
        ),
    )
    restricted_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="restricted_cases",
        blank=True,
        verbose_name=_("people allowed"),
    )
    # Incoming referral (HTCDS "Referral Details").
    cas_ReferringOrganisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Referring Organisation"),
    )
    cas_IncomingReferralDate = models.DateField(
        _("Incoming Referral Date"), null=True, blank=True
    )
    cas_ReferringPrimaryCaseWorker = EncryptedCharField(
        _("Referring Primary Case Worker"), max_length=200, blank=True
    )
    cas_ReasonForIncomingReferral = models.CharField(
        _("Reason for Incoming Referral"),
        max_length=40,
        choices=ReasonForReferral.choices,
        blank=True,
    )
    cas_IncomingReferralDetails = EncryptedTextField(
        _("Incoming Referral Details"), blank=True
    )
    # Outgoing referral, recorded when a case is closed as referred.
    cas_ReferredOrganisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Referred Organisation"),
    )
    cas_ReferredPrimaryCaseWorker = EncryptedCharField(
        _("Referred Primary Case Worker"), max_length=200, blank=True
    )
    cas_ReasonForOutgoingReferral = models.CharField(
        _("Reason for Outgoing Referral"),
        max_length=40,
        choices=ReasonForReferral.choices,
        blank=True,
    )
    cas_OutgoingReferralDate = models.DateField(
        _("Outgoing Referral Date"), null=True, blank=True
    )
    cas_OutgoingReferralDetails = EncryptedTextField(
        _("Outgoing Referral Details"), blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # For a case imported from a spreadsheet: a keyed hash of its row's
    # values (htcds/imports.py), so that importing the file again skips it.
    import_key = models.CharField(max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-opened_on", "-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["organisation", "cas_Status"]),
            models.Index(fields=["cas_CaseOwner", "cas_Status"]),
            # Counting what a user may see reads only this index: it holds
            # every column the visibility rule looks at.
            models.Index(
                fields=["organisation", "is_restricted", "cas_CaseOwner", "id"],
                name="case_visibility",
            ),
            # The case list: one organisation's cases, newest first.
            models.Index(
                fields=["organisation", "-opened_on", "-created_at"],
                name="case_list_order",
            ),
            models.Index(
                fields=["organisation", "import_key"],
                condition=~models.Q(import_key=""),
                name="case_import_key",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.cas_Status in OPEN_STATUSES


class VictimContext(models.Model):
    """The victim context (HTCDS vic_) of the person in one case."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, primary_key=True, related_name="victim"
    )
    vic_AgreementToManagePersonalData = models.BooleanField(
        _("Agreement to Manage Personal Data"), default=False
    )
    vic_TraffickingStatus = models.CharField(
        _("Trafficking Status"),
        max_length=40,
        choices=TraffickingStatus.choices,
        default=TraffickingStatus.POSSIBLE_VICTIM_OF_TRAFFICKING,
    )
    vic_TraffickingStatusDecisionMakingOrg = models.CharField(
        _("Trafficking Status Decision Making Organization"),
        max_length=40,
        choices=TraffickingStatusDecisionMakingOrg.choices,
        blank=True,
        help_text=_("Who decided the trafficking status."),
    )
    vic_RelationshipToTrafficker = models.CharField(
        _("Relationship to Trafficker"),
        max_length=20,
        choices=RelationshipToTrafficker.choices,
        blank=True,
    )
    vic_AgeWhenTrafficked = models.PositiveSmallIntegerField(
        _("Age when Trafficked"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
    )
    vic_RecruitmentWebsitesAndApps = _picklist(
        "WebsitesAndApps", _("Recruitment Websites and Apps")
    )
    vic_MethodOfRecruitment = _picklist(
        "MethodOfRecruitment", _("Method of Recruitment")
    )
    vic_LocationOfRecruitment = models.ForeignKey(
        "places.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Location of Recruitment"),
    )
    vic_MethodsOfControl = _picklist("MethodsOfControl", _("Methods of Control"))
    vic_TypeOfExploitation = _picklist("TypeOfExploitation", _("Type of Exploitation"))
    vic_ForcedLabourIndustry = models.CharField(
        _("Forced Labour Industry"),
        max_length=60,
        choices=ForcedLabourIndustry.choices,
        blank=True,
    )
    vic_TypeOfSexExploitation = _picklist(
        "TypeOfSexExploitation", _("Type of Sex Exploitation")
    )
    vic_LocationOfExploitation = models.ForeignKey(
        "places.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Location of Exploitation"),
    )
    vic_ExploitationWebsitesAndApps = _picklist(
        "WebsitesAndApps", _("Exploitation Websites and Apps")
    )
    vic_Vulnerabilities = _picklist("Vulnerabilities", _("Vulnerabilities"))
    vic_DetailsOfVulnerabilities = EncryptedTextField(
        _("Details Of Vulnerabilities"), blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("victim context")
        verbose_name_plural = _("victim contexts")

    def __str__(self) -> str:
        return str(self.case)


class PerpetratorContext(models.Model):
    """A perpetrator (a Person) and their role in this case (HTCDS per_)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="perpetrators"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="perpetrator_contexts"
    )
    per_RoleInProcess = _picklist("RoleInProcess", _("Role in Process"))
    per_RoleDetails = EncryptedTextField(_("Role Details"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("perpetrator")
        verbose_name_plural = _("perpetrators")

    def __str__(self) -> str:
        return str(self.person)


class CaseComment(models.Model):
    """A dated note on a case (HTCDS cco_)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cco_CaseComment = EncryptedTextField(_("Case Comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case comment")
        verbose_name_plural = _("case comments")

    def __str__(self) -> str:
        return f"{self.case} {self.created_at:%Y-%m-%d}"


class TraffickingEvent(models.Model):
    """A historic trafficking event: recruitment, transit or exploitation (hte_)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    hte_Type = models.CharField(
        _("Type"), max_length=20, choices=TraffickingEventType.choices
    )
    hte_Date = models.DateField(_("Date"), null=True, blank=True)
    hte_Country = CountryField(_("Country"), blank=True)
    location = models.ForeignKey(
        "places.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Place in Mongolia"),
    )
    hte_State = models.CharField(_("State"), max_length=100, blank=True)
    hte_City = models.CharField(_("City"), max_length=100, blank=True)
    hte_Street = EncryptedCharField(_("Street"), max_length=200, blank=True)
    hte_PostalCode = EncryptedCharField(_("PostalCode"), max_length=20, blank=True)
    hte_Latitude = EncryptedDecimalField(
        _("Latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    hte_Longitude = EncryptedDecimalField(
        _("Longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    hte_Description = EncryptedTextField(_("Description"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["hte_Date", "id"]
        verbose_name = _("trafficking event")
        verbose_name_plural = _("trafficking events")

    def __str__(self) -> str:
        return f"{self.get_hte_Type_display()} {self.hte_Date or ''}".strip()


class ConsentPurpose(models.TextChoices):
    PERSONAL_DATA = "PersonalData", _("Recording and managing personal data")
    REFERRAL = "Referral", _("Sharing data with another organisation for referral")
    CONTACT = "Contact", _("Being contacted for follow-up")
    ANONYMISED_STATISTICS = "AnonymisedStatistics", _("Use in anonymised statistics")


class ConsentMethod(models.TextChoices):
    VERBAL = "Verbal", _("Verbal")
    WRITTEN = "Written", _("Written (signed form)")


class ShareSection(models.TextChoices):
    """The parts of a case a person may agree to share with another
    organisation. Comments and perpetrators are never shared."""

    IDENTITY = "identity", _("Identity: name, sex, birth date, citizenship, language")
    CONTACT = "contact", _("Contact: phone, e-mail, address, identity number")
    EXPLOITATION = "exploitation", _("What happened: exploitation and events")
    IDENTIFICATION = "identification", _("Identification: status and screenings")
    ASSISTANCE = "assistance", _("Assistance: support plans and services received")


class Consent(models.Model):
    """A consent given or refused (HTCDS con_Consent) for one purpose; for
    referral, to which organisations and which parts of the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    con_Consent = models.BooleanField(_("Consent"), default=False)
    purpose = models.CharField(
        _("purpose"), max_length=30, choices=ConsentPurpose.choices
    )
    method = models.CharField(
        _("how it was given"),
        max_length=10,
        choices=ConsentMethod.choices,
        default=ConsentMethod.VERBAL,
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("organisations it may be shared with"),
    )
    sections = models.JSONField(
        _("parts of the case that may be shared"), default=list, blank=True
    )
    given_on = models.DateField(_("date"), default=timezone.localdate)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-created_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.con_Consent}"

    @property
    def is_in_force(self) -> bool:
        return self.con_Consent and self.withdrawn_on is None

    @property
    def section_labels(self) -> list[str]:
        labels = dict(ShareSection.choices)
        return [labels[s] for s in self.sections if s in labels]


class TraffickingStatusDecision(models.Model):
    """A decision on the person's trafficking status (HTCDS vic_TraffickingStatus
    and vic_TraffickingStatusDecisionMakingOrg): who decided, when, on what
    basis. The victim context carries the status of the latest decision in
    force; the decisions themselves are the status history."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        IN_FORCE = "in_force", _("in force")
        REJECTED = "rejected", _("not approved")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="status_decisions"
    )
    vic_TraffickingStatus = models.CharField(
        _("Trafficking Status"), max_length=40, choices=TraffickingStatus.choices
    )
    vic_TraffickingStatusDecisionMakingOrg = models.CharField(
        _("Trafficking Status Decision Making Organization"),
        max_length=40,
        choices=TraffickingStatusDecisionMakingOrg.choices,
    )
    deciding_body = models.CharField(
        _("deciding body"),
        max_length=200,
        blank=True,
        help_text=_(
            "The name of the office or body, e.g. the aimag police department."
        ),
    )
    decided_on = models.DateField(_("date of the decision"))
    screening = models.ForeignKey(
        "screening.Screening",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("screening it is based on"),
    )
    basis = EncryptedTextField(
        _("basis of the decision"),
        blank=True,
        help_text=_("What the decision rests on: interviews, documents, findings."),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved or declined by"),
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = EncryptedTextField(_("note on the approval"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-decided_on", "-created_at"]
        verbose_name = _("trafficking-status decision")
        verbose_name_plural = _("trafficking-status decisions")

    def __str__(self) -> str:
        return f"{self.get_vic_TraffickingStatus_display()} {self.decided_on}"
