from pathlib import Path

import pyrage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "Make an age key pair for backups: write the identity (secret) to "
        "--output (mode 600; never overwrites) and print the public key to put "
        "in SAFEPATH_BACKUP_RECIPIENTS. Run it on the machine that will keep "
        "the identity offline, not on the server (docs/backups.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, required=True)

    def handle(self, *args, output: Path, **options):
        identity = pyrage.x25519.Identity.generate()
        public = str(identity.to_public())
        text = (
            f"# Safepath backup identity, created {timezone.now():%Y-%m-%d}\n"
            f"# public key: {public}\n"
            f"{identity}\n"
        )
        try:
            with output.open("x") as file:
                output.chmod(0o600)
                file.write(text)
        except FileExistsError:
            raise CommandError(f"{output} exists; not overwritten.") from None
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error}") from None
        self.stdout.write(f"Identity written to {output}. Public key (recipient):")
        self.stdout.write(public)
