"""Directory moderators map taxonomy terms, decide on possible duplicates, see imported
records and mark import sources as trusted (see directory/groups' 0002 migration for the role)."""
import importlib

from django.db import migrations

roles = importlib.import_module("directory.groups.migrations.0002_roles_and_workflow")

PERMISSIONS = [
    ("openreferral", "termmapping", "view_termmapping"),
    ("openreferral", "termmapping", "change_termmapping"),
    ("openreferral", "duplicatecandidate", "view_duplicatecandidate"),
    ("openreferral", "duplicatecandidate", "change_duplicatecandidate"),
    ("openreferral", "importedrecord", "view_importedrecord"),
    ("openreferral", "importsource", "view_importsource"),
    ("openreferral", "importsource", "change_importsource"),
]


def grant(apps, schema_editor):
    roles.ensure_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    moderators, _ = Group.objects.get_or_create(name=roles.MODERATORS)
    moderators.permissions.add(*[roles.permission(apps, *spec) for spec in PERMISSIONS])


class Migration(migrations.Migration):
    dependencies = [
        ("openreferral", "0001_initial"),
        ("directory_groups", "0002_roles_and_workflow"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
