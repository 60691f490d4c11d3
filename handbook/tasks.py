"""Celery adapters over handbook services: the database decides what is due."""

from celery import shared_task

from publishing.leases import single_run


# Daily; a second run (or a second worker) finds the boards made and creates none.
@shared_task(soft_time_limit=240, time_limit=300, ignore_result=True)
@single_run("handbook.boards_monthly_suggest")
def boards_monthly_suggest() -> None:
    """Woken by beat; drafts last month's board for every active unit without one."""
    from .boards import boards_monthly_suggest as suggest

    suggest()


# A 200-section booklet takes tens of seconds on a busy server (benchmarks/).
@shared_task(soft_time_limit=240, time_limit=300, ignore_result=True)
def booklet_render(unit_id: int | None = None) -> None:
    """Make the handbook's current PDF booklet (with `unit_id`'s appendix) if missing."""
    from .booklets import booklet_render as render

    render(unit_id=unit_id)
