"""Public ids (3 of 3): the uuid is required and unique, and new rows get one."""
import uuid

from django.db import migrations, models

MODELS = ("organisationpage", "activitypage", "activityschedule", "venue", "need", "accessibilityfeature")


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_public_ids_fill")]
    operations = [
        migrations.AlterField(
            model_name=name, name="uuid",
            field=models.UUIDField("public id", default=uuid.uuid4, unique=True, editable=False),
        )
        for name in MODELS
    ]
