from django.core.management.base import BaseCommand, CommandError

from safepath.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chain from its first entry. Exits with an "
        "error naming the first entry that was altered, removed or inserted. "
        "Prints the head of the chain: keep that line somewhere else (a daily "
        "e-mail, a printout) and a rewrite of the whole trail shows too."
    )

    def handle(self, *args, **options):
        report = audit_chain_verify(
            progress=lambda n: self.stderr.write(f"  {n} entries checked...")
        )
        if not report.intact:
            raise CommandError(
                f"Audit trail broken: {report.problem}. "
                f"{report.checked} entries before it are intact."
            )
        self.stdout.write(
            f"Audit trail intact: {report.checked} entries; "
            f"head #{report.head_seq} {report.head_hash}"
        )
