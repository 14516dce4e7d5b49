"""Who may use the workspace: signed-in members of the link workers' group, and superusers."""
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

DEFAULT_GROUP_NAME = "Link workers"


def link_worker_group_name():
    """The Django group whose members use the workspace (``settings.LINK_WORKER_GROUP``)."""
    return getattr(settings, "LINK_WORKER_GROUP", DEFAULT_GROUP_NAME) or DEFAULT_GROUP_NAME


def is_link_worker(user):
    """True for an active signed-in member of the link workers' group, or a superuser.

    The answer is cached on the user object for the rest of the request.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_workspace_is_link_worker", None)
    if cached is None:
        cached = user.groups.filter(name=link_worker_group_name()).exists()
        user._workspace_is_link_worker = cached
    return cached


def link_worker_required(view):
    """Send anonymous visitors to sign in; tell signed-in people who are not link workers why
    they cannot see the page (403), rather than sending them round a sign-in loop."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_link_worker(request.user):
            return render(request, "workspace/not_a_link_worker.html", {"group_name": link_worker_group_name()}, status=403)
        return view(request, *args, **kwargs)

    return wrapper
