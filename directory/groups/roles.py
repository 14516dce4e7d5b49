"""Who may do what: directory moderators, and each organisation's own editors.

An approved group gets an ``EditorialTeam``: a Wagtail group "<Organisation> editors" with

- access to the Wagtail admin and permission to add venues (not change or delete them: venues
  are shared by every group, so a group can add the village hall it meets in, and moderators
  tidy up; the needs taxonomy and accessibility features are moderators' only);
- "add" and "change" page permissions on its organisation page, which Wagtail applies to that
  page and everything below it (its activities) and nothing else;
- "publish" on that page too, only while the organisation is ``trusted``. Untrusted editors
  can only submit to the "Moderator approval" workflow assigned to the directory index. Wagtail
  resolves a page's workflow from the nearest ancestor with an *active* workflow, so a page
  cannot opt out of its ancestor's workflow; instead a trusted group is given publish
  permission, and Wagtail shows "Publish" to anyone who can publish, workflow or not;
- add, change and choose permissions for images and documents in its own collection only, so
  its image chooser shows its own images.
"""
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from .models import EditorialTeam

DEFAULT_MODERATORS_GROUP = "Directory moderators"
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
TRUSTED_PAGE_PERMISSIONS = ("publish_page",)
EDITOR_MODEL_PERMISSIONS = (("wagtailadmin", "access_admin"), ("directory", "add_venue"))
EDITOR_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"), ("wagtailimages", "change_image"), ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"), ("wagtaildocs", "choose_document"),
)


def moderators_group_name():
    return getattr(settings, "GROUPS_MODERATORS_GROUP", DEFAULT_MODERATORS_GROUP) or DEFAULT_MODERATORS_GROUP


def moderators_group():
    group, _ = Group.objects.get_or_create(name=moderators_group_name())
    return group


def is_moderator(user):
    """A superuser or an active member of the directory moderators' group."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=moderators_group_name()).exists()


def moderator_emails():
    group = Group.objects.filter(name=moderators_group_name()).first()
    if group is None:
        return []
    return sorted(set(group.user_set.filter(is_active=True).exclude(email="").values_list("email", flat=True)))


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _unique_name(model, field, wanted, max_length):
    """``wanted``, or ``wanted (2)``, ``(3)``... so that it is unique in ``model.field``."""
    wanted = wanted[:max_length]
    candidate, number = wanted, 1
    while model.objects.filter(**{field: candidate}).exists():
        number += 1
        suffix = f" ({number})"
        candidate = wanted[: max_length - len(suffix)] + suffix
    return candidate


@transaction.atomic
def create_editorial_team(organisation, application=None):
    """The Wagtail group and collection for an organisation's editors, with their permissions."""
    group = Group.objects.create(name=_unique_name(Group, "name", f"{organisation.title} editors", 150))
    group.permissions.add(*[_permission(app, codename) for app, codename in EDITOR_MODEL_PERMISSIONS])

    root = Collection.get_first_root_node()
    existing = {child.name for child in root.get_children()}
    name, number = organisation.title[:255], 1
    while name in existing:
        number += 1
        name = f"{organisation.title[:245]} ({number})"
    collection = root.add_child(instance=Collection(name=name))
    for app, codename in EDITOR_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.create(group=group, collection=collection, permission=_permission(app, codename))

    team = EditorialTeam.objects.create(organisation=organisation, group=group, collection=collection, application=application)
    sync_page_permissions(team)
    return team


def sync_page_permissions(team):
    """Give the team add and change on its organisation, and publish only while it is trusted."""
    organisation = team.organisation
    wanted = set(EDITOR_PAGE_PERMISSIONS) | (set(TRUSTED_PAGE_PERMISSIONS) if organisation.trusted else set())
    current = GroupPagePermission.objects.filter(group=team.group, page=organisation)
    current.exclude(permission__codename__in=wanted).delete()
    have = set(current.values_list("permission__codename", flat=True))
    for codename in sorted(wanted - have):
        GroupPagePermission.objects.create(group=team.group, page=organisation, permission=_permission("wagtailcore", codename))


def sync_trust(organisation):
    """Called when an organisation page is published: match its team's rights to ``trusted``."""
    team = EditorialTeam.objects.filter(organisation_id=organisation.pk).select_related("group", "organisation").first()
    if team is not None:
        sync_page_permissions(team)


def teams_for(user):
    if not getattr(user, "is_authenticated", False):
        return EditorialTeam.objects.none()
    return EditorialTeam.objects.filter(group__user=user).select_related("organisation", "group")


def editor_emails(organisation):
    """The active editors of this organisation, or else its public email address."""
    team = EditorialTeam.objects.filter(organisation_id=organisation.pk).select_related("group").first()
    emails = sorted(set(team.editors().values_list("email", flat=True))) if team else []
    if not emails and organisation.email:
        emails = [organisation.email]
    return emails
