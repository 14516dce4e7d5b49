"""A fuzz pass: no page, admin listing or API answers a 5xx, whatever is in the query string.

The URLs are every pattern the resolver knows that takes no arguments (public pages, and the
admin's listings, searches and choosers, :data:`ADMIN_LISTS`), and the parameterised ones in
:func:`parameterised_urls`. Each is requested as an anonymous visitor, a group's editor, a
moderator and a link worker: first plainly, recording which query parameters the view reads
(:class:`ReadParameters`); then with every parameter it read, and the :data:`COMMON` ones,
set to each :data:`HOSTILE` value at once; and, as the role the page is for (:func:`is_theirs`),
with each parameter it read set to each :data:`HOSTILE_ALONE` value on its own, so that a
parameter refused early hides no other. Any 5xx (an exception included) fails the test, which
lists them. The suite runs on SQLite, which takes NUL bytes; PostgreSQL refuses them, so here
a NUL byte in any database query parameter is an error too (:func:`refuse_nul_bytes`).
"""
import contextlib
import re

import pytest
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from directory.groups.models import GroupApplication, ProblemReport
from directory.models import ActivityPage, Need
from directory.newgroups.models import NewGroupProposal
from directory.workspace import saved_searches, services
from directory.workspace.access import link_worker_group_name
from tests.factories import ActivityFactory, VenueFactory
from tests.groups.conftest import apply, empty_cache, make_group, make_user, moderator  # noqa: F401

pytestmark = pytest.mark.django_db

#: Tried in every parameter a page reads, all at once.
HOSTILE = [
    " ", '"', 'x"y', "\x00", "%00", "x" * 5000, '"><script>alert(1)</script>', "-1", str(10**20), "9" * 5000, "two",
    "Ünïcødé 😀 \u202e\x1b[0m",
]
#: Tried in each parameter on its own (so that one refused parameter hides no other).
HOSTILE_ALONE = [" ", '"', "\x00", "x" * 5000, "-1", str(10**20)]
#: Read by many views; always tried with the others, read or not.
COMMON = ("q", "p", "page", "ordering", "search", "order", "limit", "offset")
#: Never requested: they sign the user out, or are Wagtail's deliberate error page and assets.
SKIPPED = {
    "logout", "wagtailadmin_logout", "wagtailcore_login", "wagtailadmin_sprite", "wagtailadmin_javascript_catalog",
    "wagtailadmin_error_test",
}
#: The admin's listings, searches and choosers (the last part of their URL names).
ADMIN_LISTS = {
    "index", "list", "choose", "search", "history", "usage", "image_usage", "document_usage", "chosen_multiple",
    "site_history", "aging_pages", "locked_pages", "page_types_usage", "workflow", "workflow_tasks", "task_chooser",
    "wagtailadmin_explore", "wagtailadmin_choose_page", "wagtailadmin_choose_page_child", "wagtailadmin_choose_page_search",
    "wagtailadmin_choose_page_chosen_multiple", "wagtailadmin_tag_autocomplete",
}
ROLES = ("anonymous", "editor", "moderator", "link_worker")


class ReadParameters(contextlib.ContextDecorator):
    """Records the query parameter names any QueryDict is asked for while it is active."""

    METHODS = ("__getitem__", "__contains__", "get", "getlist")

    def __enter__(self):
        self.names, self.originals = set(), {name: QueryDict.__dict__.get(name) for name in self.METHODS}
        for name in self.METHODS:
            setattr(QueryDict, name, self._recording(getattr(QueryDict, name)))
        return self.names

    def _recording(self, method):
        def read(query, key, *args, **kwargs):
            if isinstance(key, str):
                self.names.add(key)
            return method(query, key, *args, **kwargs)

        return read

    def __exit__(self, *exc):
        for name, original in self.originals.items():
            if original is None:
                delattr(QueryDict, name)
            else:
                setattr(QueryDict, name, original)
        return False


