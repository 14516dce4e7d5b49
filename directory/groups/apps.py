from django.apps import AppConfig


class GroupsConfig(AppConfig):
    """Voluntary groups keeping their own listings true: sign-up, scoped editing, moderation,
    review reminders, problem reports."""

    name = "directory.groups"
    label = "directory_groups"
    verbose_name = "Voluntary groups"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
