from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from safepath.accounts.models import Role
from safepath.accounts.selectors import organisation_ids_for
from safepath.xlsforms.models import Section, SectionAnswers

# Who may upload and retire an organisation's forms.
FORM_MANAGER_ROLES = frozenset({Role.SUPERVISOR, Role.ORG_ADMIN})


def managed_organisation_ids(user) -> list[int]:
    return organisation_ids_for(user=user, roles=FORM_MANAGER_ROLES)


def sections_managed_by(user) -> QuerySet[Section]:
    return Section.objects.filter(organisation_id__in=managed_organisation_ids(user))


def section_get_for_manager(*, user, section_id: UUID) -> Section:
    try:
        return sections_managed_by(user).get(pk=section_id)
    except Section.DoesNotExist:
        raise Http404 from None


def active_sections(*, organisation_id: int, attaches_to: str) -> QuerySet[Section]:
    return Section.objects.filter(
        organisation_id=organisation_id, attaches_to=attaches_to, is_active=True
    )


def section_for_record(
    *, section_id: UUID, organisation_id: int, attaches_to: str
) -> Section:
    """An active section of the record's organisation, for the record's kind.
    The record itself must already have been got through its own selector
    (case_for_update, screening_get_for_user): that is the access check."""
    try:
        return active_sections(
            organisation_id=organisation_id, attaches_to=attaches_to
        ).get(pk=section_id)
    except Section.DoesNotExist:
        raise Http404 from None


def sections_of_record(*, organisation_id: int, attaches_to: str, record) -> list:
    """(section, answers or None) of each form in use for the record. Answers
    to a retired form stay stored, and come back if it is uploaded again."""
    field = attaches_to
    answers = {
        a.form_id: a
        for a in SectionAnswers.objects.filter(**{field: record}).select_related(
            "section", "updated_by"
        )
    }
    rows = []
    for section in active_sections(
        organisation_id=organisation_id, attaches_to=attaches_to
    ):
        rows.append((section, answers.pop(section.form_id, None)))
    return rows
