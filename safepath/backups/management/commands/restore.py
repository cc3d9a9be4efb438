import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from safepath.backups.archive import BackupError
from safepath.backups.database import database_vendor
from safepath.backups.selectors import backup_verify, restore_refusals
from safepath.backups.services import RestoreReport, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup into this installation, which must be empty (a new "
        "database, or one where only `migrate` has run) and use the same "
        "database system as the backup. Verifies the backup first and refuses, "
        "changing nothing, if it is damaged, cannot be opened with --identity, "
        "or the database holds data. Then restores the database and the "
        "uploaded files, checks the audit trail and compares the row counts "
        "with the backup's. Stop the application first. Asks for confirmation "
        "unless --yes. The keys of personal data are not in the backup: "
        "configure the same keys as the installation that made it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--identity", type=Path, required=True)
        parser.add_argument("--yes", action="store_true")

    def handle(self, *args, file: Path, identity: Path, yes: bool, **options):
        with tempfile.TemporaryDirectory(prefix="safepath-restore-") as work:
            try:
                verified = backup_verify(
                    path=file,
                    identity_file=identity,
                    work_dir=Path(work),
                    progress=self.stderr.write,
                    vendor=database_vendor(),
                )
                for line in verified.summary:
                    self.stdout.write(line)
                refusals = restore_refusals(backup=verified.backup)
                if refusals:
                    raise BackupError(" ".join(refusals))
                if not yes and not self._confirmed():
                    raise CommandError("Nothing restored.")
                report = backup_restore(
                    backup=verified.backup, progress=self.stderr.write
                )
            except BackupError as error:
                raise CommandError(f"Restore refused: {error}") from None
        self._report(report)

    def _confirmed(self) -> bool:
        name = connection.settings_dict["NAME"]
        self.stdout.write(
            f"Restore into the {connection.vendor} database {name}? Type yes: "
        )
        try:
            return input().strip().lower() == "yes"
        except EOFError:
            return False

    def _report(self, report: RestoreReport) -> None:
        self.stdout.write(f"{'table':<40} {'backup':>9} {'restored':>9}")
        for table, expected, restored in report.counts:
            if expected or restored:
                mark = "" if expected == restored else "  MISMATCH"
                self.stdout.write(f"{table:<40} {expected:>9} {restored!s:>9}{mark}")
        problems = []
        if report.mismatches:
            problems.append(f"{len(report.mismatches)} table(s) differ from the backup")
        if report.chain.intact:
            self.stdout.write(
                f"Audit trail intact: {report.chain.checked} entries; head "
                f"#{report.chain.head_seq} {report.chain.head_hash}"
            )
        else:
            problems.append(f"audit trail broken: {report.chain.problem}")
        if problems:
            raise CommandError("Restored, but " + "; ".join(problems) + ".")
        self.stdout.write(
            f"Restored {report.record.file_name}: every row count matches."
        )
