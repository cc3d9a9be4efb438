"""Write docs/data-model.md from the models: .venv/bin/python docs/data_model.py"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safepath.settings")
os.environ.setdefault("SAFEPATH_DEMO", "1")

MODELS = [
    "organisations.Organisation", "accounts.User", "accounts.Membership",
    "people.Person", "people.PersonSearchToken", "cases.Case", "cases.VictimContext",
    "cases.PerpetratorContext", "cases.CaseComment", "cases.TraffickingEvent",
    "cases.Consent", "places.Location", "audit.AuditEvent", "audit.AuditChainHead",
    "htcds.PicklistValue", "cases.TraffickingStatusDecision",
    "screening.IndicatorSet", "screening.Screening", "screening.AssessmentTemplate",
    "screening.Assessment", "assistance.SupportPlan", "assistance.ServiceDelivered",
    "assistance.FollowUpTask", "directory.ServiceOffer", "referrals.Referral",
    "notifications.Notification", "hotline.Contact", "knowledge.Article",
    "public.ResourceCentre", "public.AnonymousReport", "prevention.Module",
    "prevention.Question", "prevention.Training", "prevention.Participant",
    "prevention.Attendance", "prevention.TestResult", "prevention.FollowUpSurvey",
    "prevention.Campaign", "prevention.Activity", "prevention.Reach",
    "stats.Indicator", "stats.CaseFact", "stats.ServiceFact",
    "dedup.MatchPair", "dedup.Merge",
    "xlsforms.Section", "xlsforms.SectionAnswers",
    "ctdc.CtdcRecord",
    "api.ApiToken",
    "retention.ErasureRecord", "retention.RetentionRule", "retention.RetentionRun",
    "jobs.Job", "jobs.JobInput", "jobs.JobOutput",
    "openrosa.Device", "openrosa.Submission", "openrosa.Attachment",
    "backups.BackupRecord",
]  # fmt: skip
HTCDS_PREFIXES = (
    "org_", "prs_", "vic_", "per_", "cas_", "cco_", "hte_", "con_", "spl_",
)  # fmt: skip


def describe(field) -> str:
    from safepath.lib.fields import EncryptedMixin

    if field.many_to_many and field.related_model._meta.label == "htcds.PicklistValue":
        return "multi-select: " + field.remote_field.limit_choices_to["picklist"]
    if field.is_relation:
        return f"→ {field.related_model._meta.label}"
    kind = "picklist" if getattr(field, "choices", None) else type(field).__name__
    if isinstance(field, EncryptedMixin):
        kind = f"**encrypted** {kind.removeprefix('Encrypted')}"
    return kind


def main() -> None:
    import django

    django.setup()
    from django.apps import apps
    from django.utils import translation

    translation.activate("en")
    out = [
        "# Data model",
        "",
        "Written by `docs/data_model.py` from the models. HTCDS 2.0 fields keep",
        "their names (`prefix_CamelCase`); Safepath's additions are snake_case.",
        "Multi-selects are many-to-many relations to `htcds.PicklistValue`;",
        "**encrypted** fields are stored encrypted and cannot be filtered on",
        "(see decisions.md).",
        "",
    ]
    for label in MODELS:
        model = apps.get_model(label)
        doc = (model.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        out += [f"## {label}", "", doc, "", "| field | HTCDS | type | label |",
                "| --- | --- | --- | --- |"]  # fmt: skip
        fields = [f for f in model._meta.get_fields() if f.concrete or f.many_to_many]
        if label == "accounts.User":
            out.append(
                "| (Django's user fields) | | | username, names, email, "
                "password (Argon2), is_superuser = platform admin |"
            )
            fields = [
                f for f in fields if f.name in ("language", "password_change_required")
            ]
        for f in fields:
            htcds = "yes" if f.name.startswith(HTCDS_PREFIXES) else ""
            label_text = getattr(f, "verbose_name", "")
            out.append(f"| `{f.name}` | {htcds} | {describe(f)} | {label_text} |")
        out.append("")
    (ROOT / "docs" / "data-model.md").write_text("\n".join(out))


if __name__ == "__main__":
    main()
