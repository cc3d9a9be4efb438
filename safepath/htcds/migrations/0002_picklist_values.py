from django.db import migrations


def sync(apps, schema_editor):
    # The values come from the code's choices; picklist_sync only adds rows.
    PicklistValue = apps.get_model("htcds", "PicklistValue")
    from safepath.htcds.services import picklist_definitions

    existing = set(PicklistValue.objects.values_list("picklist", "value"))
    PicklistValue.objects.bulk_create(
        PicklistValue(picklist=name, value=value, position=position)
        for name, values in picklist_definitions().items()
        for position, value in enumerate(values)
        if (name, value) not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("htcds", "0001_initial")]
    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
