import json
from pathlib import Path

from django.db import migrations

FILE = Path(__file__).resolve().parent.parent / "data" / "iom_domv_2019.json"


def load(apps, schema_editor):
    AssessmentTemplate = apps.get_model("screening", "AssessmentTemplate")
    definition = json.loads(FILE.read_text(encoding="utf-8"))
    if not AssessmentTemplate.objects.filter(key=definition["key"]).exists():
        AssessmentTemplate.objects.create(
            key=definition["key"], version=1, definition=definition, is_current=True
        )


class Migration(migrations.Migration):
    dependencies = [("screening", "0004_assessment")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
