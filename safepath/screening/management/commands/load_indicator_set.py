import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from safepath.screening.services import DATA, definition_load_file


class Command(BaseCommand):
    help = (
        "Load an indicator set, or a risk and vulnerability questionnaire (a "
        'definition with "levels"), from a JSON file (default: the ILO/EC 2009 '
        "set shipped in screening/data). If it differs from the current version "
        "it becomes a new version; screenings and assessments already made keep "
        "theirs. Every problem in the file is listed and nothing is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DATA / "ilo_ec_2009.json"))

    def handle(self, *args, file: str, **options):
        try:
            indicator_set = definition_load_file(path=Path(file))
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        except (OSError, json.JSONDecodeError) as error:
            raise CommandError(f"{file}: {error}") from error
        self.stdout.write(
            f"{indicator_set.key} version {indicator_set.version} is current"
        )
