"""Public ids (1 of 3): a nullable uuid on everything the directory publishes.

The standard three steps for a unique field on existing rows, in three migrations so that
PostgreSQL never alters a table with pending trigger events: add it nullable (0006), give
every row its own (0007), then make it unique and required (0008).
"""
from django.db import migrations, models

MODELS = ("organisationpage", "activitypage", "activityschedule", "venue", "need", "accessibilityfeature")


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_need_example_phrases")]
    operations = [
        migrations.AddField(model_name=name, name="uuid", field=models.UUIDField("public id", null=True, editable=False))
        for name in MODELS
    ]
