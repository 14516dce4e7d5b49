from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "directory_search"
    verbose_name = "Directory search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search import signals

        signals.connect()
