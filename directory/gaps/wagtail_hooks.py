"""The "Gaps in provision" item in the Wagtail admin menu, for those allowed to see it."""
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import can_see_gaps


class GapsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_gaps(request.user)


@hooks.register("register_admin_menu_item")
def register_gaps_menu_item():
    return GapsMenuItem("Gaps in provision", reverse("gaps:dashboard"), name="gaps", icon_name="warning", order=320)
