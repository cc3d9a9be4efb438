import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from safepath.ctdc.models import Dataset
from safepath.ctdc.selectors import datasets_loaded
from safepath.ctdc.services import import_ctdc


class Command(BaseCommand):
    help = (
        "Import CTDC public datasets as read-only reference data: the "
        "k-anonymised global extract (columns yearOfRegistration, gender, "
        "ageBroad, citizenship, isForcedLabour, isSexualExploit, "
        "CountryOfExploitation) and/or the victim-perpetrator synthetic set "
        "(yearRegister, gender, majorityStatus, ... IP_ControlAbuseKidnap), "
        "recognised by their header. A file replaces all records of its "
        "dataset; the other dataset is untouched. Every row is checked against "
        "the release's codebook first; on any problem nothing is imported (from "
        "any of the files) and each faulty row and column is listed, the header "
        "being row 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")

    def handle(self, *args: Any, paths: list[str], **options: Any) -> None:
        # One transaction: a refused second file leaves the first unimported too.
        with transaction.atomic():
            for path in paths:
                self._import(Path(path))
        for dataset, count in datasets_loaded().items():
            self.stdout.write(f"{Dataset(dataset).label}: {count} records")

    def _import(self, path: Path) -> None:
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"{path.name}: {done}/{total}")

        try:
            result = import_ctdc(path, progress=progress)
        except ValidationError as error:
            raise CommandError("\n".join([f"{path}:", *error.messages])) from error
        except OSError as error:
            raise CommandError(f"{path}: {error}") from error
        self.stdout.write(
            f"{path.name}: {result.records} records of "
            f"{Dataset(result.dataset).label} imported "
            f"(replacing {result.replaced}) in "
            f"{time.perf_counter() - started:.1f} s"
        )
