from django.core.management.base import BaseCommand, CommandError

from safepath.dedup.services import duplicates_find
from safepath.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Look for records of the same person among victims' records: within "
        "each organisation (pairs go to its supervisors' review queue) and, "
        "without --organisation, across organisations (near-certain pairs are "
        "counted as one person in statistics, never shown). Decisions already "
        "taken are kept. Run it nightly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organisation",
            metavar="CODE",
            help="only this organisation's records (its code)",
        )

    def handle(self, *args, organisation=None, **options):
        scope = None
        if organisation:
            scope = Organisation.objects.filter(code=organisation).first()
            if scope is None:
                raise CommandError(f"No organisation has the code {organisation!r}.")
        result = duplicates_find(organisation=scope)
        self.stdout.write(
            f"Compared {result.records} records: {result.pairs} likely pairs, "
            f"{result.new} new, {result.removed} no longer likely."
        )
