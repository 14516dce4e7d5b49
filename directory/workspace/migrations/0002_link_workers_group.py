"""Make sure the "Link workers" group exists (settings.LINK_WORKER_GROUP), so it can be
managed in the Wagtail admin. get_or_create: the groups app may create it too."""
from django.conf import settings
from django.db import migrations


def group_name():
    return getattr(settings, "LINK_WORKER_GROUP", "Link workers") or "Link workers"


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=group_name())


class Migration(migrations.Migration):
    dependencies = [
        ("workspace", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    # The group is left in place when going backwards: other apps may rely on it.
    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
