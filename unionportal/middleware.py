"""Language choice: Vietnamese unless the visitor picked another language."""

from django.conf import settings
from django.utils import translation


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
