from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from safepath.places.services import DEFAULT_FILE, locations_import_file


class Command(BaseCommand):
    help = (
        "Create or update the location hierarchy from a CSV file with the columns "
        "code,parent_code,level,unit_type,name_mn,name_latn,name_ascii,name_bgn. "
        "Parents must come before their children (or exist already). Rows are "
        "matched on code; nothing is deleted. On any error nothing is written and "
        "every faulty row and column is listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))

    def handle(self, *args, file: str, **options):
        try:
            count = locations_import_file(path=Path(file))
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{count} locations loaded from {file}")
