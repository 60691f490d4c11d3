"""Issue #15: time to render the handbook's PDF booklet with 200 sections, and a
printed bulletin board of 12 items (A4 and A3); queries of /so-tay/ at 20 and 200
sections. Rendered in this process by the code the worker and the admin run.
"""

import io
import random
import time

from benchmarks.support import (
    article_text,
    bench_database,
    count_queries,
    median,
    require,
    timed,
    units_bulk_create,
)

CHAPTERS = 20
SECTIONS_PER_CHAPTER = 9  # 20 chapters + 180 sections = 200
RUNS = 3


def _sections_create(rng, *, chapters: int, start: int = 0) -> None:
    from handbook.models import Section
    from handbook.services import section_save

    for c in range(start, start + chapters):
        title, _summary, body = article_text(rng)
        chapter = section_save(
            section=Section(title=f"Chương {c + 1}: {title}", body=body, order=c)
        )
        for s in range(SECTIONS_PER_CHAPTER):
            title, _summary, body = article_text(rng)
            section_save(
                section=Section(
                    title=f"{c + 1}.{s + 1} {title}", body=body, parent=chapter, order=s
                )
            )


def _booklet_seconds() -> tuple[float, float, int]:
    """Median time of the worker's render (a fresh version each run), and pages."""
    from django.core.files.storage import default_storage
    from pypdf import PdfReader

    from handbook import booklets

    times, cpu, pages = [], [], 0
    for _ in range(RUNS):
        kept = booklets.booklet_kept(unit=None)
        if kept:
            default_storage.delete(kept)
        started = time.process_time()
        seconds, path = timed(booklets.booklet_render, unit_id=None)
        cpu.append(time.process_time() - started)
        require(bool(path), "the booklet was made")
        times.append(seconds)
        with default_storage.open(path) as file:
            pages = len(PdfReader(io.BytesIO(file.read())).pages)
    return median(times), median(cpu), pages


def _board_seconds(unit, rng) -> dict[str, float]:
    from django.utils import timezone

    from handbook import boards
    from handbook.models import Board
    from news.models import Article
    from news.services import article_save
    from publishing.workflow import Intent

    for _ in range(12):
        title, summary, body = article_text(rng)
        article_save(
            article=Article(title=title, summary=summary, body=body, unit=unit),
            intent=Intent.PUBLISH,
        )
    today = timezone.localdate()
    board = boards.board_save(
        board=Board(unit=unit, title="Bảng tin", period_start=today, period_end=today),
        keys=[
            f"news.article:{pk}" for pk in Article.objects.values_list("pk", flat=True)
        ],
    )
    require(board.items.count() == 12, "the board carries 12 items")
    figures = {}
    for size in ("a4", "a3"):
        figures[size] = median(
            [timed(boards.board_pdf, board=board, size=size)[0] for _ in range(RUNS)]
        )
    return figures


def run() -> list[tuple[str, str]]:
    rng = random.Random(15)
    with bench_database(__name__):
        _sections_create(rng, chapters=2)
        small = count_queries("/so-tay/")
        _sections_create(rng, chapters=CHAPTERS - 2, start=2)
        from handbook.models import Section

        require(Section.objects.count() == 200, "the handbook has 200 sections")
        large = count_queries("/so-tay/")
        booklet, booklet_cpu, pages = _booklet_seconds()
        unit = units_bulk_create(1)[0]
        board = _board_seconds(unit, rng)
    # The machine may be shared: CPU seconds of this process are the steadier figure.
    return [
        (
            "handbook PDF, 200 sections (median of 3)",
            f"{booklet:.2f} s ({booklet_cpu:.2f} s CPU), {pages} A5 pages",
        ),
        ("bulletin board PDF, 12 items, A4 (median of 3)", f"{board['a4']:.2f} s"),
        ("bulletin board PDF, 12 items, A3 (median of 3)", f"{board['a3']:.2f} s"),
        ("queries GET /so-tay/ (20 sections)", str(small.count)),
        (
            "queries GET /so-tay/ (200 sections)",
            f"{large.count}"
            + (
                " (same)"
                if large.count == small.count
                else f" GROWS (was {small.count})"
            ),
        ),
    ]
