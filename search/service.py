"""The one search interface. Views, the JSON API, the map and the gaps work call this.

    from search.service import search_activities
    results = search_activities(params)   # SearchParams -> SearchResults

It uses Elasticsearch when ``settings.SEARCH_BACKEND["ELASTICSEARCH_URL"]`` is set, else the
database; if Elasticsearch is unreachable it answers from the database and marks the results
``degraded``.
"""
