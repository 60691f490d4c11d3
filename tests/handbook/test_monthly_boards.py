"""The monthly board suggested for every active unit: once per unit and month."""

import datetime
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from handbook import boards, tasks
from handbook.models import Board
from news.models import Article
from tests.news.factories import ArticleFactory
from tests.support import processes
from tests.units.factories import UnitFactory

TODAY = datetime.date(2026, 12, 3)
LAST_MONTH = datetime.date(2026, 11, 1)


def _published_on(article, day: datetime.date):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    Article.objects.filter(pk=article.pk).update(published_at=moment)


@pytest.fixture
def november(unit_a, unit_b):
    _published_on(ArticleFactory(unit=unit_a, title="Hội thao tháng 11"), LAST_MONTH)
    _published_on(
        ArticleFactory(title="Văn phòng: tháng 11"), datetime.date(2026, 11, 30)
    )
    _published_on(ArticleFactory(title="Tin tháng 12"), TODAY)
    return unit_a, unit_b


@pytest.mark.django_db
def test_every_active_unit_gets_last_months_draft_board_once(november):
    unit_a, unit_b = november
    UnitFactory(name="Công đoàn đã giải thể", is_active=False)
    counts = boards.boards_monthly_suggest(today=TODAY)
    assert counts == {"created": 2, "existing": 0, "empty": 0}
    board = Board.objects.get(unit=unit_a)
    assert (board.period_start, board.period_end) == (
        LAST_MONTH,
        datetime.date(2026, 11, 30),
    )
    assert board.status == Board.Status.DRAFT and board.month == LAST_MONTH
    assert board.title == "Bảng tin tháng 11/2026 – BK"
    assert list(board.items.values_list("title", flat=True)) == [
        "Hội thao tháng 11",
        "Văn phòng: tháng 11",
    ]
    assert list(
        Board.objects.get(unit=unit_b).items.values_list("title", flat=True)
    ) == ["Văn phòng: tháng 11"]
    # A second run (the task runs daily) changes nothing.
    assert boards.boards_monthly_suggest(today=TODAY) == {
        "created": 0,
        "existing": 2,
        "empty": 0,
    }
    assert Board.objects.count() == 2


@pytest.mark.django_db
def test_a_unit_with_nothing_published_for_it_gets_no_board(unit_a):
    assert boards.boards_monthly_suggest(today=TODAY) == {
        "created": 0,
        "existing": 0,
        "empty": 1,
    }
    assert not Board.objects.exists()


@pytest.mark.django_db
def test_the_command_twin_counts_without_doing_on_a_dry_run(november, capsys):
    call_command("boards_monthly_suggest", "--dry-run")
    out = capsys.readouterr().out
    assert "(chạy thử)" in out and not Board.objects.exists()


@pytest.mark.django_db
def test_the_task_runs_the_service(november, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 3, 6, 10, tzinfo=datetime.UTC))
    tasks.boards_monthly_suggest()
    assert Board.objects.count() == 2


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_make_one_board_per_unit(november):
    barrier = threading.Barrier(2)
    results = []

    def run():
        barrier.wait()
        try:
            results.append(boards.boards_monthly_suggest(today=TODAY))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Board.objects.count() == 2
    assert sum(r["created"] for r in results) == 2


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_the_boards_once_when_woken_twice(tmp_path, unit_a):
    from celery import current_app

    today = timezone.localdate()
    first_of_last = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    _published_on(ArticleFactory(unit=unit_a, title="Tin tháng trước"), first_of_last)
    current_app.control.purge()
    worker = processes.celery_worker(log=tmp_path / "worker.log")
    try:
        tasks.boards_monthly_suggest.delay()
        tasks.boards_monthly_suggest.delay()
        processes.wait_for(
            lambda: Board.objects.filter(unit=unit_a, month=first_of_last).exists(),
            timeout=60,
            what="the worker's monthly board",
        )
        # Let the second wake-up run too before counting.
        processes.wait_for(
            lambda: (
                "succeeded" in (tmp_path / "worker.log").read_text()
                and (tmp_path / "worker.log").read_text().count("succeeded") >= 2
            ),
            timeout=60,
            what="both runs of the task",
        )
    finally:
        processes.stop(worker)
    assert Board.objects.filter(unit=unit_a).count() == 1
