"""The headless Wagtail API v2 at /api/v2/.

Every endpoint is registered through a subclass (:class:`SafeEndpoint`) that takes
``?search=`` through :class:`SafeSearchFilter` instead of Wagtail's ``SearchFilter`` (which
hands the raw text to the search backend: a space, a quote or a NUL byte there is a 500),
takes control characters out of every parameter, refuses an offset the database cannot take,
and HTML-escapes the input its error messages quote (see :func:`search.sanitise.safe_echo`).
"""
from django.conf import settings
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from directory.api import ActivitiesAPIViewSet, NeedsAPIViewSet, OrganisationsAPIViewSet
from search.params import MAX_TEXT_LENGTH
from search.sanitise import clean_search_text, has_words, printable_query, safe_echo

SEARCH_OPERATORS = ("and", "or")


class SafeSearchFilter(SearchFilter):
    """``?search=`` as words: blank is no search; control characters and quotes are taken out;
    nothing left to search for, a bad ``search_operator`` or a search over 200 characters is a
    400 that says so."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET or not request.GET["search"].strip():
            return queryset
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadRequestError("search is disabled")
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        text = clean_search_text(request.GET["search"])
        if not has_words(text):
            raise BadRequestError("search for some words or numbers: the search had only punctuation or control characters")
        if len(text) > MAX_TEXT_LENGTH:
            raise BadRequestError(f"search for {MAX_TEXT_LENGTH} characters or fewer")
        operator = request.GET.get("search_operator") or None
        if operator is not None and operator.lower() not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        try:
            return get_search_backend().search(
                text, queryset, operator=operator, order_by_relevance="order" not in request.GET,
            )
        except FilterFieldError as error:
            raise BadRequestError(f"cannot filter by '{error.field_name}' while searching (field is not indexed)") from error
        except OrderByFieldError as error:
            raise BadRequestError(f"cannot order by '{error.field_name}' while searching (field is not indexed)") from error


def safe_search(filter_backends):
    """An endpoint's filters with Wagtail's SearchFilter swapped for SafeSearchFilter."""
    return [SafeSearchFilter if backend is SearchFilter else backend for backend in filter_backends]


class BoundedPagination(WagtailPagination):
    """Wagtail's ``limit`` and ``offset``, with an offset the database can take: a larger one
    (``offset=10**20`` overflows SQLite's integers) is a 400."""

    MAX_OFFSET = 10**9

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "").strip()
        if offset.isdigit() and (len(offset) > 10 or int(offset) > self.MAX_OFFSET):
            raise BadRequestError(f"offset cannot be higher than {self.MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class SafeEndpoint:
    """Endpoint mixin: query parameters without control characters (a NUL byte in ``site``,
    ``locale`` or ``need`` is an error on PostgreSQL), bounded pagination, and error messages
    (which may quote the query string) HTML-escaped."""

    pagination_class = BoundedPagination

    def dispatch(self, request, *args, **kwargs):
        request.GET = printable_query(request.GET)
        return super().dispatch(request, *args, **kwargs)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        data = getattr(response, "data", None)
        if isinstance(data, dict) and isinstance(data.get("message"), str):
            data["message"] = safe_echo(data["message"])
        return response


class PagesEndpoint(SafeEndpoint, PagesAPIViewSet):
    filter_backends = safe_search(PagesAPIViewSet.filter_backends)


class ImagesEndpoint(SafeEndpoint, ImagesAPIViewSet):
    filter_backends = safe_search(ImagesAPIViewSet.filter_backends)


class DocumentsEndpoint(SafeEndpoint, DocumentsAPIViewSet):
    filter_backends = safe_search(DocumentsAPIViewSet.filter_backends)


class ActivitiesEndpoint(SafeEndpoint, ActivitiesAPIViewSet):
    filter_backends = safe_search(ActivitiesAPIViewSet.filter_backends)


class OrganisationsEndpoint(SafeEndpoint, OrganisationsAPIViewSet):
    filter_backends = safe_search(OrganisationsAPIViewSet.filter_backends)


class NeedsEndpoint(SafeEndpoint, NeedsAPIViewSet):
    """No search: the taxonomy is served whole."""


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesEndpoint)
api_router.register_endpoint("images", ImagesEndpoint)
api_router.register_endpoint("documents", DocumentsEndpoint)
api_router.register_endpoint("activities", ActivitiesEndpoint)
api_router.register_endpoint("organisations", OrganisationsEndpoint)
api_router.register_endpoint("needs", NeedsEndpoint)
