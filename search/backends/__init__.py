"""Search backends: the database (embedded default) and Elasticsearch, behind search.service."""
