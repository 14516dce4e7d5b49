"""Every object the feed shows has a UUID that editing, moving and republishing never change;
a copy is a new thing with new ones."""
import pytest

from directory.models import AccessibilityFeature, ActivityPage, ActivitySchedule, Need, OrganisationPage, Venue

pytestmark = pytest.mark.django_db


def schedule_uuids(activity):
    return list(ActivitySchedule.objects.filter(activity=activity).order_by("sort_order", "pk").values_list("uuid", flat=True))


def service_ids(client):
    return {item["id"] for item in client.get("/oruk/services?per_page=100").json()["contents"]}


@pytest.mark.parametrize("model", [OrganisationPage, ActivityPage, ActivitySchedule, Venue, Need, AccessibilityFeature])
def test_every_row_has_its_own_uuid(listings, model):
    uuids = list(model.objects.values_list("uuid", flat=True))

    assert uuids and None not in uuids
    assert len(set(uuids)) == len(uuids)


def test_rows_that_were_there_before_the_migration_got_one():
    # The needs and features are seeded by migration 0002, long before 0006-0008 added the uuid.
    assert Need.objects.filter(uuid__isnull=True).count() == 0
    assert Need.objects.values("uuid").distinct().count() == Need.objects.count() > 20


def test_the_uuid_survives_editing_moving_and_republishing(client, listings):
    activity = listings.listed.diabetes
    uuid, schedules = activity.uuid, schedule_uuids(activity)

    edited = activity.get_latest_revision_as_object()
    edited.title = "Diabetes friends"
    edited.save_revision().publish()
    ActivityPage.objects.get(pk=activity.pk).move(listings.scottish, pos="last-child")
    moved = ActivityPage.objects.get(pk=activity.pk)
    moved.unpublish()
    ActivityPage.objects.get(pk=activity.pk).save_revision().publish()

    again = ActivityPage.objects.get(pk=activity.pk)
    assert again.live and again.title == "Diabetes friends"
    assert again.uuid == uuid and schedule_uuids(again) == schedules
    service = client.get(f"/oruk/services/{uuid}").json()
    assert service["name"] == "Diabetes friends" and service["organization_id"] == str(listings.scottish.uuid)
    assert [schedule["id"] for schedule in service["schedules"]] == [str(s) for s in schedules]


def test_publishing_a_revision_saved_before_pages_had_uuids_keeps_them(listings):
    activity = listings.listed.diabetes
    uuid, schedules = activity.uuid, schedule_uuids(activity)
    revision = activity.latest_revision
    content = dict(revision.content)
    content.pop("uuid")
    content["schedules"] = [{k: v for k, v in row.items() if k != "uuid"} for row in content["schedules"]]
    revision.content = content
    revision.save()

    revision.publish()

    assert ActivityPage.objects.get(pk=activity.pk).uuid == uuid
    assert schedule_uuids(activity) == schedules


def test_a_copy_gets_new_uuids_and_keeps_them_when_published(listings):
    activity = listings.listed.diabetes
    uuid, schedules = activity.uuid, schedule_uuids(activity)

    copy = activity.copy(update_attrs={"slug": "diabetes-peer-support-2", "title": "Diabetes peer support (copy)"})
    copy.get_latest_revision().publish()

    copy = ActivityPage.objects.get(pk=copy.pk)
    assert copy.live and copy.uuid != uuid
    assert len(schedule_uuids(copy)) == 3 and not set(schedule_uuids(copy)) & set(schedules)
    assert ActivityPage.objects.get(pk=activity.pk).uuid == uuid and schedule_uuids(activity) == schedules


def test_a_copied_snippet_gets_a_new_uuid(listings):
    venue = Venue.objects.get(pk=listings.hall.pk)
    uuid = venue.uuid
    venue.pk = venue.id = None
    venue._state.adding = True
    venue.name = "St Paul's Hall, upstairs"

    venue.save()

    assert venue.uuid != uuid and Venue.objects.get(uuid=uuid).name == "St Paul's Hall"
