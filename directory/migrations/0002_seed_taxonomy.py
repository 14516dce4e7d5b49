from django.db import migrations


def seed_taxonomy(apps, schema_editor):
    from directory.taxonomy_seed import seed

    seed(apps.get_model("directory", "Need"), apps.get_model("directory", "AccessibilityFeature"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(seed_taxonomy, migrations.RunPython.noop)]
