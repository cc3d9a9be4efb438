from django.core.management.base import BaseCommand, CommandError

from safepath.accounts.models import User
from safepath.cases.models import Case
from safepath.cases.selectors import user_manages_case
from safepath.retention.forms import ASKED_REASONS
from safepath.retention.selectors import references_of
from safepath.retention.services import person_erase


class Command(BaseCommand):
    help = (
        "Destroy the personal data of the person of a case, as the case page's "
        "'Erase this person' does: names, contacts, numbers, addresses and the "
        "free text of all their cases; the cases stay, anonymous, for the "
        "statistics. The user must be a supervisor of the case's organisation. "
        "Cannot be undone; --dry-run lists the cases it would anonymise."
    )

    def add_arguments(self, parser):
        parser.add_argument("--case", required=True, metavar="REFERENCE")
        parser.add_argument(
            "--reason", required=True, choices=[value for value, _ in ASKED_REASONS]
        )
        parser.add_argument("--user", required=True, metavar="USERNAME")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, case: str, reason: str, user: str, dry_run: bool, **o):
        found = Case.objects.select_related("person").filter(reference=case).first()
        actor = User.objects.filter(username=user, is_active=True).first()
        if found is None:
            raise CommandError(f"No case has the reference {case!r}.")
        if actor is None or not user_manages_case(user=actor, case=found):
            raise CommandError(
                f"{user!r} is not a supervisor of the case's organisation."
            )
        if found.person.erased_at is not None:
            raise CommandError("This person's data has already been erased.")
        references = references_of(case=found)
        if dry_run:
            self.stdout.write("Would anonymise: " + ", ".join(references))
            return
        record = person_erase(person=found.person, actor=actor, reason=reason)
        self.stdout.write(
            f"Erased person {record.person_id}; anonymised: {', '.join(references)}"
        )
