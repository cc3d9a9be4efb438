from django.db import migrations


def load(apps, schema_editor):
    from safepath.prevention.services import question_bank_load

    question_bank_load(
        apps.get_model("prevention", "Module"), apps.get_model("prevention", "Question")
    )


class Migration(migrations.Migration):
    dependencies = [("prevention", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
