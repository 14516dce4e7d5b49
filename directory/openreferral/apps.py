from django.apps import AppConfig


class OpenReferralConfig(AppConfig):
    name = "directory.openreferral"
    label = "openreferral"
    verbose_name = "Open Referral UK"

    def ready(self):
        from . import signals

        signals.connect()
