"""Wagtail hooks for voluntary groups: moderators' screens, dashboard panels, a log action,
and guarding organisation pages against deletion by their own editors."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from wagtail import hooks

from directory.models import OrganisationPage

from . import read_guards, reminders, roles
from .admin_views import VoluntaryGroupsViewSetGroup
from .dashboard import ModerationSummaryPanel, YourListingsPanel


@hooks.register("register_admin_viewset")
def register_voluntary_groups():
    return VoluntaryGroupsViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_directory_panels(request, panels):
    if roles.is_moderator(request.user):
        panels.append(ModerationSummaryPanel())
    teams = list(roles.teams_for(request.user))
    if teams:
        panels.append(YourListingsPanel(teams))


@hooks.register("register_log_actions")
def register_still_accurate(actions):
    actions.register_action(
        reminders.LOG_ACTION,
        "Confirmed still accurate",
        "Confirmed still accurate from a review reminder email",
    )


@hooks.register("before_delete_page")
def keep_organisation_pages(request, page):
    """An organisation's editors may delete their own draft activities, but not the
    organisation page their permissions hang from: only moderators can remove a group."""
    if isinstance(page.specific_deferred, OrganisationPage) and not roles.is_moderator(request.user):
        messages.error(request, "Only a directory moderator can delete an organisation. Ask them if your group has closed.")
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def keep_organisation_pages_in_bulk(request, action_type, objects, action_class_instance):
    if action_type != "delete" or roles.is_moderator(request.user):
        return None
    if any(isinstance(getattr(obj, "specific_deferred", obj), OrganisationPage) for obj in objects):
        messages.error(request, "Only a directory moderator can delete an organisation.")
        return redirect("wagtailadmin_home")
    return None


@hooks.register("before_move_page")
def only_move_what_you_may(request, page, destination):
    """Wagtail 8 shows its "Are you sure you want to move this page?" screen without checking
    permissions (only the POST is checked); refuse it too, so draft titles of other groups'
    pages are never shown."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied
    return None


hooks.register("construct_page_chooser_queryset", read_guards.filter_chooser_pages)


@hooks.register("construct_reports_menu")
def hide_moderator_only_reports(request, menu_items):
    """See ``middleware``: the page types report is for moderators only."""
    if not roles.is_moderator(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]
