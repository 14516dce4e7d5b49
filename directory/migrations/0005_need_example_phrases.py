"""Needs get example phrases; the seeded synonyms and phrases are written into existing needs."""
from django.db import migrations, models


def update_vocabulary(apps, schema_editor):
    from directory.taxonomy_seed import update_vocabulary

    update_vocabulary(apps.get_model("directory", "Need"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_venue_phone_validation")]
    operations = [
        migrations.AddField(
            model_name="need",
            name="example_phrases",
            field=models.TextField(
                blank=True,
                help_text="One per line: things people say that mean this need, for example: my husband died",
            ),
        ),
        migrations.RunPython(update_vocabulary, migrations.RunPython.noop),
    ]
