"""Reads of the handbook: the tree, one page, the booklet, the site search section.

Each read loads the sections it needs in one query and builds the tree in Python,
so a page costs the same number of queries however many sections there are.
"""

from dataclasses import dataclass, field
from urllib.parse import quote

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from publishing.search import SearchSection, search_filter
from units.models import Unit

from .models import Section

_TREE_FIELDS = ("pk", "title", "slug", "parent_id", "order", "unit_id", "updated_at")


@dataclass
class Node:
    section: Section
    number: str
    depth: int
    children: list["Node"] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Appendix:
    unit: Unit
    nodes: list[Node]

    @property
    def anchor(self) -> str:
        return f"phu-luc-{self.unit.slug}"


def _tree(sections: list[Section], *, prefix: str = "") -> list[Node]:
    """The roots of `sections` (one handbook or one appendix), numbered 1, 1.2, ..."""
    by_parent: dict[int | None, list[Section]] = {}
    ids = {section.pk for section in sections}
    for section in sections:
        parent = section.parent_id if section.parent_id in ids else None
        by_parent.setdefault(parent, []).append(section)

    def build(parent_id, number_prefix, depth):
        children = sorted(by_parent.get(parent_id, []), key=lambda s: (s.order, s.pk))
        nodes = []
        for index, section in enumerate(children, start=1):
            number = f"{number_prefix}{index}"
            node = Node(section=section, number=number, depth=depth)
            node.children = build(section.pk, f"{number}.", depth + 1)
            nodes.append(node)
        return nodes

    return build(None, prefix, 0)


def _sections(queryset: QuerySet, *, with_body: bool) -> list[Section]:
    if not with_body:
        queryset = queryset.only(*_TREE_FIELDS)
    return list(queryset.order_by("order", "pk"))


def handbook_toc_get(
    *, with_body: bool = False, appendices: bool = True, unit: Unit | None = None
) -> dict:
    """The handbook's chapters and every unit's appendix (without `appendices`, only
    `unit`'s if given), in one query: {"nodes": [...], "appendices": [...]}."""
    rows = Section.objects.select_related("unit")
    if not appendices:
        rows = rows.filter(unit__isnull=True) | rows.filter(unit=unit)
    sections = _sections(rows, with_body=with_body)
    office = [s for s in sections if s.unit_id is None]
    by_unit: dict[int, list[Section]] = {}
    for section in sections:
        if section.unit_id is not None and section.unit.is_active:
            by_unit.setdefault(section.unit_id, []).append(section)
    appendices = sorted(
        (
            Appendix(unit=rows_[0].unit, nodes=_tree(rows_, prefix="PL."))
            for rows_ in by_unit.values()
        ),
        key=lambda appendix: appendix.unit.name,
    )
    return {"nodes": _tree(office), "appendices": appendices}


def section_page_get(*, slug: str) -> dict | None:
    """One section with its sub-sections, where it sits, and the pages before and
    after it in reading order; None if there is no such section. Two queries."""
    section = Section.objects.select_related("unit").filter(slug=slug).first()
    if section is None or (section.unit_id and not section.unit.is_active):
        return None
    same_book = Section.objects.filter(unit_id=section.unit_id)
    if section.unit_id is None:
        same_book = Section.objects.filter(unit__isnull=True)
    prefix = "PL." if section.unit_id else ""
    roots = _tree(_sections(same_book, with_body=True), prefix=prefix)
    order = [node for root in roots for node in root.walk()]
    index = next(i for i, node in enumerate(order) if node.section.pk == section.pk)
    node = order[index]
    node.section.unit = section.unit
    by_pk = {n.section.pk: n for n in order}
    trail, parent_id = [], node.section.parent_id
    while parent_id in by_pk:
        trail.insert(0, by_pk[parent_id])
        parent_id = by_pk[parent_id].section.parent_id
    return {
        "node": node,
        "trail": trail,
        "previous": order[index - 1] if index > 0 else None,
        "next": order[index + 1] if index + 1 < len(order) else None,
        "unit": section.unit,
    }


def last_updated(toc: dict):
    """The latest "cập nhật" of a handbook read by handbook_toc_get."""
    dates = [
        node.section.updated_at
        for roots in [toc["nodes"], *[a.nodes for a in toc["appendices"]]]
        for root in roots
        for node in root.walk()
    ]
    return max(dates, default=None)


def section_search(*, query: str) -> QuerySet:
    # publishing.search ranks the newest matches by `published_at`: a section's is
    # when it was last updated.
    rows = Section.objects.filter(unit__isnull=True) | Section.objects.filter(
        unit__is_active=True
    )
    return search_filter(rows.annotate(published_at=F("updated_at")), query)


def handbook_search_section(*, query: str, request) -> SearchSection | None:
    """Handbook sections for the site search page (one query)."""
    return SearchSection(
        key="handbook",
        title=_("Sổ tay công đoàn"),
        results=list(section_search(query=query).select_related("unit")[:5]),
        template="handbook/includes/search_item.html",
        more_url=f"{reverse('handbook:index')}?q={quote(query)}",
        order=30,
    )
