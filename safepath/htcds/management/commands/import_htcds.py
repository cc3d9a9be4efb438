from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safepath.accounts.models import User
from safepath.htcds.imports import ImportRefused, htcds_check, htcds_import
from safepath.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Import cases from an HTCDS spreadsheet (the toolkit's Excel templates, "
        "an XLSForm export, or CSV with HTCDS column names) into an "
        "organisation. Every problem is reported by row and column, and then "
        "nothing is imported. Rows imported before are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True, metavar="CODE")
        parser.add_argument(
            "--user",
            required=True,
            metavar="USERNAME",
            help="who imports (recorded as having registered the cases, and "
            "their owner where the file names none)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file, import nothing"
        )
        parser.add_argument(
            "--password", default="", help="the password of an encrypted file"
        )

    def handle(self, *args, file: Path, organisation: str, user: str, **options):
        org = Organisation.objects.filter(code=organisation).first()
        if org is None:
            raise CommandError(f"No organisation has the code {organisation!r}.")
        actor = User.objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user is called {user!r}.")
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None

        def progress(done: int, total: int) -> None:
            if done % 100 == 0 or done == total:
                self.stdout.write(f"  {done} of {total} cases imported")

        try:
            if options["dry_run"]:
                checked = htcds_check(
                    name=file.name,
                    content=content,
                    organisation=org,
                    actor=actor,
                    password=options["password"],
                )
                if checked.problems:
                    raise ImportRefused(checked.problems)
            else:
                checked = htcds_import(
                    name=file.name,
                    content=content,
                    organisation=org,
                    actor=actor,
                    progress=progress,
                    password=options["password"],
                )
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(refused.problems)} problems: nothing was imported."
            ) from None
        if checked.ignored:
            self.stdout.write(f"Columns not imported: {', '.join(checked.ignored)}")
        verb = "would be imported" if options["dry_run"] else "imported"
        self.stdout.write(
            f"{len(checked.new)} cases {verb}; {checked.already} rows were "
            "imported before and are skipped."
        )
