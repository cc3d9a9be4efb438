"""Run in the scratch installation (manage.py shell) after the fault: every
case, referral and person is whole, and the audit chain verifies. Prints the
counts and every problem as JSON."""

import json
from collections import Counter

from django.core.management import call_command

from safepath.audit.models import AuditEvent
from safepath.cases.models import Case, Consent, VictimContext
from safepath.notifications.models import Notification
from safepath.people.models import Person
from safepath.referrals.models import Referral
from safepath.stats.models import CaseFact

problems = []
audited = set(
    AuditEvent.objects.filter(action="case.create").values_list("target_id", flat=True)
)
for case in Case.objects.all():
    if not VictimContext.objects.filter(case=case).exists():
        problems.append(f"case {case.pk} has no victim context")
    if str(case.pk) not in audited:
        problems.append(f"case {case.pk} has no case.create audit entry")
    if not CaseFact.objects.filter(case=case).exists():
        problems.append(f"case {case.pk} has no statistics row")
    if (
        VictimContext.objects.filter(
            case=case, vic_AgreementToManagePersonalData=True
        ).exists()
        and not Consent.objects.filter(case=case, purpose="PersonalData").exists()
    ):
        problems.append(f"case {case.pk} lacks the consent its registration records")
for person in Person.objects.filter(
    cases__isnull=True, perpetrator_contexts__isnull=True
):
    problems.append(f"person {person.pk} belongs to no case")
# A referral's audit entries name its case: one referral.send per referral.
sent = Counter(
    AuditEvent.objects.filter(action="referral.send").values_list(
        "target_id", flat=True
    )
)
referred = Counter(
    str(case_id) for case_id in Referral.objects.values_list("case_id", flat=True)
)
for case_id, count in referred.items():
    if sent[case_id] < count:
        problems.append(
            f"case {case_id}: {count} referrals, {sent[case_id]} referral.send entries"
        )
for referral in Referral.objects.all():
    if not Notification.objects.filter(url=referral.get_absolute_url()).exists():
        problems.append(f"referral {referral.pk} notified nobody")
try:
    call_command("verify_audit", verbosity=0)
except BaseException as error:  # noqa: BLE001 — SystemExit or CommandError
    problems.append(f"the audit chain does not verify: {error}")
print(
    json.dumps(
        {
            "cases": Case.objects.count(),
            "referrals": Referral.objects.count(),
            "problems": problems,
        }
    )
)
