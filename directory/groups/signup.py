"""A group asks to be listed; a moderator approves or declines.

Approval creates, in one transaction: the organisation page as a **draft** under the directory
index, the group's ``EditorialTeam`` (Wagtail group, collection, permissions; see ``roles``)
and a user for the contact (or reuses theirs), then emails them an invitation.

Why a draft: the application holds a name, a sentence and a postcode. The moderator has
decided that the group is genuine, not what its listing says; publishing straight away would
put a near-empty listing in front of the public. The group fills in its page and activities
and submits them, and they are published through the same "Moderator approval" workflow as
every later change (a moderator can also publish the page at once from the admin).
"""
import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from directory.models import DirectoryIndexPage, OrganisationPage

from . import emails, invitations, roles
from .models import GroupApplication

logger = logging.getLogger(__name__)


class AlreadyDecided(Exception):
    """Someone else approved or declined this application first."""


class CannotApprove(Exception):
    """The application's details cannot make a valid organisation page; the message says why."""


def submit(application):
    """Save a new application unless the same person already has the same group waiting,
    and tell the moderators. Returns the (new or existing) application."""
    existing = GroupApplication.objects.filter(
        status=GroupApplication.PENDING, contact_email__iexact=application.contact_email, name__iexact=application.name,
    ).first()
    if existing is not None:
        return existing
    application.save()
    emails.send("application_received", [application.contact_email], {"application": application})
    emails.send("application_for_moderators", roles.moderator_emails(), {"application": application})
    return application


def _unique_slug(parent, title):
    base = slugify(title, allow_unicode=True)[:240] or "group"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _user_for(application):
    """The contact's existing account (matched by email), or a new one with no password yet."""
    User = get_user_model()
    email = application.contact_email.strip().lower()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        user = User.objects.filter(username__iexact=email).first()
    if user is not None:
        return user
    first, _, last = application.contact_name.strip().partition(" ")
    user = User(username=email[:150], email=email, first_name=first[:150], last_name=last.strip()[:150], is_active=True)
    user.set_unusable_password()
    user.save()
    return user


def approve(application, moderator):
    """Approve a pending application; returns the new EditorialTeam.

    Raises AlreadyDecided, or CannotApprove (nothing is created) if the details are not valid.
    """
    try:
        team, user = _approve(application, moderator)
    except ValidationError as error:
        raise CannotApprove(" ".join(error.messages)) from error
    invitations.send_invitation(user, team.organisation)
    return team


def _approve(application, moderator):
    with transaction.atomic():
        application = GroupApplication.objects.select_for_update().get(pk=application.pk)
        if not application.is_pending:
            raise AlreadyDecided(application.get_status_display())
        index = DirectoryIndexPage.objects.order_by("path").first()
        if index is None:
            raise RuntimeError("There is no directory index page to add the organisation to.")
        user = _user_for(application)
        organisation = OrganisationPage(
            title=application.name, slug=_unique_slug(index, application.name), kind=application.kind,
            summary=application.summary, postcode=application.postcode, charity_number=application.charity_number,
            last_reviewed=timezone.localdate(), live=False, owner=user,
        )
        index.add_child(instance=organisation)
        organisation.save_revision(user=moderator, log_action=True)
        team = roles.create_editorial_team(organisation, application)
        user.groups.add(team.group)
        application.status = GroupApplication.APPROVED
        application.decided_at = timezone.now()
        application.decided_by = moderator
        application.organisation = organisation
        application.save()
    return team, user


def decline(application, moderator, reason=""):
    """Decline a pending application and send the contact a polite explanation."""
    with transaction.atomic():
        application = GroupApplication.objects.select_for_update().get(pk=application.pk)
        if not application.is_pending:
            raise AlreadyDecided(application.get_status_display())
        application.status = GroupApplication.DECLINED
        application.decided_at = timezone.now()
        application.decided_by = moderator
        application.decline_reason = (reason or "").strip()
        application.save()
    emails.send("application_declined", [application.contact_email], {"application": application})
    return application
