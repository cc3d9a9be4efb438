from django.db import migrations, models
from django.db.models import F


def own_identity(apps, schema_editor):
    # No links exist yet: each person counts as themselves.
    apps.get_model("stats", "CaseFact").objects.update(identity=F("person_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0002_statistics_rows"),
    ]

    operations = [
        migrations.AddField(
            model_name="casefact",
            name="identity",
            field=models.UUIDField(db_index=True, null=True),
        ),
        migrations.RunPython(own_identity, migrations.RunPython.noop),
    ]
