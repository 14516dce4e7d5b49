"""Sending the app's plain-text emails from templates in ``templates/groups/emails/``.

``<name>_subject.txt`` holds the subject line and ``<name>.txt`` the body. Every template gets
``site_url`` (``WAGTAILADMIN_BASE_URL``) and ``site_name``.
"""
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string


def site_url():
    return (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "http://localhost").rstrip("/")


def absolute(path):
    return site_url() + path


def page_url(page):
    """The public address of a Wagtail page, absolute."""
    url = page.get_url() or "/"
    return url if url.startswith(("http://", "https://")) else absolute(url)


def send(name, recipients, context=None, reply_to=None):
    """Send one email to everyone in ``recipients`` (each sees only their own address).

    Returns the number of messages sent.
    """
    recipients = [address for address in dict.fromkeys(recipients or []) if address]
    if not recipients:
        return 0
    context = {"site_url": site_url(), "site_name": getattr(settings, "WAGTAIL_SITE_NAME", "Local Support Directory"), **(context or {})}
    subject = " ".join(render_to_string(f"groups/emails/{name}_subject.txt", context).split())
    body = render_to_string(f"groups/emails/{name}.txt", context)
    sent = 0
    for address in recipients:
        message = EmailMessage(subject=subject, body=body, to=[address], reply_to=reply_to or None)
        sent += message.send()
    return sent
