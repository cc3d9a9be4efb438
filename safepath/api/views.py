"""The REST API, /api/v1/: Django REST framework views over the selectors and
services of the other apps. Who may see what is theirs to decide; a record
the user may not open is a 404 here as on the web, and a list the user's
roles give no access to is a 404 too.

Every read of a person's data is audited ("api.<record>.list" or ".view");
reference data (picklists, places, organisations) holds none and is not."""

from uuid import UUID

from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepath.accounts.models import CASE_ROLES, SCREENING_ROLES
from safepath.accounts.selectors import user_has_role
from safepath.api import filters, records, selectors
from safepath.api.serializers import (
    CaseRowSerializer,
    CaseSerializer,
    ErrorSerializer,
    OrganisationSerializer,
    PersonSerializer,
    PicklistSerializer,
    PlaceSerializer,
    ReferralSerializer,
    ScreeningSerializer,
)
from safepath.api.services import api_case_register, api_record_read
from safepath.htcds.choices import COUNTRY, HTCDS_PICKLISTS, Language
from safepath.htcds.forms import picklist_values
from safepath.htcds.imports import htcds_check_row

MAX_TEXT = 10_000
DENIED = {401: ErrorSerializer, 404: ErrorSerializer}


def _require_role(user, roles) -> None:
    if not user_has_role(user=user, roles=roles):
        raise Http404


def _checked(filters_class, request: Request) -> dict:
    checked = filters_class(data=request.query_params)
    checked.is_valid(raise_exception=True)
    return checked.validated_data


class _List(generics.ListAPIView):
    """A page of records: the queryset, its records as dictionaries, and the
    audit of what the page shows."""

    roles: frozenset | None = None

    def records(self, page: list) -> list[dict]:
        raise NotImplementedError

    def audit(self, page: list, records: list[dict]) -> None:
        """Reference data holds no one's data: nothing to audit."""

    def list(self, request: Request, *args, **kwargs) -> Response:
        if self.roles is not None:
            _require_role(request.user, self.roles)
        page = list(self.paginate_queryset(self.get_queryset()))
        shown = self.records(page)
        self.audit(page, shown)
        data = self.get_serializer(shown, many=True).data
        return self.get_paginated_response(data)


# --- Cases ---------------------------------------------------------------------------
class CaseList(_List):
    serializer_class = CaseSerializer
    roles = CASE_ROLES

    def get_queryset(self):
        cases = selectors.api_cases_for_user(user=self.request.user)
        given = _checked(filters.CaseFilters, self.request)
        if given.get("status"):
            cases = cases.filter(cas_Status__in=given["status"])
        if "organisation" in given:
            cases = cases.filter(organisation__code=given["organisation"])
        if "opened_after" in given:
            cases = cases.filter(opened_on__gte=given["opened_after"])
        if "opened_before" in given:
            cases = cases.filter(opened_on__lte=given["opened_before"])
        if "updated_since" in given:
            cases = cases.filter(updated_at__gte=given["updated_since"])
        return cases

    def records(self, page: list) -> list[dict]:
        return [records.case_record(case) for case in page]

    def audit(self, page: list, shown: list[dict]) -> None:
        api_record_read(
            actor=self.request.user,
            action="api.case.list",
            reads=[(case, case.organisation_id) for case in page],
        )

    @extend_schema(
        parameters=[filters.CaseFilters],
        responses={200: CaseSerializer(many=True), **DENIED},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        """The cases you may open, the least recently changed first."""
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=CaseRowSerializer,
        responses={
            201: CaseSerializer,
            400: OpenApiResponse(
                description="Messages by field name (HTCDS column), "
                'e.g. {"prs_Gender": ["..."]}'
            ),
            409: ErrorSerializer,
            **DENIED,
        },
    )
    def post(self, request: Request) -> Response:
        """Register a person and open their case from one HTCDS row, checked
        as the HTCDS import checks a row of a file. Sending the same row again
        registers nothing (409)."""
        _require_role(request.user, CASE_ROLES)
        if not isinstance(request.data, dict):
            raise ValidationError(
                {"non_field_errors": [_("Send one JSON object: HTCDS names.")]}
            )
        values = dict(request.data)
        organisation = _organisation(request.user, values.pop("organisation", None))
        problems = _bad_values(values)
        if problems:
            raise ValidationError(problems)
        with transaction.atomic():
            row, problems = htcds_check_row(
                values=values, organisation=organisation, actor=request.user
            )
            if problems:
                raise ValidationError(problems)
            if row.seen:
                return Response(
                    {"detail": _("This row was registered before.")},
                    status=status.HTTP_409_CONFLICT,
                )
            case = api_case_register(
                row=row, organisation=organisation, actor=request.user
            )
        case = selectors.api_case_get_for_user(user=request.user, case_id=case.pk)
        return Response(
            CaseSerializer(records.case_record(case)).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("api:case", args=[case.pk])},
        )


