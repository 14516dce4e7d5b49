"""Keep each activity's copied location in step with its venue or organisation.

(Also tells search when a venue changes, since activities there share its accessibility.)

Activities store the postcode and coordinates of where they happen (their venue, or else
their organisation), so that search can filter by distance without joins. These handlers copy
the location again when it changes somewhere else: an organisation is published with a new
address, a venue is saved, or an activity is moved to another organisation.
"""
from django.db.models.signals import post_save
from wagtail.signals import page_published, post_page_move

from directory.models import ActivityPage, OrganisationPage, Venue
from directory.signals import announce_listings_changed


def _copy_location(activities, place):
    """Give ``activities`` the location of ``place``; return the ids that changed."""
    if place is None or place.latitude is None:
        return []
    changed = activities.exclude(postcode=place.postcode, latitude=place.latitude, longitude=place.longitude)
    ids = list(changed.values_list("pk", flat=True))
    ActivityPage.objects.filter(pk__in=ids).update(postcode=place.postcode, latitude=place.latitude, longitude=place.longitude)
    return ids


def relocate_organisation_activities(organisation):
    activities = ActivityPage.objects.child_of(organisation).filter(venue__isnull=True)
    return _copy_location(activities, organisation)


def relocate_venue_activities(venue):
    return _copy_location(ActivityPage.objects.filter(venue=venue), venue)


def relocate_activity(activity):
    return _copy_location(ActivityPage.objects.filter(pk=activity.pk), activity.place())


def on_organisation_published(sender, instance, **kwargs):
    announce_listings_changed(OrganisationPage, relocate_organisation_activities(instance))


def on_venue_saved(sender, instance, raw=False, **kwargs):
    """A venue's address or accessibility may have changed: every activity there is affected."""
    if not raw:
        relocate_venue_activities(instance)
        announce_listings_changed(Venue, ActivityPage.objects.filter(venue=instance).values_list("pk", flat=True))


def on_page_moved(sender, instance, **kwargs):
    page = instance.specific
    if isinstance(page, ActivityPage):
        announce_listings_changed(ActivityPage, relocate_activity(page))


def connect():
    page_published.connect(on_organisation_published, sender=OrganisationPage, dispatch_uid="directory.relocate.organisation")
    post_save.connect(on_venue_saved, sender=Venue, dispatch_uid="directory.relocate.venue")
    post_page_move.connect(on_page_moved, dispatch_uid="directory.relocate.move")
