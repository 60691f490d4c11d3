"""Each test starts with no cached public page and its own media folder."""

import pytest

from publishing.cache import page_cache_invalidate


@pytest.fixture(autouse=True)
def fresh_page_cache():
    # Redis keeps pages between tests; a new generation makes every key new.
    page_cache_invalidate()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
