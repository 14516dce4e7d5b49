"""The Open Referral admin screens, and an imported page's provenance on its edit screen."""
from django.contrib import messages
from wagtail import hooks

from .admin_views import OpenReferralViewSetGroup
from .provenance import provenance_of, sentence


@hooks.register("register_admin_viewset")
def register_open_referral():
    return OpenReferralViewSetGroup()


@hooks.register("before_edit_page")
def show_provenance(request, page):
    if request.method == "GET":
        record = provenance_of(page)
        if record is not None:
            extra = " It is no longer in the source." if record.vanished_at else ""
            messages.info(request, f"{sentence(record)} Its id there is {record.external_id}.{extra}")
    return None
