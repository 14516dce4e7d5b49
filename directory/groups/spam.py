"""Keeping robots out of the public forms without a third-party captcha.

- A honeypot field people never see: a form that fills it in is quietly thrown away.
- A signed timestamp, issued when the form is shown: a form sent back sooner than
  ``GROUPS_MIN_SUBMIT_SECONDS`` (robots are fast) or with a forged, missing or very old stamp
  is shown again with the person's answers kept, and a fresh stamp.
- A rate limit per sender, counted in Django's cache under a keyed hash of the IP address
  (the address itself is never stored).
"""
import time

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.utils.crypto import salted_hmac

TOKEN_SALT = "directory.groups.form-timing"
HONEYPOT_FIELD = "homepage"


def _setting(name, default):
    return getattr(settings, name, default)


def issue_form_token(form_name, now=None):
    """A tamper-proof note of when the form was shown."""
    return signing.dumps({"form": form_name, "t": now if now is not None else time.time()}, salt=TOKEN_SALT)


class TimingProblem(Exception):
    """The form came back too fast, without a valid stamp, or after too long."""


def check_form_token(token, form_name, now=None):
    """Raise TimingProblem unless ``token`` was issued for this form, at least
    ``GROUPS_MIN_SUBMIT_SECONDS`` and at most ``GROUPS_FORM_MAX_AGE_SECONDS`` ago."""
    now = now if now is not None else time.time()
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT)
    except signing.BadSignature as error:
        raise TimingProblem("forged or missing") from error
    if not isinstance(data, dict) or data.get("form") != form_name or not isinstance(data.get("t"), (int, float)):
        raise TimingProblem("not for this form")
    age = now - data["t"]
    if age < _setting("GROUPS_MIN_SUBMIT_SECONDS", 3):
        raise TimingProblem("too fast")
    if age > _setting("GROUPS_FORM_MAX_AGE_SECONDS", 86400):
        raise TimingProblem("too old")


def honeypot_filled(data):
    return bool((data.get(HONEYPOT_FIELD) or "").strip())


def client_ip(request):
    """The sender's address: REMOTE_ADDR, or the right-most address in the header named by
    ``GROUPS_CLIENT_IP_HEADER`` (for example HTTP_X_FORWARDED_FOR behind one trusted proxy)."""
    header = _setting("GROUPS_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def ip_hash(request):
    return salted_hmac("directory.groups.ip", client_ip(request)).hexdigest()[:32]


def rate_limited(request, scope):
    """Count this submission; True if the sender has sent more than the limit for ``scope``
    (``GROUPS_RATE_LIMITS = {"join": (count, seconds), "report": (count, seconds)}``)."""
    limit, window = _setting("GROUPS_RATE_LIMITS", {}).get(scope, (10, 3600))
    cache = caches[_setting("GROUPS_RATE_LIMIT_CACHE", "default")]
    bucket = int(time.time() // window)
    key = f"groups:rate:{scope}:{ip_hash(request)}:{bucket}"
    cache.add(key, 0, timeout=window + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 60)
        count = 1
    return count > limit
