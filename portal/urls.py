"""Root URLs: admin, API, directory pages, search, then Wagtail's page tree."""
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal.api import api_router

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("directory.urls")),
    path("groups/", include("directory.groups.urls")),
    path("workspace/", include("directory.workspace.urls")),
    path("gaps/", include("directory.gaps.urls")),
    path("new-groups/", include("directory.newgroups.urls")),
    path("", include("search.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
