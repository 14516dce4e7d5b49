"""Root URLs: admin, API, directory pages, search, then Wagtail's page tree."""
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from directory.groups import read_guards
from portal.admin_input import sanitised_admin_view
from portal.api import api_router

# Wagtail's admin views read some query parameters as typed (see portal.admin_input).
decorate_urlpatterns(wagtailadmin_urls.urlpatterns, sanitised_admin_view)

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Wagtail's page chooser and site history, without other groups' drafts or venue history.
    path("admin/", include(decorate_urlpatterns(read_guards.admin_urls(), sanitised_admin_view))),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("directory.urls")),
    path("groups/", include("directory.groups.urls")),
    path("workspace/", include("directory.workspace.urls")),
    path("gaps/", include("directory.gaps.urls")),
    path("new-groups/", include("directory.newgroups.urls")),
    path("oruk/", include("directory.openreferral.urls")),  # the Open Referral UK 3.0 API
    path("", include("search.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
