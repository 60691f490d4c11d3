"""The campaign column of the office dashboard (campaigns.metrics)."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from campaigns.metrics import CAMPAIGNS_PROVIDER, campaigns_figures
from campaigns.models import CampaignPost
from publishing.models import Status
from reports.build import dashboard_build
from reports.periods import Period
from reports.registry import dashboard_providers
from tests.campaigns.factories import CampaignPostFactory, OccurrenceFactory
from tests.units.factories import UnitFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2025, 6, 20, 10, 0, tzinfo=HCM)


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=HCM)


def month(number: int) -> Period:
    return Period.of(granularity="month", year=2025, number=number, now=NOW)


def post(unit, when=None, *, status=Status.PUBLISHED, occurrence=None):
    """A unit's copy (a draft from the factory), then published at `when`."""
    occurrence = occurrence or OccurrenceFactory()
    if unit is not None:
        occurrence.campaign.units.add(unit)
    row = CampaignPostFactory(occurrence=occurrence, unit=unit)
    if when is not None:
        CampaignPost.objects.filter(pk=row.pk).update(status=status, published_at=when)
    return row


def localised(units, period) -> dict[int, int]:
    result = campaigns_figures(
        unit_ids=[u.pk for u in units], period=period, charts=True
    )
    assert result.series == []  # no chart for campaigns
    return result.values["campaigns_localised"]


def test_the_provider_is_registered():
    assert CAMPAIGNS_PROVIDER in dashboard_providers()


def test_a_copy_published_on_the_last_evening_of_a_month_counts_in_that_month(
    unit_a,
):
    post(unit_a, at(2025, 3, 31, 23, 59))  # 16:59 UTC: March in Hồ Chí Minh City
    post(unit_a, at(2025, 4, 1, 0, 0))
    post(unit_a, at(2025, 4, 30, 23, 59, 59))
    assert localised([unit_a], month(3)) == {unit_a.pk: 1}
    assert localised([unit_a], month(4)) == {unit_a.pk: 2}


def test_only_copies_the_unit_published_count(unit_a, unit_b):
    post(unit_a, at(2025, 3, 5, 9))
    post(unit_a, at(2025, 3, 6, 9), status=Status.ARCHIVED)  # taken down later
    post(unit_a)  # the draft the plan wrote, never published
    post(unit_a, at(2025, 3, 7, 9), status=Status.SCHEDULED)  # odd, but not out
    post(None, at(2025, 3, 8, 9))  # the office's own post
    post(unit_b, at(2025, 3, 9, 9))
    assert localised([unit_a, unit_b], month(3)) == {unit_a.pk: 2, unit_b.pk: 1}
    assert localised([unit_a], month(3)) == {unit_a.pk: 2}


def test_the_column_reaches_the_dashboard(unit_a, unit_b):
    post(unit_a, at(2025, 3, 5, 9))
    board = dashboard_build(units=[unit_a, unit_b], period=month(3))
    values = {
        row.unit.pk: next(
            c.value for c in row.cells if c.column.key == "campaigns_localised"
        )
        for row in board.rows
    }
    assert values == {unit_a.pk: 1, unit_b.pk: 0}


def test_one_query_whatever_the_number_of_units_and_posts(
    django_assert_num_queries, unit_a
):
    year = Period.of(granularity="year", year=2025, now=NOW)
    post(unit_a, at(2025, 2, 5, 9))
    with django_assert_num_queries(1):
        localised([unit_a], year)
    units = [unit_a, *(UnitFactory() for _n in range(5))]
    for unit in units:
        occurrence = OccurrenceFactory()
        for day in range(1, 5):
            post(unit, at(2025, day, 5, 9), occurrence=occurrence)
    with django_assert_num_queries(1):
        result = localised(units, year)
    assert result[unit_a.pk] == 5 and result[units[-1].pk] == 4
