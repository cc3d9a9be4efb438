from django.core.management.base import BaseCommand

from safepath.referrals.services import notify_overdue


class Command(BaseCommand):
    help = (
        "Notify both organisations of each referral past its answer time "
        "(once per referral). Run it every few minutes from cron or a timer."
    )

    def handle(self, *args, **options) -> None:
        count = notify_overdue()
        self.stdout.write(f"{count} overdue referral(s) notified.")
