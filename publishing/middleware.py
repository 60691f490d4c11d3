"""A lost database connection answers 503 "try again", not a 500 (#12)."""

from django.db import InterfaceError, OperationalError
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    """Answer 503 with a Vietnamese page when the database went away mid-request.

    A terminated connection (pg_terminate_backend, a failover, a restart) fails the
    request it was serving; its transaction was rolled back, so nothing of it was
    stored and the page says so. Django discards the broken connection at the end
    of the request and the next one connects afresh (CONN_HEALTH_CHECKS). The page
    needs no database: it is rendered from a template that queries nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        from django.http import HttpResponse

        response = HttpResponse(
            render_to_string("publishing/database_unavailable.html"), status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
