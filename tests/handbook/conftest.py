import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Booklets are kept in the default storage: each test its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
