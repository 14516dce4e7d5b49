"""The one search interface. Views, the JSON API, the map and the gaps work call this.

    from search.service import search_activities
    results = search_activities(params)   # SearchParams -> SearchResults

It uses Elasticsearch when ``settings.SEARCH_BACKEND["ELASTICSEARCH_URL"]`` is set, else the
database; if Elasticsearch is unreachable (or its index is missing) it answers from the
database and marks the results ``degraded`` with a message to show the user. It never raises
for bad parameters: :func:`search.params.parse_search_params` has already validated them.
"""
import logging

from django.conf import settings

from search.backends import base, database

logger = logging.getLogger(__name__)

BACKENDS = ("database", "elasticsearch")


def configured_backend():
    """ "elasticsearch" when an Elasticsearch URL is configured, else "database"."""
    config = getattr(settings, "SEARCH_BACKEND", {}) or {}
    return "elasticsearch" if config.get("ELASTICSEARCH_URL") else "database"


def search_activities(params, *, backend=None, now=None):
    """Search listed activities. ``backend`` forces "database" or "elasticsearch".

    ``now`` (a naive local datetime) is when "next session" counts from; default now.
    """
    backend = backend or configured_backend()
    if backend == "elasticsearch":
        from search.backends import elastic

        try:
            return elastic.search(params, now=now)
        except elastic.Unavailable as error:
            logger.warning("Elasticsearch unavailable, searching the database instead: %s", error)
            results = database.search(params, now=now)
            results.degraded = True
            results.message = base.DEGRADED_MESSAGE
            return results
    if backend != "database":
        raise ValueError(f"Unknown search backend {backend!r}; choose from {', '.join(BACKENDS)}.")
    return database.search(params, now=now)
