import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safepath.backups.archive import BackupError
from safepath.backups.selectors import backup_verify


class Command(BaseCommand):
    help = (
        "Check a backup without restoring it: decrypt it with the age identity "
        "of --identity into a temporary directory, check the SHA-256 of every "
        "part against the manifest, and that the database dump can be read "
        "(pg_restore --list; SQLite: integrity check and row counts). Prints a "
        "summary; exits with an error on any problem. Uses no database."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--identity", type=Path, required=True)

    def handle(self, *args, file: Path, identity: Path, **options):
        with tempfile.TemporaryDirectory(prefix="safepath-verify-") as work:
            try:
                verified = backup_verify(
                    path=file,
                    identity_file=identity,
                    work_dir=Path(work),
                    progress=self.stderr.write,
                )
            except BackupError as error:
                raise CommandError(f"Backup NOT usable: {error}") from None
        for line in verified.summary:
            self.stdout.write(line)
        self.stdout.write("Backup verified.")
