"""A public id for everything the directory publishes, that never changes.

Other directories and the Open Referral UK feed (``directory.openreferral``) refer to our
organisations, activities, venues, schedules, needs and accessibility features by this
UUID, so it must survive editing, moving, republishing and restoring an old revision. A
copy is a new thing and gets a new one.
"""
import uuid

from django.db import models
from modelcluster.models import get_all_child_relations


class PublicIdentity(models.Model):
    uuid = models.UUIDField("public id", default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A copy of a snippet or of a page's schedules arrives with its original's uuid.
        if self._state.adding and type(self)._default_manager.filter(uuid=self.uuid).exists():
            self.uuid = uuid.uuid4()
        super().save(*args, **kwargs)


class PageIdentity(PublicIdentity):
    """For Wagtail pages: revisions never change the uuid, and a page copy gets a new one.

    Comes before ``Page`` in the bases, so that its ``with_content_json`` wraps Wagtail's.
    """

    exclude_fields_in_copy = ["uuid"]

    class Meta:
        abstract = True

    def with_content_json(self, content):
        """The page as a revision has it, keeping the uuids stored now: a revision saved
        before the page had a uuid, or one copied with the page, holds none or another's."""
        obj = super().with_content_json(content)
        obj.uuid = self.uuid
        for relation in get_all_child_relations(self):
            model = relation.related_model
            if not issubclass(model, PublicIdentity):
                continue
            stored = dict(model._default_manager.filter(**{relation.field.name: self.pk}).values_list("pk", "uuid"))
            for child in getattr(obj, relation.get_accessor_name()).all():
                if child.pk in stored:
                    child.uuid = stored[child.pk]
        return obj