def _organisation(user, code):
    """Where to register: the organisation named, or the user's only one."""
    mine = selectors.registering_organisations(user)
    if code is None:
        if len(mine) == 1:
            return mine[0]
        message = _("You work for several organisations: give the code of one.")
    else:
        found = mine.filter(code=str(code)).first() if isinstance(code, str) else None
        if found is not None:
            return found
        message = _("You cannot register cases in this organisation.")
    raise ValidationError({"organisation": [message]})


def _bad_value(value) -> str:
    """Why a value cannot be a cell of an HTCDS row, or ""."""
    if isinstance(value, list):
        if any(isinstance(v, list | dict) for v in value):
            return _("Write a list of values.")
        return next((problem for v in value if (problem := _bad_value(v))), "")
    if value is None or isinstance(value, bool | int | float):
        return ""
    if not isinstance(value, str):
        return _("Write text, a number, true or false, or a list.")
    if len(value) > MAX_TEXT:
        return _("Too long: at most %(limit)d characters.") % {"limit": MAX_TEXT}
    if "\x00" in value or _unencodable(value):
        return _("This text holds characters that are not allowed.")
    return ""


def _unencodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _bad_values(values: dict) -> dict[str, list[str]]:
    return {
        name: [problem]
        for name, value in values.items()
        if (problem := _bad_value(value))
    }


class CaseDetail(generics.RetrieveAPIView):
    serializer_class = CaseSerializer

    @extend_schema(responses={200: CaseSerializer, **DENIED})
    def get(self, request: Request, case_id: UUID) -> Response:
        """One case you may open."""
        case = selectors.api_case_get_for_user(user=request.user, case_id=case_id)
        api_record_read(
            actor=request.user,
            action="api.case.view",
            reads=[(case, case.organisation_id)],
        )
        return Response(self.get_serializer(records.case_record(case)).data)


