"""Text typed by a person, made safe to store, to search with and to show.

- :func:`printable_text` is for any free text that reaches the database: NUL bytes and other
  control or formatting characters (including invisible direction overrides such as U+202E)
  are taken out, and whitespace of any kind (tabs, new lines, no-break spaces) becomes single
  spaces.
- :func:`clean_search_text` is for every search string, before it reaches a search backend
  (the directory's own, or Wagtail's for the API and the admin): printable text without double
  quotes. Wagtail's SQLite backend quotes each word for FTS5 without escaping a quote inside it
  (``x"y`` is an SQL error, so a 500), PostgreSQL refuses a NUL byte in any string, and
  Wagtail's query parser reads quotes as phrases. No backend is given operator syntax (Wagtail
  quotes every word; the directory's backends match words), so quotes and control characters
  are all that needs taking out.
- :func:`printable_query` is a query string's every value as :func:`printable_text`, for views
  that hand query parameters to the database as typed (Wagtail's admin and API).
- :func:`safe_echo` is for input repeated back in JSON: HTML-escaped, as the pages show it,
  so a client that drops it into HTML is not exposed.
"""
from django.utils.html import escape


def printable_text(value):
    """``value`` as text without control characters, single-spaced and trimmed."""
    text = "".join(ch if ch.isprintable() or ch.isspace() else "" for ch in str(value or ""))
    return " ".join(text.split())


def printable_query(query):
    """A copy of the QueryDict ``query`` with every value as :func:`printable_text` (the same
    QueryDict when nothing changes)."""
    names = list(query)  # (iterating the names reads no parameter)
    changed = {name: [printable_text(value) for value in query.getlist(name)] for name in names}
    if all(changed[name] == query.getlist(name) for name in names):
        return query
    query = query.copy()
    for name, values in changed.items():
        query.setlist(name, values)
    query._mutable = False
    return query


def clean_search_text(value):
    """The words of a search, safe for every search backend: ``'a\\x00"b'`` -> ``"a b"``."""
    return printable_text(str(value or "").replace('"', " "))


def has_words(text):
    """Whether ``text`` has a letter or a digit to search for."""
    return any(ch.isalnum() for ch in text)


def safe_echo(value):
    """User input to repeat in JSON: printable and HTML-escaped, as the HTML pages show it."""
    return str(escape(printable_text(value)))

