"""The guidance columns and chart of the office dashboard (guidance.metrics)."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from guidance.metrics import GUIDANCE_PROVIDER, guidance_figures
from guidance.models import Distribution
from publishing.workflow import Intent
from reports.build import dashboard_build
from reports.periods import Period
from reports.registry import dashboard_providers
from tests.guidance.factories import DistributionFactory, DocumentFactory
from tests.units.factories import UnitFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2025, 6, 20, 10, 0, tzinfo=HCM)
IMPLEMENTED = Distribution.Status.IMPLEMENTED
RECEIVED = Distribution.Status.RECEIVED


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=HCM)


def month(number: int, year: int = 2025) -> Period:
    return Period.of(granularity="month", year=year, number=number, now=NOW)


def sent(
    unit,
    *,
    issued=datetime.date(2025, 2, 10),
    deadline=None,
    received=None,
    implemented=None,
    document=None,
):
    """A distribution sent on the issue day, received/implemented at the given times."""
    document = document or DocumentFactory(
        issue_date=issued, response_deadline=deadline
    )
    row = DistributionFactory(document=document, unit=unit)
    status = IMPLEMENTED if implemented else RECEIVED if received else "not_seen"
    Distribution.objects.filter(pk=row.pk).update(
        created_at=at(document.issue_date.year, document.issue_date.month, 1),
        status=status,
        received_at=received or implemented,
        implemented_at=implemented,
    )
    return row


def figures(units, period, *, charts=False):
    return guidance_figures(
        unit_ids=[u.pk for u in units], period=period, charts=charts
    )


def test_the_provider_is_registered_with_its_three_columns():
    assert GUIDANCE_PROVIDER in dashboard_providers()
    assert [c.key for c in GUIDANCE_PROVIDER.columns] == [
        "guidance_received",
        "guidance_implemented",
        "guidance_overdue",
    ]


def test_implemented_on_the_last_evening_of_a_month_counts_in_that_month(
    unit_a, unit_b
):
    sent(unit_a, implemented=at(2025, 3, 31, 23, 59))  # 16:59 UTC, still March here
    sent(unit_a, implemented=at(2025, 4, 1, 0, 0))  # already April
    sent(unit_b, received=at(2025, 3, 31, 23, 59, 59))
    march = figures([unit_a, unit_b], month(3)).values
    april = figures([unit_a, unit_b], month(4)).values
    assert march["guidance_implemented"] == {unit_a.pk: 1, unit_b.pk: 0}
    assert april["guidance_implemented"] == {unit_a.pk: 1}
    # Implementing also receives, at the same moment.
    assert march["guidance_received"] == {unit_a.pk: 1, unit_b.pk: 1}
    assert april["guidance_received"] == {unit_a.pk: 1}


def test_overdue_is_the_backlog_when_the_period_ends(unit_a):
    sent(unit_a, deadline=datetime.date(2025, 3, 31))  # due on March's last day
    sent(unit_a, deadline=datetime.date(2025, 4, 1))  # due the next day
    # Late, then implemented in April: overdue at the end of March only.
    sent(
        unit_a,
        deadline=datetime.date(2025, 3, 20),
        implemented=at(2025, 4, 5, 9),
    )
    # Implemented on time: never overdue.
    sent(
        unit_a,
        deadline=datetime.date(2025, 3, 20),
        implemented=at(2025, 3, 20, 23, 30),
    )
    overdue = [
        figures([unit_a], month(n)).values["guidance_overdue"].get(unit_a.pk, 0)
        for n in (2, 3, 4)
    ]
    assert overdue == [0, 2, 2]  # March: 31st and 20th; April: 31st and 1st


def test_overdue_in_a_running_period_counts_to_today(unit_a):
    sent(unit_a, deadline=datetime.date(2025, 6, 19))
    sent(unit_a, deadline=datetime.date(2025, 6, 20))  # today: not late yet
    june = figures([unit_a], month(6))
    assert june.values["guidance_overdue"] == {unit_a.pk: 1}


def test_a_document_sent_after_the_period_is_not_overdue_in_it(unit_a):
    row = sent(unit_a, deadline=datetime.date(2025, 3, 1))
    Distribution.objects.filter(pk=row.pk).update(created_at=at(2025, 5, 2, 8))
    assert figures([unit_a], month(4)).values["guidance_overdue"] == {}
    assert figures([unit_a], month(5)).values["guidance_overdue"] == {unit_a.pk: 1}


def test_only_published_documents_count(unit_a):
    draft = DocumentFactory(
        issue_date=datetime.date(2025, 2, 1),
        response_deadline=datetime.date(2025, 2, 2),
        intent=Intent.DRAFT,
    )
    sent(unit_a, document=draft, implemented=at(2025, 3, 3, 9))
    values = figures([unit_a], month(3)).values
    assert values["guidance_implemented"] == {} and values["guidance_overdue"] == {}


def test_the_rate_chart_sums_units_rather_than_averaging_their_rates(unit_a, unit_b):
    may = datetime.date(2025, 5, 6)
    sent(unit_a, issued=may, implemented=at(2025, 5, 31, 23, 0))
    for _n in range(3):
        sent(unit_b, issued=may)
    sent(unit_b, issued=datetime.date(2025, 4, 30), implemented=at(2025, 6, 1, 8))
    # Implemented after the period (May) ends: not yet implemented in May's chart.
    (series,) = figures([unit_a, unit_b], month(5), charts=True).series
    assert series.key == "guidance_rate" and series.lines == "overall"
    april, may_1 = datetime.date(2025, 4, 1), datetime.date(2025, 5, 1)
    assert series.per_unit[unit_a.pk] == {may_1: 1.0}
    assert series.per_unit[unit_b.pk] == {april: 0.0, may_1: 0.0}
    assert series.overall == {april: 0.0, may_1: 0.25}  # 1 of 4, not (1 + 0) / 2
    (june_series,) = figures([unit_a, unit_b], month(6), charts=True).series
    assert june_series.overall[april] == 1.0


def test_the_table_and_the_chart_reach_the_dashboard(unit_a):
    sent(unit_a, deadline=datetime.date(2025, 3, 1))
    board = dashboard_build(units=[unit_a], period=month(3))
    overdue = next(c for c in board.rows[0].cells if c.column.key == "guidance_overdue")
    assert overdue.value == 1 and overdue.flagged  # threshold 0
    assert "guidance_rate" in [chart.key for chart in board.charts]


@pytest.mark.parametrize("charts, queries", [(False, 1), (True, 2)])
def test_queries_stay_fixed_whatever_the_number_of_units_and_documents(
    django_assert_num_queries, unit_a, charts, queries
):
    period = Period.of(granularity="year", year=2025, now=NOW)
    sent(unit_a, deadline=datetime.date(2025, 3, 1), implemented=at(2025, 3, 9))
    with django_assert_num_queries(queries):
        figures([unit_a], period, charts=charts)
    units = [unit_a, *(UnitFactory() for _n in range(6))]
    for n, unit in enumerate(units):
        for day in range(1, 6):
            sent(
                unit,
                issued=datetime.date(2025, day, 3),
                deadline=datetime.date(2025, day, 20),
                implemented=at(2025, day, 10 + n) if day % 2 else None,
            )
    with django_assert_num_queries(queries):
        result = figures(units, period, charts=charts)
    assert result.values["guidance_implemented"][unit_a.pk] == 4
    assert result.values["guidance_overdue"][units[-1].pk] == 2
