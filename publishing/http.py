"""Public pages: served from the page cache for visitors, cacheable by a CDN.

One decorator, `public_page`, for every public view: anonymous GETs come from the
shared page cache when they can (publishing.cache) and carry `Cache-Control: public`;
with the cache unreachable they are rendered as if uncached, never an error. Everyone
else (editors see previews and admin links) gets a private, uncached page.
"""

from functools import wraps

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

from .cache import page_cache_enabled, page_cache_get, page_cache_key, page_cache_set

PUBLIC_MAX_AGE_SECONDS = getattr(settings, "PUBLIC_MAX_AGE_SECONDS", 60)
PUBLIC_SHARED_MAX_AGE_SECONDS = getattr(settings, "PUBLIC_SHARED_MAX_AGE_SECONDS", 300)


def public_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        anonymous = (
            request.method in ("GET", "HEAD") and not request.user.is_authenticated
        )
        key = page_cache_key(request) if anonymous and page_cache_enabled() else None
        response = page_cache_get(key) if key else None
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response.render()
            if key and response.status_code == 200:
                page_cache_set(key, response)
        if response.status_code >= 500 or response.has_header("Cache-Control"):
            return response
        if anonymous:
            patch_cache_control(
                response,
                public=True,
                max_age=PUBLIC_MAX_AGE_SECONDS,
                s_maxage=PUBLIC_SHARED_MAX_AGE_SECONDS,
            )
        else:
            patch_cache_control(response, private=True, no_cache=True)
        # The language cookie and the session both change the page.
        patch_vary_headers(response, ("Cookie",))
        return response

    return wrapper
