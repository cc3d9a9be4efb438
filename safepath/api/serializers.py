"""The shapes of the API's answers and of a new case, for the OpenAPI schema.

Case and person values are exports.case_values' (HTCDS names; codes for
picklists, places and organisations; dates as 2024-03-31; "" when unknown;
lists for multi-selects), so that a case read here is a row the HTCDS import
and POST /api/v1/cases/ read back unchanged. The serializers read the
dictionaries views.py makes of them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from safepath.cases.models import Case
from safepath.htcds.imports import COLUMNS, FIELDS, REQUIRED
from safepath.people.models import Person
from safepath.places.models import UnitType
from safepath.referrals.models import ReferralStatus, Urgency
from safepath.screening.models import Screening, Suggestion

# Safepath's own columns, given by the API under their own names.
OWN_COLUMNS = ("safepath_opened_on", "safepath_reference")
REFERENCE_FIELDS = {
    "cas_CaseOwner": _("Username of the case owner."),
    "cas_ReferringOrganisation": _("Code of an organisation (GET /organisations/)."),
    "cas_ReferredOrganisation": _("Code of an organisation (GET /organisations/)."),
    "vic_LocationOfRecruitment": _("Code of a place (GET /places/)."),
    "vic_LocationOfExploitation": _("Code of a place (GET /places/)."),
}


def _column_field(name: str, model, *, writing: bool) -> serializers.Field:
    """The API field of one HTCDS column, typed as case_values writes it."""
    options: dict = {"required": writing and name in REQUIRED}
    if not writing:
        options["read_only"] = True
    if name == "con_Consent":
        return serializers.BooleanField(
            help_text=_("The person agreed to their data being recorded."), **options
        )
    if name == "prs_Citizenship":
        return serializers.ListField(
            child=serializers.CharField(),
            help_text=_("ISO 3166 country codes (GET /picklists/)."),
            **options,
        )
    model_field = model._meta.get_field(FIELDS.get(name, name))
    label = REFERENCE_FIELDS.get(name) or model_field.verbose_name
    if isinstance(model_field, models.ManyToManyField):
        picklist = model_field.remote_field.limit_choices_to["picklist"]
        return serializers.ListField(
            child=serializers.CharField(),
            help_text=_("Values of the picklist %(picklist)s (GET /picklists/).")
            % {"picklist": picklist},
            **options,
        )
    if isinstance(model_field, models.BooleanField):
        return serializers.BooleanField(help_text=label, **options)
    if model_field.choices and not writing:
        return serializers.ChoiceField(
            choices=[("", "")] + list(model_field.flatchoices),
            help_text=label,
            **options,
        )
    return serializers.CharField(
        help_text=label, allow_blank=True, allow_null=writing, **options
    )


def _columns(*owners, writing: bool = False) -> dict[str, serializers.Field]:
    return {
        name: _column_field(name, model, writing=writing)
        for name, model in COLUMNS.items()
        if model in owners and (writing or name not in OWN_COLUMNS)
    }


def _serializer(name: str, fields: dict, doc: str) -> type[serializers.Serializer]:
    return type(name, (serializers.Serializer,), {**fields, "__doc__": doc})


CaseSerializer = _serializer(
    "CaseSerializer",
    {
        "id": serializers.UUIDField(read_only=True),
        "reference": serializers.CharField(read_only=True),
        "organisation": serializers.CharField(
            read_only=True, help_text=_("Code of the case's organisation.")
        ),
        "person": serializers.UUIDField(
            read_only=True, help_text=_("The person's id (GET /persons/{id}/).")
        ),
        "opened_on": serializers.DateField(read_only=True),
        "closed_on": serializers.DateField(read_only=True, allow_null=True),
        "next_follow_up": serializers.DateField(read_only=True, allow_null=True),
        "is_restricted": serializers.BooleanField(read_only=True),
        "created_at": serializers.DateTimeField(read_only=True),
        "updated_at": serializers.DateTimeField(read_only=True),
        **_columns(*set(COLUMNS.values())),
    },
    "A case with its person and victim context, under HTCDS names.",
)

CaseRowSerializer = _serializer(
    "CaseRowSerializer",
    {
        "organisation": serializers.SlugField(
            required=False,
            help_text=_(
                "Code of the organisation to register the case in; needed only "
                "by users who work for several."
            ),
        ),
        **_columns(*set(COLUMNS.values()), writing=True),
    },
    "One HTCDS row, as a row of the HTCDS import: the same columns, values "
    "and checks. Picklist values by code or by label in any language; "
    "several values as a list or separated by semicolons; yes/no as true or "
    "false.",
)

PersonSerializer = _serializer(
    "PersonSerializer",
    {
        "id": serializers.UUIDField(read_only=True),
        "organisation": serializers.CharField(read_only=True),
        "location": serializers.CharField(
            read_only=True,
            allow_null=True,
            help_text=_("Code of the place of residence (GET /places/)."),
        ),
        "birthdate_is_estimate": serializers.BooleanField(read_only=True),
        "cases": serializers.ListField(
            child=serializers.UUIDField(),
            read_only=True,
            help_text=_("The person's cases that you may open."),
        ),
        "created_at": serializers.DateTimeField(read_only=True),
        "updated_at": serializers.DateTimeField(read_only=True),
        **_columns(Person),
    },
    "A person of a case you may open, under HTCDS names.",
)


class ReferralSerializer(serializers.Serializer):
    """A referral sent from a case you may open, or received by your
    organisation. The receiver sees the message only while the person's
    consent covers some part of the case (as on the web)."""

    id = serializers.UUIDField(read_only=True)
    sides = serializers.ListField(
        child=serializers.ChoiceField(choices=["sent", "received"]), read_only=True
    )
    case = serializers.UUIDField(
        read_only=True,
        allow_null=True,
        help_text=_("The referred case, for the sender only."),
    )
    from_organisation = serializers.CharField(read_only=True)
    to_organisation = serializers.CharField(read_only=True)
    cas_ReasonForOutgoingReferral = serializers.ChoiceField(
        choices=Case._meta.get_field("cas_ReasonForOutgoingReferral").choices,
        read_only=True,
    )
    cas_OutgoingReferralDate = serializers.DateField(read_only=True)
    cas_OutgoingReferralDetails = serializers.CharField(read_only=True, allow_null=True)
    urgency = serializers.ChoiceField(choices=Urgency.choices, read_only=True)
    services_requested = serializers.ListField(
        child=serializers.CharField(), read_only=True
    )
    sections = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("The parts of the case shared, as the receiver may see them now."),
    )
    status = serializers.ChoiceField(choices=ReferralStatus.choices, read_only=True)
    sent_at = serializers.DateTimeField(read_only=True)
    respond_by = serializers.DateTimeField(read_only=True)
    responded_at = serializers.DateTimeField(read_only=True, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)
    receiver_case = serializers.UUIDField(
        read_only=True,
        allow_null=True,
        help_text=_("The receiver's case, for the receiver only."),
    )


class ScreeningSerializer(serializers.Serializer):
    """A screening interview on the ILO/EC indicators."""

    id = serializers.UUIDField(read_only=True)
    organisation = serializers.CharField(read_only=True)
    case = serializers.UUIDField(read_only=True, allow_null=True)
    indicator_set = serializers.CharField(
        read_only=True, help_text=_("Key and version of the indicator set.")
    )
    profile = serializers.ChoiceField(choices=Screening.Profile.choices, read_only=True)
    interviewed_on = serializers.DateField(read_only=True)
    alias = serializers.CharField(read_only=True)
    location = serializers.CharField(read_only=True, allow_null=True)
    from_paper = serializers.BooleanField(read_only=True)
    completed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    suggestion = serializers.ChoiceField(
        choices=[("", "")] + list(Suggestion.choices), read_only=True
    )
    conducted_by = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    answers = serializers.DictField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("The answer given to each indicator, by indicator code."),
    )


class PicklistValueSerializer(serializers.Serializer):
    value = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)


class PicklistSerializer(serializers.Serializer):
    """The values an HTCDS field takes, with their labels in the language
    asked for."""

    field = serializers.CharField(read_only=True)
    values = PicklistValueSerializer(many=True, read_only=True)


class PlaceSerializer(serializers.Serializer):
    """A place of the administrative hierarchy (country, aimag, soum...)."""

    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    parent = serializers.CharField(read_only=True, allow_null=True)
    level = serializers.IntegerField(read_only=True)
    unit_type = serializers.ChoiceField(choices=UnitType.choices, read_only=True)
    name_mn = serializers.CharField(read_only=True)
    name_latn = serializers.CharField(read_only=True)
    name_ascii = serializers.CharField(read_only=True)


class OrganisationSerializer(serializers.Serializer):
    """An organisation of the network, as the directory of services shows it."""

    code = serializers.CharField(read_only=True)
    org_Name = serializers.CharField(read_only=True)
    org_Type = serializers.CharField(read_only=True)
    org_Phone = serializers.CharField(read_only=True)
    org_ShippingStreet = serializers.CharField(read_only=True)
    org_ShippingCity = serializers.CharField(read_only=True)
    org_ShippingState = serializers.CharField(read_only=True)
    org_ShippingPostalCode = serializers.CharField(read_only=True)
    org_ShippingCountry = serializers.CharField(read_only=True)
    location = serializers.CharField(read_only=True, allow_null=True)
    services = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("Types of the services it offers (the directory)."),
    )


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(read_only=True)
