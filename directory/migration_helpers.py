"""Helpers for data migrations that give the directory's user groups their permissions.

Migrations call these with their historical ``apps``; the groups are made if no earlier
migration has made them yet.
"""


def staff_group_names():
    """The link workers' and the directory moderators' group names, from settings."""
    from django.conf import settings

    return (
        getattr(settings, "LINK_WORKER_GROUP", "Link workers") or "Link workers",
        getattr(settings, "GROUPS_MODERATORS_GROUP", "Directory moderators") or "Directory moderators",
    )


def grant_permissions(apps, group_names, permissions, admin_access=True):
    """Give each named group ``permissions`` ({(app_label, model): [actions]}), and Wagtail
    admin access when ``admin_access`` is true."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    granted = []
    for (app_label, model), actions in permissions.items():
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            granted.append(permission)
    if admin_access:
        admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
        access_admin, _ = Permission.objects.get_or_create(
            content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"},
        )
        granted.append(access_admin)
    for name in group_names:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*granted)


def revoke_permissions(apps, group_names, permissions):
    """Undo :func:`grant_permissions` (admin access is left alone: other grants may need it)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=group_names):
        for (app_label, model), actions in permissions.items():
            group.permissions.remove(*Permission.objects.filter(
                content_type__app_label=app_label, content_type__model=model,
                codename__in=[f"{action}_{model}" for action in actions],
            ))
