import csv
from pathlib import Path

from django.db import migrations

FILE = Path(__file__).resolve().parent.parent / "data" / "mn_admin.csv"


def load(apps, schema_editor):
    # The same rules as places.services.locations_import, on the historical model.
    Location = apps.get_model("places", "Location")
    by_code = {}
    with open(FILE, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            parent = by_code.get(row["parent_code"])
            location = Location.objects.create(
                code=row["code"],
                parent=parent,
                level=int(row["level"]),
                unit_type=row["unit_type"],
                name_mn=row["name_mn"],
                name_latn=row["name_latn"],
                name_ascii=row["name_ascii"],
                name_bgn=row["name_bgn"],
                path=f"{parent.path if parent else '|'}{row['code']}|",
            )
            by_code[location.code] = location


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
