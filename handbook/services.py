"""Writes of the handbook: sections (their place in the tree) and bulletin boards."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from publishing.cache import page_cache_invalidate
from publishing.redirects import slug_redirect_on_save
from publishing.text import fold, unique_slug

from .models import Section


def section_move_check(*, section: Section, parent: Section | None) -> None:
    """Refuse a parent that is the section itself, one of its descendants, or in
    another book (the office's handbook or another unit's appendix). One query."""
    if parent is None:
        return
    if parent.unit_id != section.unit_id:
        raise ValidationError(
            {
                "parent": _(
                    "Mục cha phải thuộc cùng sổ tay: sổ tay chung hoặc phụ lục của "
                    "cùng đơn vị."
                )
            },
            code="parent_other_book",
        )
    if section.pk is None:
        return
    if parent.pk == section.pk:
        raise ValidationError(
            {"parent": _("Không thể chuyển một mục vào chính nó.")},
            code="parent_self",
        )
    parents = dict(
        Section.objects.filter(unit_id=section.unit_id).values_list("pk", "parent_id")
    )
    seen, current = set(), parent.pk
    while current is not None and current not in seen:
        if current == section.pk:
            raise ValidationError(
                {
                    "parent": _(
                        "Không thể chuyển mục “%(title)s” vào “%(parent)s”: "
                        "“%(parent)s” là mục con của nó."
                    )
                    % {"title": section.title, "parent": parent.title}
                },
                code="parent_descendant",
            )
        seen.add(current)
        current = parents.get(current)


@transaction.atomic
def section_save(*, section: Section) -> Section:
    """Validate the section's place in the tree, fill its slug and search text, save.

    Its sub-sections move with it; a changed slug keeps redirecting from the old
    one. Public pages cached before the save are retired in the same transaction.
    """
    section_move_check(section=section, parent=section.parent)
    if not section.slug:
        section.slug = unique_slug(
            queryset=Section.objects.all(), value=section.title, instance_pk=section.pk
        )
    if section.pk is not None:
        old = Section.objects.filter(pk=section.pk).values_list("unit_id", flat=True)
        if old and old[0] != section.unit_id and section.children.exists():
            raise ValidationError(
                {
                    "unit": _(
                        "Mục này có mục con: hãy chuyển các mục con trước khi chuyển "
                        "nó sang sổ tay khác."
                    )
                },
                code="unit_with_children",
            )
    section.full_clean()
    section.search_text = fold(section.get_search_text())
    with slug_redirect_on_save(instance=section):
        section.save()
    page_cache_invalidate()  # in this transaction (publishing.cache)
    _booklets_request(section)
    return section


def _booklets_request(section: Section) -> None:
    # The common booklet is remade at once; a unit's, with its appendix, too when
    # the change is in that appendix (handbook.booklets).
    from publishing.outbox import task_enqueue_on_commit

    from .tasks import booklet_render

    task_enqueue_on_commit(booklet_render, unit_id=None)
    if section.unit_id is not None:
        task_enqueue_on_commit(booklet_render, unit_id=section.unit_id)


@transaction.atomic
def section_delete(*, section: Section) -> None:
    """Delete a section without sub-sections (the PROTECT keeps the others)."""
    if section.children.exists():
        raise ValidationError(
            _("Hãy chuyển hoặc xóa các mục con trước khi xóa mục này."),
            code="has_children",
        )
    section.delete()
    page_cache_invalidate()  # in this transaction (publishing.cache)
    _booklets_request(section)
