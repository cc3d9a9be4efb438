import json
from pathlib import Path

from django.db import migrations

FILE = Path(__file__).resolve().parent.parent / "data" / "ilo_ec_2009.json"


def load(apps, schema_editor):
    IndicatorSet = apps.get_model("screening", "IndicatorSet")
    definition = json.loads(FILE.read_text(encoding="utf-8"))
    if not IndicatorSet.objects.filter(key=definition["key"]).exists():
        IndicatorSet.objects.create(
            key=definition["key"], version=1, definition=definition, is_current=True
        )


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
