"""Age in working days, the overdue list, and the response-time figures."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from consultation.models import Question
from consultation.selectors import percentile, response_time_stats
from consultation.timeliness import working_days_between
from tests.consultation.factories import QuestionFactory, answered

pytestmark = pytest.mark.django_db


def at(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2026, 3, 6), date(2026, 3, 6), 0),  # same Friday
        (date(2026, 3, 6), date(2026, 3, 9), 1),  # Friday -> Monday
        (date(2026, 3, 7), date(2026, 3, 8), 0),  # a weekend
        (date(2026, 3, 2), date(2026, 3, 16), 10),  # two whole weeks
        (date(2026, 3, 9), date(2026, 3, 2), 0),  # backwards
    ],
)
def test_working_days_count_monday_to_friday(start, end, days):
    assert working_days_between(start, end) == days


def test_holidays_are_not_working_days(settings):
    settings.CONSULTATION_HOLIDAYS = ["2026-04-27", date(2026, 4, 30), "2026-05-01"]
    # Friday 24/4 -> Friday 1/5: five weekdays, three of them holidays.
    assert working_days_between(date(2026, 4, 24), date(2026, 5, 1)) == 2


@pytest.mark.parametrize(
    ("now", "overdue"),
    [
        (at(2026, 3, 9, 23, 59), False),  # Monday: 5 working days since Monday 2/3
        (at(2026, 3, 10, 0, 0), True),  # Tuesday: 6
        (at(2026, 3, 10, 15, 0), True),
    ],
)
def test_a_question_is_overdue_after_five_working_days(now, overdue):
    with time_machine.travel(at(2026, 3, 2, 8, 0), tick=False):
        question = QuestionFactory()
    assert Question.objects.overdue(now).filter(pk=question.pk).exists() is overdue


def test_an_answered_question_is_never_overdue():
    with time_machine.travel(at(2026, 3, 2, 8, 0), tick=False):
        question = QuestionFactory()
        answered(question)
    assert not Question.objects.overdue(at(2026, 4, 1, 8, 0)).exists()


def test_the_number_of_days_is_a_setting(settings):
    settings.CONSULTATION_OVERDUE_WORKING_DAYS = 1
    with time_machine.travel(at(2026, 3, 2, 8, 0), tick=False):
        question = QuestionFactory()
    assert not Question.objects.overdue(at(2026, 3, 3, 8, 0)).exists()
    assert Question.objects.overdue(at(2026, 3, 4, 8, 0)).get() == question


def test_the_admin_lists_overdue_questions(office_client):
    with time_machine.travel(timezone.now() - timedelta(days=30), tick=False):
        old = QuestionFactory(body="Câu hỏi cũ chưa trả lời")
    fresh = QuestionFactory(body="Câu hỏi mới gửi")
    response = office_client.get(
        reverse("admin:consultation_question_changelist"), {"han": "qua-han"}
    )
    shown = {q.pk for q in response.context["cl"].result_list}
    assert shown == {old.pk}
    assert fresh.pk not in shown
    assert "quá hạn" in response.text


def test_percentile_interpolates_like_percentile_cont():
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile(
        [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], 0.9
    ) == pytest.approx(9.1)
    assert percentile([7.0], 0.9) == 7.0


def _answered_after(hours: float, *, asked: datetime, unit=None) -> Question:
    with time_machine.travel(asked, tick=False):
        question = QuestionFactory(assigned_unit=unit)
    answered(question, now=asked + timedelta(hours=hours))
    return question


def test_response_times_per_month_and_per_unit(unit_a):
    for hours in (2, 4, 6, 8):
        _answered_after(hours, asked=at(2026, 1, 10, 9, 0))
    for hours in (10, 30):
        _answered_after(hours, asked=at(2026, 2, 10, 9, 0), unit=unit_a)
    by_month = response_time_stats(
        since=at(2026, 1, 1, 0, 0), until=at(2026, 3, 1, 0, 0)
    )
    assert [(r.key, r.count, r.median_hours, r.p90_hours) for r in by_month] == [
        ("2026-01", 4, 5.0, 7.4),
        ("2026-02", 2, 20.0, 28.0),
    ]
    by_unit = {
        r.label: r
        for r in response_time_stats(
            since=at(2026, 1, 1, 0, 0), until=at(2026, 3, 1, 0, 0), by="unit"
        )
    }
    assert by_unit["BK"].median_hours == 20.0
    assert by_unit["Văn phòng Công đoàn"].count == 4


def test_response_times_ignore_questions_answered_outside_the_window():
    _answered_after(3, asked=at(2026, 1, 31, 22, 0))  # answered 1 February, 01:00
    rows = response_time_stats(since=at(2026, 1, 1, 0, 0), until=at(2026, 2, 1, 1, 0))
    assert rows == []
    rows = response_time_stats(since=at(2026, 1, 1, 0, 0), until=at(2026, 2, 1, 1, 1))
    assert [r.key for r in rows] == ["2026-02"]


@pytest.mark.integration
def test_python_percentiles_match_postgresqls_percentile_cont():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    hours = [1.5, 2, 3, 5, 8, 13, 21, 34]
    for h in hours:
        _answered_after(h, asked=at(2026, 1, 5, 9, 0))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x),"
            " percentile_cont(0.9) WITHIN GROUP (ORDER BY x)"
            " FROM (SELECT EXTRACT(EPOCH FROM answered_at - created_at) / 3600 AS x"
            " FROM consultation_question) t"
        )
        median, p90 = cursor.fetchone()
    (row,) = response_time_stats(since=at(2026, 1, 1, 0, 0), until=at(2026, 2, 1, 0, 0))
    assert row.median_hours == pytest.approx(float(median), abs=0.01)
    assert row.p90_hours == pytest.approx(float(p90), abs=0.01)
