from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceType(models.TextChoices):
    """The kinds of help the network gives: what the directory lists, what a
    referral asks for and what a case records as delivered. HTCDS has no list
    for them; these follow the programme's assistance package."""

    SHELTER = "Shelter", _("Shelter")
    MEDICAL = "Medical", _("Medical care")
    PSYCHOSOCIAL = "Psychosocial", _("Psychosocial support")
    LEGAL_AID = "LegalAid", _("Legal aid")
    LIVELIHOOD = "Livelihood", _("Livelihood support")
    FINANCIAL = "Financial", _("Financial support")
    EDUCATION = "Education", _("Education and training")
    FAMILY_TRACING = "FamilyTracing", _("Family tracing")
    RETURN_AND_REINTEGRATION = "ReturnAndReintegration", _("Return and reintegration")
    INTERPRETATION = "Interpretation", _("Interpretation")
    TRANSPORT = "Transport", _("Transport")
    OTHER = "Other", _("Other")
