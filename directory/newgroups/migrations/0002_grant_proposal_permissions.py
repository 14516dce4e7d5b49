"""Let link workers and directory moderators start and carry new group proposals (in the Wagtail admin).

The groups are made if they do not exist yet (another migration may make them first).
"""
from django.conf import settings
from django.db import migrations

GROUPS = (
    getattr(settings, "LINK_WORKER_GROUP", "Link workers") or "Link workers",
    getattr(settings, "GROUPS_MODERATORS_GROUP", "Directory moderators") or "Directory moderators",
)
PERMISSIONS = {
    ("newgroups", "newgroupproposal"): ["add", "change", "view"],
    ("newgroups", "interestrecord"): ["add", "view"],
    ("newgroups", "checklistitem"): ["add", "change", "view"],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    permissions = []
    for (app_label, model), actions in PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            permissions.append(permission)
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"},
    )
    permissions.append(access_admin)
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GROUPS):
        for (app_label, model), actions in PERMISSIONS.items():
            group.permissions.remove(*Permission.objects.filter(
                content_type__app_label=app_label, content_type__model=model,
                codename__in=[f"{action}_{model}" for action in actions],
            ))


class Migration(migrations.Migration):
    dependencies = [
        ("newgroups", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
