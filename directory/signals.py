"""Signals the directory sends for other apps (search listens to keep its index true)."""
from django.dispatch import Signal

# Sent with ``activity_ids`` when activities' searchable facts (location, review date,
# "needs review") change without the activity itself being published.
listings_changed = Signal()


def announce_listings_changed(sender, activity_ids):
    activity_ids = sorted({int(pk) for pk in activity_ids})
    if activity_ids:
        listings_changed.send(sender=sender, activity_ids=activity_ids)
