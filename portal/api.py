"""The headless Wagtail API v2 at /api/v2/."""
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from directory.api import ActivitiesAPIViewSet, NeedsAPIViewSet, OrganisationsAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("activities", ActivitiesAPIViewSet)
api_router.register_endpoint("organisations", OrganisationsAPIViewSet)
api_router.register_endpoint("needs", NeedsAPIViewSet)
