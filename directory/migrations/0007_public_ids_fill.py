"""Public ids (2 of 3): every existing row gets a uuid of its own."""
import uuid

from django.db import migrations

MODELS = ("OrganisationPage", "ActivityPage", "ActivitySchedule", "Venue", "Need", "AccessibilityFeature")


def fill_uuids(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("directory", name)
        rows = list(model._base_manager.filter(uuid__isnull=True).only("pk"))
        for row in rows:
            row.uuid = uuid.uuid4()
        model._base_manager.bulk_update(rows, ["uuid"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("directory", "0006_public_ids_add")]
    operations = [migrations.RunPython(fill_uuids, migrations.RunPython.noop)]
