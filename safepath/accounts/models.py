from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Supervisor")
    HOTLINE_OPERATOR = "hotline_operator", _("Hotline operator")
    OUTREACH_OFFICER = "outreach_officer", _("Outreach officer")
    DATA_ANALYST = "data_analyst", _("Data analyst")
    ORG_ADMIN = "org_admin", _("Organisation admin")


# What each role may do is written here, once; selectors use these sets.
CASE_ROLES = frozenset({Role.CASEWORKER, Role.SUPERVISOR})
CASE_MANAGER_ROLES = frozenset({Role.SUPERVISOR})
# Screening interviews are also done at the resource centre and on the hotline.
SCREENING_ROLES = CASE_ROLES | {Role.HOTLINE_OPERATOR}
# Who keeps the resource centre's and hotline's contact log.
CONTACT_ROLES = SCREENING_ROLES | {Role.OUTREACH_OFFICER}
STATISTICS_ROLES = frozenset({Role.DATA_ANALYST, Role.SUPERVISOR})
# Who plans trainings and campaigns and keeps their participants and reach.
PREVENTION_ROLES = frozenset({Role.OUTREACH_OFFICER, Role.SUPERVISOR})
# Who reads the prevention reports (aggregates, no participant's name).
PREVENTION_REPORT_ROLES = PREVENTION_ROLES | STATISTICS_ROLES
# Every role reads personal data (of victims, callers, participants or staff)
# except the analyst, who sees only aggregates: all others need 2FA.
ROLES_WITHOUT_PERSONAL_DATA = frozenset({Role.DATA_ANALYST})


class User(AbstractUser):
    """A person who works in Safepath. Platform admins are superusers."""

    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    password_change_required = models.BooleanField(default=False)

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    """A user's role in an organisation; a user may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["organisation__org_Name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"
