"""The language switcher, and the error pages in the site's own chrome."""

from django.conf import settings
from django.http import HttpResponseRedirect, HttpResponseServerError
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from .context_processors import organization


@require_safe
def language_choose(request, code):
    """Remember the visitor's language in a cookie and go back where they were.

    A GET is fine here: the only effect is a display preference, harmless if forced.
    """
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
            httponly=True,
        )
    return response


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """The 500 page, Vietnamese and in the site's chrome, built from settings alone.

    Django's own handler renders 500.html with no context at all; ours adds what the
    header and footer need, and still no request context processor, since the
    database (sessions, messages, the user) may be what has just failed (#11).
    """
    context = {**organization(request), "request": request}
    return HttpResponseServerError(loader.get_template(template_name).render(context))


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form refused for its token, explained in Vietnamese."""
    context = {"no_cookie": reason == REASON_NO_CSRF_COOKIE}
    return render(request, "403_csrf.html", context, status=403)
