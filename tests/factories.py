"""factory_boy factories for the directory's pages and snippets.

Wagtail pages live in a tree, so page factories add each page under its parent and
publish it, as an editor would.
"""
import datetime

import factory
from django.utils import timezone
from wagtail.models import Page

from directory.models import ActivityPage, ActivitySchedule, DirectoryIndexPage, Need, OrganisationPage, Venue


def directory_index():
    return DirectoryIndexPage.objects.get()


class PageFactory(factory.django.DjangoModelFactory):
    """Adds the page under ``parent`` (or the model's usual parent) and publishes it."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Page {n}")

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=True, **kwargs):
        parent = parent or cls._default_parent()
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        else:
            page.unpublish() if page.live else None
        return model_class.objects.get(pk=page.pk)

    @classmethod
    def _default_parent(cls):
        return Page.get_first_root_node()


class OrganisationFactory(PageFactory):
    class Meta:
        model = OrganisationPage

    title = factory.Sequence(lambda n: f"Community Group {n}")
    summary = "A friendly local group."
    kind = "community_group"
    postcode = "CT9 1AE"
    town = "Margate"
    last_reviewed = factory.LazyFunction(timezone.localdate)

    @classmethod
    def _default_parent(cls):
        return directory_index()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        page = model_class(*args, **{k: v for k, v in kwargs.items() if k not in {"parent", "publish"}})
        page.geocode_postcode()
        kwargs.update({"latitude": page.latitude, "longitude": page.longitude, "postcode": page.postcode})
        return super()._create(model_class, *args, **kwargs)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Community Centre {n}")
    kind = "community_centre"
    postcode = "CT9 1AE"
    town = "Margate"
    capacity = 40


DEFAULT_SCHEDULE = {"byday": "TU", "opens_at": datetime.time(10), "closes_at": datetime.time(12)}


class ActivityFactory(PageFactory):
    """An active, free, weekly activity. Pass ``needs=["diabetes"]``, ``schedules=[{...}]``,
    ``accessibility=["step-free"]``; ``parent`` defaults to a new organisation."""

    class Meta:
        model = ActivityPage

    title = factory.Sequence(lambda n: f"Activity {n}")
    summary = "Come along and meet people."
    last_reviewed = factory.LazyFunction(timezone.localdate)

    @classmethod
    def _default_parent(cls):
        return OrganisationFactory()

    @classmethod
    def _create(cls, model_class, *args, needs=(), schedules=None, accessibility=(), **kwargs):
        from directory.models import AccessibilityFeature

        kwargs["needs"] = [Need.objects.get(slug=n) if isinstance(n, str) else n for n in needs]
        kwargs["accessibility_features"] = list(AccessibilityFeature.objects.filter(slug__in=accessibility))
        kwargs["schedules"] = [ActivitySchedule(**pattern) for pattern in (schedules if schedules is not None else [DEFAULT_SCHEDULE])]
        return super()._create(model_class, *args, **kwargs)


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivitySchedule

    freq = "WEEKLY"
    interval = 1
    byday = "TU"
    opens_at = datetime.time(10)
    closes_at = datetime.time(12)
