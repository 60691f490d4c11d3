"""`manage.py demo_load` builds the demo site and is safe to run twice."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from publishing.demo import DEMO_PASSWORD_DEFAULT
from units import demo as units_demo

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "admin", "contenttypes"}
    }


def test_demo_loads_and_a_second_run_changes_nothing():
    out = io.StringIO()
    call_command("demo_load", stdout=out)
    first = row_counts()
    call_command("demo_load", stdout=out)
    assert row_counts() == first
    demo = get_user_model().objects.get(username="vanphong")
    assert demo.is_staff
    assert "vanphong / congdoan-demo-2026" in out.getvalue()


# -- only in development (#12) ----------------------------------------------------
def demo_accounts():
    return get_user_model().objects.filter(
        username__in=[
            "vanphong",
            *[name for name, _slug in units_demo.EDITORS + units_demo.CHIEF_EDITORS],
        ]
    )


@pytest.fixture
def production_like(settings, monkeypatch):
    settings.DEBUG = False
    settings.DEMO_DATA_ALLOWED = False
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)


def test_outside_development_demo_load_refuses_and_creates_nothing(production_like):
    before = row_counts()
    with pytest.raises(CommandError, match="--force"):
        call_command("demo_load", stdout=io.StringIO())
    assert row_counts() == before
    assert not demo_accounts().exists()


def test_forced_outside_development_it_never_uses_the_public_password(
    production_like, monkeypatch
):
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)  # even when asked to
    out = io.StringIO()
    call_command("demo_load", "--force", stdout=out)
    text = out.getvalue()
    assert DEMO_PASSWORD_DEFAULT not in text
    (line,) = [x for x in text.splitlines() if "chỉ in lần này" in x]
    password = line.rsplit(": ", 1)[1].strip().removesuffix("\x1b[0m")
    assert len(password) >= 20
    assert text.count(password) == 1  # printed once
    accounts = list(demo_accounts())
    assert len(accounts) == 1 + len(units_demo.EDITORS + units_demo.CHIEF_EDITORS)
    for user in accounts:
        assert not user.check_password(DEMO_PASSWORD_DEFAULT)
        assert user.check_password(password)
    # A second forced run makes a new password for nobody and prints none.
    again = io.StringIO()
    call_command("demo_load", "--force", stdout=again)
    assert password not in again.getvalue()
    assert "(đã đổi)" in again.getvalue()
    assert all(user.check_password(password) for user in demo_accounts())


def test_in_production_settings_demo_data_is_not_allowed(monkeypatch):
    """The production settings module turns development off whatever the env says."""
    import importlib
    import sys

    for name in ("DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"):
        monkeypatch.setenv(name, "x" * 50 if name == "DJANGO_SECRET_KEY" else "")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@127.0.0.1:5432/x")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/9")
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "congdoan.example.edu.vn")
    monkeypatch.setenv("DJANGO_DEBUG", "true")
    sys.modules.pop("unionportal.settings.production", None)
    production = importlib.import_module("unionportal.settings.production")
    sys.modules.pop("unionportal.settings.production", None)
    assert production.DEBUG is False
    assert production.DEMO_DATA_ALLOWED is False


def test_a_developer_still_gets_the_readme_password(settings, monkeypatch):
    settings.DEBUG = True
    settings.DEMO_DATA_ALLOWED = False
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    out = io.StringIO()
    call_command("demo_load", stdout=out)
    assert "vanphong / congdoan-demo-2026" in out.getvalue()
