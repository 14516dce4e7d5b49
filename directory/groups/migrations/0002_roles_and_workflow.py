"""Roles and the moderation workflow.

- "Directory moderators": access to the admin; add, change, publish, delete, lock and unlock
  every page under the directory index ("Organisations"); images and documents in every
  collection; the needs taxonomy, accessibility features and venues; group applications and
  problem reports; marking an organisation as trusted.
- "Link workers": created if it does not exist (the workspace uses it; it gets nothing here).
- Workflow "Moderator approval" with one group approval task for the moderators, assigned to
  the directory index, so it covers every organisation and activity below it.

Permissions are created here because Django only creates them after all migrations have run.
"""
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATORS = getattr(settings, "GROUPS_MODERATORS_GROUP", "Directory moderators") or "Directory moderators"
WORKFLOW = "Moderator approval"
TASK = "Directory moderator review"

MODERATOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    *[("directory", model, f"{action}_{model}")
      for model in ("need", "accessibilityfeature", "venue")
      for action in ("add", "change", "delete", "view")],
    ("directory", "organisationpage", "trust_organisation"),
    ("directory_groups", "groupapplication", "view_groupapplication"),
    ("directory_groups", "groupapplication", "change_groupapplication"),
    ("directory_groups", "problemreport", "view_problemreport"),
    ("directory_groups", "problemreport", "change_problemreport"),
    ("directory_groups", "reviewreminder", "view_reviewreminder"),
]
MODERATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"]
MODERATOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", codename) for codename in ("add_image", "change_image", "delete_image", "choose_image")
] + [
    ("wagtaildocs", "document", codename)
    for codename in ("add_document", "change_document", "delete_document", "choose_document")
]


def ensure_all_permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def permission(apps, app_label, model, codename):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return found


def create_roles(apps, schema_editor):
    ensure_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    DirectoryIndexPage = apps.get_model("directory", "DirectoryIndexPage")

    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    Group.objects.get_or_create(name=getattr(settings, "LINK_WORKER_GROUP", "Link workers") or "Link workers")

    moderators.permissions.add(*[permission(apps, *spec) for spec in MODERATOR_MODEL_PERMISSIONS])

    index = DirectoryIndexPage.objects.order_by("path").first()
    if index is not None:
        for codename in MODERATOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=moderators, page_id=index.pk, permission=permission(apps, "wagtailcore", "page", codename),
            )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for spec in MODERATOR_COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=moderators, collection=root_collection, permission=permission(apps, *spec),
            )
    if index is not None:
        create_workflow(apps, moderators, index)


def create_workflow(apps, moderators, index):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK, content_type=task_type, active=True)
    task.groups.add(moderators)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("directory_groups", "0001_initial"),
        ("directory", "0003_listing_review_and_trust"),
        ("portal", "0002_create_site_pages"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    # Going backwards leaves the groups and workflow in place: people may have been added to them.
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