# --- Persons -------------------------------------------------------------------------
class PersonList(_List):
    serializer_class = PersonSerializer
    roles = CASE_ROLES

    def get_queryset(self):
        people = selectors.api_persons_for_user(user=self.request.user)
        given = _checked(filters.PersonFilters, self.request)
        if "updated_since" in given:
            people = people.filter(updated_at__gte=given["updated_since"])
        return people

    def records(self, page: list) -> list[dict]:
        return [records.person_record(person) for person in page]

    def audit(self, page: list, shown: list[dict]) -> None:
        api_record_read(
            actor=self.request.user,
            action="api.person.list",
            reads=[(p, p.visible_cases[0].organisation_id) for p in page],
        )

    @extend_schema(
        parameters=[filters.PersonFilters],
        responses={200: PersonSerializer(many=True), **DENIED},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        """The people of the cases you may open (victims; perpetrators are
        not given), the least recently changed first."""
        return super().get(request, *args, **kwargs)


class PersonDetail(generics.RetrieveAPIView):
    serializer_class = PersonSerializer

    @extend_schema(responses={200: PersonSerializer, **DENIED})
    def get(self, request: Request, person_id: UUID) -> Response:
        """One person of a case you may open."""
        person = selectors.api_person_get_for_user(
            user=request.user, person_id=person_id
        )
        api_record_read(
            actor=request.user,
            action="api.person.view",
            reads=[(person, person.visible_cases[0].organisation_id)],
        )
        return Response(self.get_serializer(records.person_record(person)).data)


# --- Referrals -----------------------------------------------------------------------
def _referral_records(user, referrals: list, action: str) -> list[dict]:
    sides = selectors.referral_sides(user=user, referrals=referrals)
    api_record_read(
        actor=user,
        action=action,
        reads=[
            (r.case, records.referral_organisation(r, sides[r.pk])) for r in referrals
        ],
    )
    return [records.referral_record(r, sides[r.pk]) for r in referrals]


class ReferralList(_List):
    serializer_class = ReferralSerializer
    roles = CASE_ROLES

    def get_queryset(self):
        given = _checked(filters.ReferralFilters, self.request)
        referrals = selectors.api_referrals_for_user(
            user=self.request.user, direction=given.get("direction", "")
        )
        if "status" in given:
            referrals = referrals.filter(status=given["status"])
        if "sent_since" in given:
            referrals = referrals.filter(sent_at__gte=given["sent_since"])
        return referrals

    def records(self, page: list) -> list[dict]:
        # Audited under the referred case, as the web's referral page does.
        return _referral_records(self.request.user, page, "api.referral.list")

    @extend_schema(
        parameters=[filters.ReferralFilters],
        responses={200: ReferralSerializer(many=True), **DENIED},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        """Referrals sent from the cases you may open and received by your
        organisations, the newest first."""
        return super().get(request, *args, **kwargs)


class ReferralDetail(generics.RetrieveAPIView):
    serializer_class = ReferralSerializer

    @extend_schema(responses={200: ReferralSerializer, **DENIED})
    def get(self, request: Request, referral_id: UUID) -> Response:
        """One referral you sent or received."""
        referral = selectors.api_referral_get_for_user(
            user=request.user, referral_id=referral_id
        )
        shown = _referral_records(request.user, [referral], "api.referral.view")
        return Response(self.get_serializer(shown[0]).data)


# --- Screenings ----------------------------------------------------------------------
class ScreeningList(_List):
    serializer_class = ScreeningSerializer
    roles = SCREENING_ROLES

    def get_queryset(self):
        screenings = selectors.api_screenings_for_user(user=self.request.user)
        given = _checked(filters.ScreeningFilters, self.request)
        if "completed" in given:
            completed = given["completed"] == "true"
            screenings = screenings.filter(completed_at__isnull=not completed)
        if "interviewed_after" in given:
            screenings = screenings.filter(
                interviewed_on__gte=given["interviewed_after"]
            )
        if "interviewed_before" in given:
            screenings = screenings.filter(
                interviewed_on__lte=given["interviewed_before"]
            )
        return screenings.order_by("-interviewed_on", "-created_at", "id")

    def records(self, page: list) -> list[dict]:
        return [records.screening_record(s) for s in page]

    def audit(self, page: list, shown: list[dict]) -> None:
        api_record_read(
            actor=self.request.user,
            action="api.screening.list",
            reads=[(s, s.organisation_id) for s in page],
        )

    @extend_schema(
        parameters=[filters.ScreeningFilters],
        responses={200: ScreeningSerializer(many=True), **DENIED},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        """Screenings of your organisations; one attached to a case only if
        you may open the case. The most recent interview first."""
        return super().get(request, *args, **kwargs)


class ScreeningDetail(generics.RetrieveAPIView):
    serializer_class = ScreeningSerializer

    @extend_schema(responses={200: ScreeningSerializer, **DENIED})
    def get(self, request: Request, screening_id: UUID) -> Response:
        """One screening you may open."""
        screening = selectors.api_screening_get_for_user(
            user=request.user, screening_id=screening_id
        )
        api_record_read(
            actor=request.user,
            action="api.screening.view",
            reads=[(screening, screening.organisation_id)],
        )
        return Response(self.get_serializer(records.screening_record(screening)).data)


# --- Reference data ------------------------------------------------------------------
def _picklists() -> dict[str, list[tuple[str, str]]]:
    """Every HTCDS picklist field with its values and labels: the standard's,
    the languages' (ISO 639-2) and the countries (ISO 3166)."""
    found = {name: list(choices.choices) for name, choices in HTCDS_PICKLISTS.items()}
    found["prs_PrimaryLanguage"] = found["prs_SecondaryLanguage"] = list(
        Language.choices
    )
    countries = sorted(
        ((v.value, v.label) for v in picklist_values(COUNTRY)), key=lambda c: c[0]
    )
    found["prs_Citizenship"] = found["prs_MailingCountry"] = countries
    return found


class PicklistList(APIView):
    @extend_schema(
        parameters=[filters.PicklistFilters],
        responses={200: PicklistSerializer(many=True), 401: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        """The values of every HTCDS picklist, with their labels."""
        given = _checked(filters.PicklistFilters, request)
        with translation.override(given.get("language") or translation.get_language()):
            picklists = [
                {
                    "field": name,
                    "values": [
                        {"value": value, "label": str(label)} for value, label in values
                    ],
                }
                for name, values in sorted(_picklists().items())
                if given.get("field") in (None, name)
            ]
        return Response(PicklistSerializer(picklists, many=True).data)


class PlaceList(_List):
    serializer_class = PlaceSerializer

    def get_queryset(self):
        given = _checked(filters.PlaceFilters, self.request)
        return selectors.places(
            level=given.get("level"),
            parent=given.get("parent", ""),
            unit_type=given.get("unit_type", ""),
        )

    def records(self, page: list) -> list[dict]:
        return [records.place_record(place) for place in page]

    @extend_schema(
        parameters=[filters.PlaceFilters],
        responses={200: PlaceSerializer(many=True), 401: ErrorSerializer},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        """Places of the administrative hierarchy, by path (a place before
        those under it)."""
        return super().get(request, *args, **kwargs)


class PlaceDetail(generics.RetrieveAPIView):
    serializer_class = PlaceSerializer

    @extend_schema(responses={200: PlaceSerializer, **DENIED})
    def get(self, request: Request, place_id: int) -> Response:
        place = selectors.place_get(place_id=place_id)
        return Response(self.get_serializer(records.place_record(place)).data)


class OrganisationList(_List):
    serializer_class = OrganisationSerializer

    def get_queryset(self):
        given = _checked(filters.OrganisationFilters, self.request)
        return selectors.directory_organisations(org_type=given.get("org_Type", ""))

    def records(self, page: list) -> list[dict]:
        return [records.organisation_record(o) for o in page]

    @extend_schema(
        parameters=[filters.OrganisationFilters],
        responses={200: OrganisationSerializer(many=True), 401: ErrorSerializer},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        """The network's active organisations and the services they offer."""
        return super().get(request, *args, **kwargs)


class OrganisationDetail(generics.RetrieveAPIView):
    serializer_class = OrganisationSerializer

    @extend_schema(responses={200: OrganisationSerializer, **DENIED})
    def get(self, request: Request, code: str) -> Response:
        organisation = selectors.directory_organisation_get(code=code)
        return Response(
            self.get_serializer(records.organisation_record(organisation)).data
        )
