"""Prevention work: frontline trainings with their participants, attendance
and pre/post tests, and awareness campaigns with their reach.

Participants are professionals, not victims, but their names and contact
details are still personal data: encrypted, shown only to the organising
organisation's prevention staff, and contact details kept only with consent.
"""

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safepath.htcds.choices import Gender
from safepath.lib.fields import EncryptedCharField, EncryptedTextField
from safepath.lib.languages import in_language

# A training longer than this is a programme, not an event: split it.
MAX_TRAINING_DAYS = 31


class Sector(models.TextChoices):
    SOCIAL_WORK = "SocialWork", _("Social worker")
    MEDICAL = "Medical", _("Medical staff")
    EDUCATION = "Education", _("Educator")
    RECRUITMENT = "Recruitment", _("Recruitment agent")
    POLICE = "Police", _("Police")
    BUSINESS = "Business", _("Business or company representative")
    COMMUNITY_LEADER = "CommunityLeader", _("Community leader")
    OTHER = "Other", _("Other")


class Module(models.Model):
    """A subject a training covers. The built-in modules (no organisation)
    and their questions come from data/question_bank.json; an organisation
    adds its own."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="training_modules",
        verbose_name=_("organisation"),
    )
    key = models.CharField(max_length=40, blank=True)
    name_mn = models.CharField(_("name in Mongolian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    name_fr = models.CharField(_("name in French"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["organisation_id", "position", "id"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(organisation=None),
                name="module_builtin_key_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("prevention:module_detail", args=[self.pk])

    @property
    def name(self) -> str:
        return in_language({"mn": self.name_mn, "en": self.name_en, "fr": self.name_fr})

    @property
    def is_builtin(self) -> bool:
        return self.organisation_id is None


class Question(models.Model):
    """A multiple-choice question: options are {"mn", "en", "fr"} texts and
    `correct` the index of the right one. A retired question stays for the
    results that used it."""

    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="questions"
    )
    key = models.CharField(max_length=40, blank=True)
    text_mn = models.TextField(_("question in Mongolian"))
    text_en = models.TextField(_("question in English"), blank=True)
    text_fr = models.TextField(_("question in French"), blank=True)
    options = models.JSONField(default=list)
    correct = models.PositiveSmallIntegerField(_("correct answer"))
    position = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["module_id", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return in_language({"mn": self.text_mn, "en": self.text_en, "fr": self.text_fr})

    def option_texts(self, language: str | None = None) -> list[str]:
        return [in_language(option, language) for option in self.options]


class OpenTest(models.TextChoices):
    NONE = "", _("No test open")
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")
    FOLLOW_UP = "follow_up", _("Follow-up survey")


class Training(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="trainings",
        verbose_name=_("organising organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    location = models.ForeignKey(
        "places.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place"),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    modules = models.ManyToManyField(
        Module, related_name="trainings", verbose_name=_("modules covered")
    )
    facilitators = models.CharField(_("facilitators"), max_length=500, blank=True)
    co_organisers = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("co-organising organisations"),
    )
    funders = models.CharField(_("funded by"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    open_test = models.CharField(
        _("test open on participants' phones"),
        max_length=10,
        choices=OpenTest.choices,
        blank=True,
        default=OpenTest.NONE,
    )
    # The questions of the pre- and post-test, frozen when the first result
    # is recorded so that both tests ask the same.
    question_ids = models.JSONField(default=list, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        indexes = [models.Index(fields=["organisation", "-starts_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("prevention:training_detail", args=[self.pk])

    @property
    def days(self) -> list[date]:
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + timedelta(days=n) for n in range(max(count, 0))]


def new_token() -> str:
    return secrets.token_urlsafe(16)


class Participant(models.Model):
    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="participants"
    )
    name = EncryptedCharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    workplace = models.CharField(
        _("organisation they work for"), max_length=200, blank=True
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    gender = models.CharField(_("gender"), max_length=25, choices=Gender.choices)
    consent_to_contact = models.BooleanField(
        _("agrees to be contacted after the training"), default=False
    )
    phone = EncryptedCharField(_("phone"), max_length=40, blank=True)
    email = EncryptedCharField(_("e-mail"), max_length=200, blank=True)
    # The participant's own link to the tests on their phone: a random
    # capability, never their name or number.
    token = models.CharField(
        max_length=32, unique=True, default=new_token, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["training_id", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.name


class Attendance(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendance"
    )
    day = models.DateField()

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "day"], name="attendance_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.day}"


class TestKind(models.TextChoices):
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")


class ResultSource(models.TextChoices):
    PHONE = "phone", _("On the participant's phone")
    PAPER = "paper", _("Entered from paper")


class TestResult(models.Model):
    __test__ = False  # not a pytest test class
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="results"
    )
    kind = models.CharField(_("test"), max_length=4, choices=TestKind.choices)
    # {question id: index of the option chosen}; empty when only the score
    # was entered from a marked paper.
    answers = models.JSONField(default=dict, blank=True)
    score = models.PositiveSmallIntegerField(_("correct answers"))
    max_score = models.PositiveSmallIntegerField(_("questions"))
    source = models.CharField(max_length=5, choices=ResultSource.choices)
    taken_at = models.DateTimeField(_("taken at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["participant_id", "kind"]
        verbose_name = _("test result")
        verbose_name_plural = _("test results")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "kind"], name="test_result_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(score__lte=models.F("max_score")),
                name="test_result_score_within_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.score}/{self.max_score}"

    @property
    def percent(self) -> float:
        return 100 * self.score / self.max_score if self.max_score else 0.0


class UsedTraining(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class FollowUpSurvey(models.Model):
    """Months after the training: did the participant identify or refer
    anyone since?"""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="follow_up"
    )
    answered_on = models.DateField(_("answered on"))
    identified = models.PositiveSmallIntegerField(
        _("possible victims identified since the training")
    )
    referred = models.PositiveSmallIntegerField(
        _("people referred for help since the training")
    )
    used_training = models.CharField(
        _("used what the training taught"), max_length=6, choices=UsedTraining.choices
    )
    comments = EncryptedTextField(_("comments"), blank=True)
    source = models.CharField(max_length=5, choices=ResultSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("follow-up survey")
        verbose_name_plural = _("follow-up surveys")

    def __str__(self) -> str:
        return f"{self.participant_id} {self.answered_on}"


# --- Awareness campaigns -----------------------------------------------------


class Campaign(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("aims and messages"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    partners = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("partner organisations"),
    )
    other_partners = models.CharField(_("other partners"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("prevention:campaign_detail", args=[self.pk])


class ActivityKind(models.TextChoices):
    COMMUNITY_MEETING = "CommunityMeeting", _("Community meeting")
    SCHOOL_SESSION = "SchoolSession", _("School session")
    RADIO = "Radio", _("Radio")
    TV = "TV", _("Television")
    SOCIAL_MEDIA = "SocialMedia", _("Social media")
    POSTERS = "Posters", _("Posters and leaflets")
    BORDER_CROSSING = "BorderCrossing", _("Event at a border crossing")
    MINING_CAMP = "MiningCamp", _("Event at a mining camp")
    OTHER = "Other", _("Other event")


# Channels whose audience cannot be counted, only estimated.
MEDIA_KINDS = frozenset(
    {
        ActivityKind.RADIO,
        ActivityKind.TV,
        ActivityKind.SOCIAL_MEDIA,
        ActivityKind.POSTERS,
    }
)


class Audience(models.TextChoices):
    GENERAL_PUBLIC = "GeneralPublic", _("General public")
    MIGRANTS = "Migrants", _("Migrants and jobseekers")
    MINE_WORKERS = "MineWorkers", _("Mine workers")
    DRIVERS = "Drivers", _("Truck drivers")
    STUDENTS = "Students", _("Students")
    PARENTS = "Parents", _("Parents")
    EMPLOYERS = "Employers", _("Employers and recruiters")
    OFFICIALS = "Officials", _("Officials")
    OTHER = "Other", _("Other")


class AgeGroup(models.TextChoices):
    CHILD = "0-17", _("Under 18")
    YOUTH = "18-24", _("18 to 24")
    ADULT = "25-59", _("25 to 59")
    OLDER = "60+", _("60 and over")


# Reach is counted by these genders (a subset of HTCDS's).
REACH_GENDERS = (Gender.FEMININE, Gender.MASCULINE, Gender.NON_SPECIFIED_UNKNOWN)


class Activity(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("channel"), max_length=20, choices=ActivityKind.choices)
    held_on = models.DateField(_("date"))
    location = models.ForeignKey(
        "places.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place"),
    )
    place_detail = models.CharField(_("where exactly"), max_length=200, blank=True)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    materials = models.CharField(_("materials used"), max_length=300, blank=True)
    estimated_reach = models.PositiveIntegerField(
        _("estimated reach"), null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"

    @property
    def is_media(self) -> bool:
        return self.kind in MEDIA_KINDS


class Reach(models.Model):
    """People counted at an activity, by gender and age group."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="reach"
    )
    gender = models.CharField(max_length=25, choices=Gender.choices)
    age_group = models.CharField(max_length=5, choices=AgeGroup.choices)
    people = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "gender", "age_group"], name="reach_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.gender} {self.age_group}: {self.people}"
