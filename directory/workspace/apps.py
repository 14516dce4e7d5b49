from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    """The link workers' workspace: shortlists, support plans, saved searches."""

    name = "directory.workspace"
    label = "workspace"
    verbose_name = "Link workers' workspace"
    default_auto_field = "django.db.models.BigAutoField"
