"""The site's URLs plus views that fail on purpose, for tests/test_error_pages.py."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.db import connection
from django.urls import path

from unionportal.urls import handler500, urlpatterns  # noqa: F401  (the handler too)


def bad_request(request):
    raise BadRequest


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug (test)")


def database_down(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


urlpatterns = [
    path("loi/400/", bad_request),
    path("loi/403/", forbidden),
    path("loi/500/", broken),
    path("loi/co-so-du-lieu/", database_down),
    *urlpatterns,
]
