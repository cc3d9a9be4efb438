from django.core.management.base import BaseCommand

from safepath.stats.facts import facts_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the statistics table (one row of coded values per case) from "
        "the case tables. Saves keep it current; run this after loading data in "
        "bulk, and nightly as a check: it reports how many rows had drifted."
    )

    def handle(self, *args, **options):
        report = facts_rebuild()
        self.stdout.write(
            f"Statistics refreshed: {report['cases']} cases, "
            f"{report['changed']} rows had changed."
        )
