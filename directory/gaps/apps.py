from django.apps import AppConfig


class GapsConfig(AppConfig):
    """Gaps in provision: places and needs with little or no nearby support."""

    name = "directory.gaps"
    label = "gaps"
    verbose_name = "Gaps in provision"
    default_auto_field = "django.db.models.BigAutoField"
