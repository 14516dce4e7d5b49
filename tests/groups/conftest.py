"""Fixtures for the voluntary groups tests: moderators, approved groups with editors, and
public form submissions made the way a person makes them (the form shown a while before)."""
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches

from directory.groups import roles, signup, spam
from directory.groups.models import GroupApplication
from tests.factories import ActivityFactory

PASSWORD = "a-long-test-password-123"


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits are counted in the cache: every test starts with none."""
    caches["default"].clear()
    yield
    caches["default"].clear()


def make_user(username, email=None, groups=(), **extra):
    user = get_user_model().objects.create_user(username=username, email=email or f"{username}@example.org", password=PASSWORD, **extra)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def moderator(db):
    return make_user("morgan", "morgan.moderator@example.org", groups=[roles.moderators_group_name()], first_name="Morgan")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def apply(name, email, postcode="CT9 1AE", kind="community_group", summary="We meet and chat."):
    return signup.submit(GroupApplication(
        name=name, kind=kind, contact_name="Sam Smith", contact_email=email, postcode=postcode, summary=summary,
    ))


@pytest.fixture
def make_group(moderator):
    """An approved group whose editor has set a password: ``make_group("Margate Walkers")``.

    Its organisation page is published (as a moderator would, after checking it) unless
    ``publish=False``; ``activities=2`` adds live activities under it.
    """

    def factory(name, email=None, publish=True, activities=1, trusted=False):
        email = email or f"{name.lower().replace(' ', '.')}@example.org"
        team = signup.approve(apply(name, email), moderator)
        editor = team.group.user_set.get()
        editor.set_password(PASSWORD)
        editor.save()
        organisation = team.organisation
        if trusted:
            organisation.trusted = True
        if publish or trusted:
            organisation.save_revision(user=moderator).publish(user=moderator)
        team.refresh_from_db()
        team.editor = editor
        team.activities = [
            ActivityFactory(parent=team.organisation, title=f"{name} activity {number + 1}", needs=["loneliness-and-isolation"])
            for number in range(activities)
        ]
        return team

    return factory


def human_form(form_name, seconds_ago=10, **data):
    """Form data as a person sends it: the stamp was issued when the form was shown a few
    seconds earlier, and the honeypot is empty."""
    return {"shown": spam.issue_form_token(form_name, now=time.time() - seconds_ago), spam.HONEYPOT_FIELD: "", **data}
