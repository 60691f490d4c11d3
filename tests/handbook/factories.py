"""Handbook sections and bulletin boards, made through their services."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from handbook.boards import board_save
from handbook.models import Board, Section
from handbook.services import section_save


class SectionFactory(DjangoModelFactory):
    """A section of the office's handbook unless given a unit (an appendix)."""

    class Meta:
        model = Section

    title = factory.Sequence(lambda n: f"Quyền của người lao động, mục {n}")
    body = "<p>Công đoàn đại diện, bảo vệ quyền lợi của người lao động.</p>"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return section_save(section=model_class(*args, **kwargs))


def board_of(unit, *, keys=None, start=None, end=None, **fields) -> Board:
    """A board of `unit` over a period that contains today (items suggested)."""
    today = timezone.localdate()
    board = Board(
        unit=unit,
        title=fields.pop("title", "Bảng tin tháng này"),
        period_start=start or today - datetime.timedelta(days=30),
        period_end=end or today,
        **fields,
    )
    return board_save(board=board, keys=keys)


def _scoped_board(unit):
    from tests.news.factories import ArticleFactory

    ArticleFactory(unit=unit, title=f"Tin của {unit.name}")
    return board_of(unit)


# For the cross-unit attack suite (tests/units/test_editor_scope.py).
SCOPED_OBJECTS = {
    Section: lambda unit: SectionFactory(unit=unit, title=f"Phụ lục {unit.name}"),
    Board: _scoped_board,
}
