"""The Wagtail admin's query strings, made safe before Wagtail's views read them.

Wagtail 8 hands these on as typed, and each was a 500 with hostile input:

- every value: a NUL byte is an error on PostgreSQL (the tag autocomplete's ``term``, the image
  chooser's ``tag``...): values are :func:`search.sanitise.printable_query`'s;
- ``q`` (every listing, chooser and the page search) goes to the search backend: it is given
  :func:`search.sanitise.clean_search_text` (a quote alone is then no search at all);
- ``id`` on the choosers' "chosen" views, and the page chooser's ``target_pages[]``, go to
  ``int()`` or a ``pk__in`` filter: only whole numbers are kept (every id here is one);
- a search with a filter Wagtail cannot apply to search results (the image chooser's ``tag``,
  the image and document listings' usage counts) is an AttributeError or FilterFieldError: the
  search is kept and the filter dropped;
- a whole number too large for a database integer (``owner=10**20`` on any listing filter)
  overflows SQLite's integers, and PostgreSQL's, in Django's model choice fields: it is dropped,
  as no record has such an id and no listing so many pages.

``portal/urls.py`` wraps every admin view with :func:`sanitised_admin_view`.
"""
import functools

from search.sanitise import clean_search_text, printable_query

ID_LISTS = {"id", "target_pages[]"}
CHOSEN_VIEWS = {"chosen_multiple", "wagtailadmin_choose_page_chosen_multiple", "wagtailadmin_choose_page",
                "wagtailadmin_choose_page_child"}
#: By URL namespace, the filters Wagtail cannot apply to search results.
NOT_WITH_A_SEARCH = {
    "wagtailimages_chooser": {"tag"},
    "wagtailimages": {"usage_count_min", "usage_count_max"},
    "wagtaildocs": {"usage_count_min", "usage_count_max"},
}
MAX_DIGITS = 18  # every whole number of 18 digits fits in a 64-bit integer


def is_id(value):
    return value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS


def is_huge_number(value):
    digits = value.strip().removeprefix("-")
    return digits.isascii() and digits.isdigit() and len(digits) > MAX_DIGITS


def sanitised_query(query, url_name="", namespace=""):
    """A copy of the QueryDict ``query`` with the parameters above made safe."""
    if not query:
        return query
    present = set(query)  # (iterating reads no parameter)
    query = printable_query(query).copy()
    for name in present:
        values = query.getlist(name)
        if name == "q":
            values = [clean_search_text(value) for value in values]
        elif name in ID_LISTS and url_name in CHOSEN_VIEWS:
            values = [value for value in values if is_id(value)]
        values = [value for value in values if not is_huge_number(value)]
        if values:
            query.setlist(name, values)
        else:
            del query[name]
    if query.get("q"):
        for name in NOT_WITH_A_SEARCH.get(namespace, set()) & present:
            del query[name]
    query._mutable = False
    return query


def sanitised_admin_view(view):
    """``view``, reading the query string through :func:`sanitised_query`."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        match = request.resolver_match
        request.GET = sanitised_query(request.GET, match.url_name or "", match.namespace or "")
        return view(request, *args, **kwargs)

    return wrapper
