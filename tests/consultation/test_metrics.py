"""The question columns and chart of the office dashboard (consultation.metrics)."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from consultation.metrics import CONSULTATION_PROVIDER, consultation_figures
from consultation.models import Question
from reports.build import dashboard_build
from reports.periods import Period
from reports.registry import dashboard_providers
from tests.consultation.factories import QuestionFactory
from tests.units.factories import UnitFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2025, 6, 20, 10, 0, tzinfo=HCM)
DAY = datetime.timedelta(days=1)


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=HCM)


def month(number: int) -> Period:
    return Period.of(granularity="month", year=2025, number=number, now=NOW)


def asked(unit, when, *, waited=None, status=None):
    """A question assigned to `unit`, asked at `when`, answered `waited` later."""
    question = QuestionFactory(assigned_unit=unit)
    Question.objects.filter(pk=question.pk).update(
        created_at=when,
        answered_at=when + waited if waited is not None else None,
        status=status or ("answered" if waited is not None else "assigned"),
    )
    return question


def figures(units, period, *, charts=False):
    return consultation_figures(
        unit_ids=[u.pk for u in units], period=period, charts=charts
    )


def test_the_provider_is_registered():
    assert CONSULTATION_PROVIDER in dashboard_providers()


def test_a_question_asked_on_the_last_evening_of_a_month_counts_in_that_month(
    unit_a,
):
    asked(unit_a, at(2025, 3, 31, 23, 59), waited=2 * DAY)  # answered in April
    asked(unit_a, at(2025, 4, 1, 0, 0), waited=4 * DAY)
    march, april = figures([unit_a], month(3)), figures([unit_a], month(4))
    assert march.values["consultation_assigned"] == {unit_a.pk: 1}
    assert april.values["consultation_assigned"] == {unit_a.pk: 1}
    assert march.values["consultation_median_days"] == {unit_a.pk: pytest.approx(2)}
    assert april.values["consultation_median_days"] == {unit_a.pk: pytest.approx(4)}


def test_the_median_counts_waiting_questions_and_leaves_out_closed_ones(unit_a, unit_b):
    asked(unit_a, at(2025, 5, 2, 8), waited=DAY)
    asked(unit_a, at(2025, 5, 3, 8), waited=3 * DAY)
    asked(unit_a, at(2025, 5, 4, 8), status="closed")  # spam: no answer expected
    asked(unit_b, at(2025, 5, 10, 10))  # still waiting on NOW (June 20): 41 days
    asked(unit_b, at(2025, 5, 11, 10))
    asked(unit_b, at(2025, 5, 12, 10), waited=DAY / 2)
    asked(None, at(2025, 5, 12, 11), waited=DAY)  # the office's own
    values = figures([unit_a, unit_b], month(5)).values
    assert values["consultation_assigned"] == {unit_a.pk: 3, unit_b.pk: 3}
    medians = values["consultation_median_days"]
    assert medians[unit_a.pk] == pytest.approx(2)
    assert medians[unit_b.pk] == pytest.approx(40)  # not 0.5: silence shows


def test_a_unit_without_questions_has_no_median_and_is_not_flagged(unit_a, unit_b):
    asked(unit_a, at(2025, 5, 2, 8), waited=9 * DAY)
    board = dashboard_build(units=[unit_a, unit_b], period=month(5))
    cells = {
        row.unit.pk: next(
            c for c in row.cells if c.column.key == "consultation_median_days"
        )
        for row in board.rows
    }
    assert cells[unit_a.pk].value == pytest.approx(9) and cells[unit_a.pk].flagged
    assert cells[unit_b.pk].value is None and not cells[unit_b.pk].flagged
    assert "consultation_response" in [chart.key for chart in board.charts]


def test_the_trend_chart_gives_monthly_medians_per_unit_and_overall(unit_a, unit_b):
    asked(unit_a, at(2025, 4, 30, 23, 30), waited=DAY)  # April, by local time
    asked(unit_a, at(2025, 5, 2, 8), waited=2 * DAY)
    asked(unit_b, at(2025, 5, 3, 8), waited=4 * DAY)
    asked(unit_b, at(2025, 5, 4, 8), waited=6 * DAY)
    (series,) = figures([unit_a, unit_b], month(5), charts=True).series
    assert series.key == "consultation_response" and series.lines == "overall"
    april, may = datetime.date(2025, 4, 1), datetime.date(2025, 5, 1)
    assert series.per_unit[unit_a.pk] == {
        april: pytest.approx(1),
        may: pytest.approx(2),
    }
    assert series.per_unit[unit_b.pk] == {may: pytest.approx(5)}
    # The median of all May questions, not the average of the units' medians.
    assert series.overall == {april: pytest.approx(1), may: pytest.approx(4)}


@pytest.mark.parametrize("charts, queries", [(False, 2), (True, 4)])
def test_queries_stay_fixed_whatever_the_number_of_units_and_questions(
    django_assert_num_queries, unit_a, charts, queries
):
    year = Period.of(granularity="year", year=2025, now=NOW)
    asked(unit_a, at(2025, 1, 5, 9), waited=DAY)
    with django_assert_num_queries(queries):
        figures([unit_a], year, charts=charts)
    units = [unit_a, *(UnitFactory() for _n in range(5))]
    for unit in units:
        for number in range(1, 6):
            asked(unit, at(2025, number, 5, 9), waited=number * DAY)
    with django_assert_num_queries(queries):
        result = figures(units, year, charts=charts)
    assert result.values["consultation_assigned"][unit_a.pk] == 6
    assert result.values["consultation_median_days"][units[-1].pk] == pytest.approx(3)