def argumentless_urls():
    """Every URL pattern with no arguments, as a path (regular expressions are left out)."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern) and pattern.name not in SKIPPED:
                path = prefix + route
                if not re.search(r"[<>^$()\\?*+\[]", path):
                    yield "/" + path

    return sorted(set(walk(get_resolver().url_patterns)))


def is_admin(url):
    return url.startswith(("/admin/", "/django-admin/"))


def is_admin_list(url):
    """A listing, search or chooser of the Wagtail admin (their "results" twins render the same)."""
    return url.startswith("/admin/") and resolve(url).url_name in ADMIN_LISTS


@pytest.fixture
def site(make_group, moderator):  # noqa: F811
    """Two groups with listings and drafts, a venue, an image, a document, an application, a
    problem report, a new group proposal, and a link worker with a shortlist and a saved search."""
    mine = make_group("Margate Walkers", activities=1)
    theirs = make_group("Ramsgate Choir", activities=1)
    ActivityFactory(parent=theirs.organisation, title="Secret Draft Plan", publish=False)
    venue = VenueFactory(name="Cliftonville Community Centre", postcode="CT9 2AA", town="Cliftonville")
    image = get_image_model().objects.create(title="A walk", description="A walk", file=get_test_image_file(),
                                             collection=mine.collection)
    document = get_document_model().objects.create(title="Timetable", file=ContentFile(b"Tuesdays", name="timetable.txt"),
                                                   collection=mine.collection)
    apply("Broadstairs Knitters", "knit@example.org")
    ProblemReport.objects.create(page=mine.activities[0], kind=ProblemReport.KINDS[0][0], note="Wrong time")
    proposal = NewGroupProposal.objects.create(
        title="Men's shed", need=Need.objects.get(slug="diabetes"), district="CT9", latitude=51.39, longitude=1.38,
        idea="Woodwork and a chat.",
    )
    link_worker = make_user("lina", groups=[link_worker_group_name()])
    services.add_activity(link_worker, ActivityPage.objects.live().first())
    saved_searches.save_search(link_worker, "Walks near CT9", "q=walk&postcode=CT9")
    return {
        "anonymous": None, "editor": mine.editor, "moderator": moderator, "link_worker": link_worker,
        "objects": {"mine": mine, "theirs": theirs, "venue": venue, "image": image, "document": document,
                    "proposal": proposal},
    }


def parameterised_urls(objects):
    """The URLs with arguments: public pages, API details and the admin's per-object views."""
    mine, venue, image, document = objects["mine"], objects["venue"], objects["image"], objects["document"]
    activity, organisation = mine.activities[0], mine.organisation
    application = GroupApplication.objects.first()
    report = ProblemReport.objects.first()
    urls = [
        "/", organisation.url, activity.url, Page.objects.get(slug="organisations").url,
        reverse("need_detail", args=["diabetes"]),
        reverse("groups:report", args=[activity.pk]),
        reverse("groups:still_accurate", args=[organisation.pk, "not-a-token"]),
        reverse("workspace:shared", args=["not-a-token"]),
        reverse("newgroups:detail", args=[objects["proposal"].pk]),
        reverse("newgroups:edit", args=[objects["proposal"].pk]),
        reverse("groups_applications:review", args=[application.pk]),
        reverse("groups_problem_reports:review", args=[report.pk]),
        reverse("wagtailadmin_explore", args=[organisation.pk]),
        reverse("wagtailadmin_pages:edit", args=[activity.pk]),
        reverse("wagtailadmin_pages:history", args=[activity.pk]),
        reverse("wagtailadmin_pages:revisions_index", args=[activity.pk]),
        reverse("wagtailadmin_choose_page_child", args=[organisation.pk]),
        reverse("wagtailsnippets_directory_venue:history", args=[venue.pk]),
        reverse("wagtailsnippets_directory_venue:usage", args=[venue.pk]),
        reverse("wagtailsnippets_directory_venue:edit", args=[venue.pk]),
        reverse("wagtailimages:edit", args=[image.pk]),
        reverse("wagtailimages:image_usage", args=[image.pk]),
        reverse("wagtaildocs:edit", args=[document.pk]),
        reverse("wagtaildocs:document_usage", args=[document.pk]),
    ]
    for endpoint in ("pages", "activities", "organisations", "images", "documents", "needs"):
        urls.append(f"/api/v2/{endpoint}/")
    urls.append("/api/v2/pages/find/")
    for endpoint in ("services", "service_at_locations", "organizations", "taxonomies", "taxonomy_terms"):
        urls.append(f"/oruk/{endpoint}")  # (regular expressions in the resolver)
    for endpoint, pk in (("pages", activity.pk), ("activities", activity.pk), ("organisations", organisation.pk),
                         ("images", image.pk), ("documents", document.pk), ("needs", Need.objects.first().pk)):
        urls.append(f"/api/v2/{endpoint}/{pk}/")
    return urls


