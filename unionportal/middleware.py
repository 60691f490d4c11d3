"""Project-wide middleware: the language choice, and a lost database answered 503."""

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import translation

from .views import server_error


class ChosenLanguageMiddleware:
    """Activate the language from the switcher's cookie, Vietnamese otherwise.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and members
    on an English-language phone would get an English site; the portal is Vietnamese
    first (DESIGN.md, invariant 6), so only an explicit choice changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    """Answer 503 "nothing was saved, try again" when the database went away (#12).

    A terminated connection (pg_terminate_backend, a failover, a restart) fails the
    request it was serving; its transaction was rolled back, so nothing of it was
    stored and the page says so. Django discards the broken connection at the end
    of the request and the next one connects afresh (CONN_HEALTH_CHECKS). The page is
    the error pages' own layout, built from settings alone like the 500 page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None

        response = server_error(request, "503_database.html")
        response.status_code = 503
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
