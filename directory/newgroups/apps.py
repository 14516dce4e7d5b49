from django.apps import AppConfig


class NewGroupsConfig(AppConfig):
    """Helping link workers start new groups, from idea to published listing."""

    name = "directory.newgroups"
    label = "newgroups"
    verbose_name = "New groups"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
