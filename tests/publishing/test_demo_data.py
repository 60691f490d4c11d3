"""`manage.py load_demo` builds the demo site and is safe to run twice."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "admin", "contenttypes"}
    }


def test_demo_loads_and_a_second_run_changes_nothing():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    first = row_counts()
    call_command("load_demo", stdout=out)
    assert row_counts() == first
    demo = get_user_model().objects.get(username="vanphong")
    assert demo.is_staff
    assert "vanphong / congdoan-demo-2026" in out.getvalue()
