"""The demo questions: varied, one overdue, one with a CĐCS, safe to load twice."""

import io

import pytest
from django.core.management import call_command

from consultation.models import Faq, Question

pytestmark = pytest.mark.django_db


def test_demo_questions_cover_the_cases_and_load_once():
    call_command("demo_load", stdout=io.StringIO())
    count = Question.objects.count()
    call_command("demo_load", stdout=io.StringIO())
    assert Question.objects.count() == count == 12
    assert Faq.objects.published().count() >= 5
    assert Question.objects.overdue().exists()
    assert Question.objects.filter(assigned_unit__slug="bach-khoa").exists()
    assert Question.objects.filter(duplicate_of__isnull=False).exists()
    assert len({q.topic_id for q in Question.objects.all()}) == 7
