from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from safepath.organisations.models import Organisation
from safepath.retention.selectors import retention_due
from safepath.retention.services import retention_apply


class Command(BaseCommand):
    help = (
        "Apply each organisation's retention rule: destroy the personal data "
        "of every person whose cases are all closed, the last at least the "
        "rule's number of years ago (organisations without a rule, or with 0, "
        "are left alone). The cases stay, anonymous, for the statistics; each "
        "erasure is recorded and audited like one done by hand. With --dry-run, "
        "only list the cases that would be anonymised: the real run on the same "
        "day anonymises exactly these. Already erased people are skipped, so it "
        "can run again. Run it nightly (deploy/systemd/safepath-retention)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--organisation", metavar="CODE", help="only this organisation (its code)"
        )
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            type=date.fromisoformat,
            help="count the years up to this day instead of today",
        )

    def handle(self, *args, dry_run: bool, organisation=None, today=None, **options):
        scope = None
        if organisation:
            scope = Organisation.objects.filter(code=organisation).first()
            if scope is None:
                raise CommandError(f"No organisation has the code {organisation!r}.")
        as_of = today or timezone.localdate()
        if dry_run:
            due = retention_due(as_of=as_of, organisation=scope)
        else:
            _run, due = retention_apply(as_of=as_of, organisation=scope)
        for row in due:
            self.stdout.write(
                f"{row.reference}\tclosed {row.closed_on}\tdue {row.due_on}"
            )
        people = len({row.person_id for row in due})
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(f"As of {as_of}: {len(due)} cases of {people} people {verb}.")