def client_for(user):
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def refuse_nul_bytes(execute, sql, params, many, context):
    """As PostgreSQL does (SQLite takes them): a NUL byte in a query parameter is an error."""
    for row in (params or ()) if many else [params or ()]:
        values = row.values() if isinstance(row, dict) else row
        if any(isinstance(value, str) and "\x00" in value for value in values):
            raise DatabaseError("A string literal cannot contain NUL (0x00) characters.")
    return execute(sql, params, many, context)


class Fuzzer:
    """Requests URLs as one user and keeps every 5xx."""

    def __init__(self, user):
        self.client, self.requests, self.failures = client_for(user), 0, []

    def get(self, url, query):
        self.requests += 1
        response = self.client.get(url, query)
        if response.status_code >= 500:
            self.failures.append(f"{response.status_code} {url} {query!r:.150}")
        return response

    def read_parameters(self, url):
        """(status, the query parameters the view read) for a plain request."""
        with ReadParameters() as read:
            response = self.get(url, {})
        return response.status_code, read - {"csrfmiddlewaretoken"}


@pytest.fixture
def urls(site):
    """The public pages, and the admin's listings, searches and choosers."""
    return [url for url in argumentless_urls() + parameterised_urls(site["objects"]) if not is_admin(url) or is_admin_list(url)]


def is_theirs(role, url):
    """Whether ``role`` is whom the page is for (each parameter is then fuzzed on its own)."""
    if url.startswith("/admin/"):
        return role == "moderator"  # who can see every listing, filter and draft
    if url.startswith(("/workspace/", "/gaps/", "/new-groups/")):
        return role == "link_worker"
    return role == "anonymous"


def fuzz(fuzzer, urls, role):
    """Every parameter a page reads (and the common ones) is given each hostile value at once;
    on the pages for this role, each parameter is also given them on its own."""
    for url in urls:
        status, read = fuzzer.read_parameters(url)
        if status != 200:  # refused, redirected or not found: one request will do
            fuzzer.get(url, {name: HOSTILE[1] for name in read | set(COMMON)})
            continue
        for value in HOSTILE:
            fuzzer.get(url, {name: value for name in read | set(COMMON)})
        if is_theirs(role, url):
            for name in sorted(read):
                for value in HOSTILE_ALONE:
                    fuzzer.get(url, {name: value})


@pytest.mark.parametrize("role", ROLES)
def test_no_url_answers_a_server_error_whatever_the_query_string(site, urls, role, capsys):
    fuzzer = Fuzzer(site[role])
    with connection.execute_wrapper(refuse_nul_bytes):
        fuzz(fuzzer, urls, role)
    with capsys.disabled():
        print(f"\n{role}: {fuzzer.requests} requests to {len(urls)} URLs")
    assert not fuzzer.failures, f"{len(fuzzer.failures)} server errors as {role}:\n" + "\n".join(fuzzer.failures[:60])
