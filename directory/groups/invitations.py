"""Inviting a group's contact to set a password, with Django's password-reset token machinery.

The token is a ``PasswordResetTokenGenerator`` token with its own salt and lifetime
(``GROUPS_INVITATION_MAX_AGE_DAYS``, default 14): it stops working once the password is set or
the person signs in, because both change the values the token is made from.
"""
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from . import emails


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "directory.groups.invitations.InvitationTokenGenerator"

    def max_age_seconds(self):
        return int(getattr(settings, "GROUPS_INVITATION_MAX_AGE_DAYS", 14)) * 24 * 3600

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            timestamp_b36, _hash = token.split("-")
            timestamp = base36_to_int(timestamp_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token):
                break
        else:
            return False
        return (self._num_seconds(self._now()) - timestamp) <= self.max_age_seconds()


invitation_tokens = InvitationTokenGenerator()


def set_password_path(user):
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("groups:set_password", args=[uidb64, invitation_tokens.make_token(user)])


def send_invitation(user, organisation):
    """Email the person a link to set their password, or, if they already have one, tell them
    they can now edit this organisation too."""
    context = {"user": user, "organisation": organisation, "admin_url": emails.absolute(reverse("wagtailadmin_home"))}
    if user.has_usable_password():
        return emails.send("added_to_team", [user.email], context)
    context.update({
        "set_password_url": emails.absolute(set_password_path(user)),
        "days": int(getattr(settings, "GROUPS_INVITATION_MAX_AGE_DAYS", 14)),
        "username": user.get_username(),
    })
    return emails.send("invitation", [user.email], context)
