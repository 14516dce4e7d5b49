"""The "New groups" item in the Wagtail admin menu, for those allowed to use it."""
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import can_use_new_groups


class NewGroupsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_use_new_groups(request.user)


@hooks.register("register_admin_menu_item")
def register_new_groups_menu_item():
    return NewGroupsMenuItem("New groups", reverse("newgroups:index"), name="new-groups", icon_name="group", order=330)
