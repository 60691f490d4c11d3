"""The project's URLs plus a bare view: the ceiling any Django page can reach here.

`/bench/ok` answers "ok" with no template, no query and no page cache, through the
same middleware as every page, so "req/s of a page / req/s of /bench/ok" says how
much of the budget the page itself spends. Loaded only through benchmarks.settings.
"""

from django.http import HttpResponse
from django.urls import include, path


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/ok", ok, name="bench_ok"),
    path("", include("unionportal.urls")),
]
