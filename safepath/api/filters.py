"""The query parameters of the lists, checked (a bad one is a 400 naming it).

No parameter takes a name or any other personal value: query strings end up
in logs and browser histories."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from safepath.htcds.choices import CaseStatus, OrgType
from safepath.places.models import UnitType
from safepath.referrals.models import ReferralStatus

MAX_LEVEL = 32767


class CaseFilters(serializers.Serializer):
    status = serializers.MultipleChoiceField(
        choices=CaseStatus.choices,
        required=False,
        help_text=_("cas_Status; repeat the parameter for several."),
    )
    organisation = serializers.SlugField(
        required=False, help_text=_("Code of one of your organisations.")
    )
    opened_after = serializers.DateField(
        required=False, help_text=_("Opened on or after this date.")
    )
    opened_before = serializers.DateField(
        required=False, help_text=_("Opened on or before this date.")
    )
    updated_since = serializers.DateTimeField(
        required=False,
        help_text=_(
            "Changed at or after this time (ISO 8601), for keeping a copy in sync."
        ),
    )


class PersonFilters(serializers.Serializer):
    updated_since = serializers.DateTimeField(
        required=False, help_text=_("Changed at or after this time (ISO 8601).")
    )


class ReferralFilters(serializers.Serializer):
    direction = serializers.ChoiceField(
        choices=[("sent", _("sent")), ("received", _("received"))],
        required=False,
        help_text=_("Only those sent from your cases, or received by you."),
    )
    status = serializers.ChoiceField(choices=ReferralStatus.choices, required=False)
    sent_since = serializers.DateTimeField(required=False)


class ScreeningFilters(serializers.Serializer):
    # A ChoiceField: a BooleanField takes a missing query parameter for false.
    completed = serializers.ChoiceField(
        choices=["true", "false"],
        required=False,
        help_text=_("Only completed screenings, or only those not completed."),
    )
    interviewed_after = serializers.DateField(required=False)
    interviewed_before = serializers.DateField(required=False)


class PicklistFilters(serializers.Serializer):
    field = serializers.CharField(
        required=False, max_length=64, help_text=_("One HTCDS field, e.g. prs_Gender.")
    )
    language = serializers.ChoiceField(
        choices=["mn", "en", "fr"],
        required=False,
        help_text=_("The labels' language; Mongolian unless chosen."),
    )


class PlaceFilters(serializers.Serializer):
    level = serializers.IntegerField(required=False, min_value=0, max_value=MAX_LEVEL)
    parent = serializers.CharField(
        required=False, max_length=64, help_text=_("Code of the parent place.")
    )
    unit_type = serializers.ChoiceField(choices=UnitType.choices, required=False)


class OrganisationFilters(serializers.Serializer):
    org_Type = serializers.ChoiceField(choices=OrgType.choices, required=False)
