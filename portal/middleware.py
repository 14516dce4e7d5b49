"""Site-wide middleware."""
from django.db import transaction

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class AtomicWritesMiddleware:
    """Run each request that may write (POST, PUT, PATCH, DELETE) in one database transaction.

    So a publish in the Wagtail admin and the indexing-outbox row it records
    (:mod:`search.outbox`) commit together or not at all, and after-commit work (applying the
    outbox) runs only once everything is saved. Reads are left in autocommit, so searches
    never hold SQLite's write lock. Unlike ``ATOMIC_REQUESTS`` this covers the middleware
    below it and the views of apps, such as Wagtail's, that commit as they go; a request that
ends in a server error is rolled back, as ``ATOMIC_REQUESTS`` would roll it back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500:  # an error, already turned into a page below us
                transaction.set_rollback(True)
            return response
