"""Let link workers and directory moderators start and carry new group proposals (in the Wagtail admin).

The groups are made if they do not exist yet (another migration may make them first).
"""
from django.db import migrations

from directory.migration_helpers import grant_permissions, revoke_permissions, staff_group_names

GROUPS = staff_group_names()
PERMISSIONS = {
    ("newgroups", "newgroupproposal"): ["add", "change", "view"],
    ("newgroups", "interestrecord"): ["add", "view"],
    ("newgroups", "checklistitem"): ["add", "change", "view"],
}


def grant(apps, schema_editor):
    grant_permissions(apps, GROUPS, PERMISSIONS)


def revoke(apps, schema_editor):
    revoke_permissions(apps, GROUPS, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("newgroups", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
