import json

from django.db import transaction

from safepath.audit.services import audit_record
from safepath.xlsforms import conversion, engine
from safepath.xlsforms.models import Section, SectionAnswers


class StaleAnswers(Exception):
    """Someone saved the answers since the form was opened."""


def section_upload(
    *, organisation, attaches_to: str, name: str, content: bytes, actor
) -> Section:
    """Convert and store an XLSForm (raises conversion.FormRefused). A form
    with the form_id of one in use replaces it."""
    converted = conversion.convert(name, content)
    spec = converted.spec
    with transaction.atomic():
        Section.objects.select_for_update().filter(
            organisation=organisation,
            attaches_to=attaches_to,
            form_id=spec["form_id"],
            is_active=True,
        ).update(is_active=False)
        section = Section.objects.create(
            organisation=organisation,
            attaches_to=attaches_to,
            form_id=spec["form_id"],
            title=spec["title"],
            version=spec["version"],
            spec=spec,
            xform=converted.xform,
            file_name=name[:255],
            uploaded_by=actor,
        )
        audit_record(
            actor=actor,
            action="section.upload",
            target=section,
            organisation_id=organisation.pk,
        )
    return section


def section_set_active(*, section: Section, active: bool, actor) -> Section:
    with transaction.atomic():
        if active:
            Section.objects.filter(
                organisation_id=section.organisation_id,
                attaches_to=section.attaches_to,
                form_id=section.form_id,
                is_active=True,
            ).exclude(pk=section.pk).update(is_active=False)
        section.is_active = active
        section.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="section.use" if active else "section.retire",
            target=section,
            organisation_id=section.organisation_id,
        )
    return section


def _record_kwargs(record) -> dict:
    from safepath.cases.models import Case

    return {"case": record} if isinstance(record, Case) else {"screening": record}


def answers_of(*, section: Section, record) -> SectionAnswers | None:
    return SectionAnswers.objects.filter(
        form_id=section.form_id, **_record_kwargs(record)
    ).first()


def answers_record_view(*, answers: SectionAnswers, record, actor) -> None:
    audit_record(
        actor=actor,
        action="section.view",
        target=answers,
        organisation_id=record.organisation_id,
    )


def answers_save(
    *,
    section: Section,
    record,
    values: dict[str, str],
    counts: dict[str, int],
    expected_version: int,
    actor,
    language: str = "",
) -> tuple[SectionAnswers | None, engine.Evaluation]:
    """Check the answers as the form says and, if they pass, save them.

    Returns (saved answers, evaluation); nothing is saved when the evaluation
    has errors. Raises StaleAnswers if someone saved since expected_version.
    """
    evaluation = engine.evaluate(section.spec, values, counts, language)
    if evaluation.errors:
        return None, evaluation
    nested = engine.nest(section.spec["children"], evaluation.values, counts)
    with transaction.atomic():
        answers = (
            SectionAnswers.objects.select_for_update()
            .filter(form_id=section.form_id, **_record_kwargs(record))
            .first()
        )
        if answers is None:
            if expected_version != 0:
                raise StaleAnswers
            answers = SectionAnswers(
                form_id=section.form_id, **_record_kwargs(record), version=0
            )
            before: dict[str, str] = {}
        else:
            if answers.version != expected_version:
                raise StaleAnswers
            before = engine.flatten(answers.section.spec["children"], answers.answers)
        after = engine.flatten(section.spec["children"], nested)
        changed = sorted(
            key
            for key in before.keys() | after.keys()
            if before.get(key) != after.get(key)
        )
        answers.section = section
        answers.answers_json = json.dumps(nested, ensure_ascii=False)
        answers.version += 1
        answers.updated_by = actor
        answers.save()
        audit_record(
            actor=actor,
            action="section.update",
            target=answers,
            organisation_id=record.organisation_id,
            fields=changed,
        )
    return answers, evaluation
