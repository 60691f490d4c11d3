"""Reads for the units' public pages: a fixed number of queries whatever the sizes."""

from django.db.models import Count, Prefetch, QuerySet, Sum

from .models import Leader, Unit, UnitPage

LIST_FIELDS = (
    "pk",
    "name",
    "short_name",
    "slug",
    "kind",
    "logo",
    "logo_renditions",
    "member_count",
    "is_active",
)


def unit_list(*, query: str = "") -> QuerySet[Unit]:
    """Grassroots unions for /cdcs/: active first, searchable without diacritics."""
    return (
        Unit.objects.grassroots()
        .search(query)
        .only(*LIST_FIELDS)
        .order_by("-is_active", "order", "name")
    )


def unit_get_for_page(*, slug: str) -> Unit | None:
    """A unit with its leaders, public pages and trade-union groups: four queries."""
    return (
        Unit.objects.select_related("parent")
        .prefetch_related(
            Prefetch("leaders", queryset=Leader.objects.order_by("order", "id")),
            Prefetch(
                "pages",
                queryset=UnitPage.objects.filter(is_published=True).only(
                    "pk", "unit_id", "title", "slug", "order"
                ),
            ),
            Prefetch(
                "children",
                queryset=Unit.objects.only(*LIST_FIELDS, "parent_id").order_by(
                    "order", "name"
                ),
            ),
        )
        .filter(slug=slug)
        .first()
    )


def unit_totals() -> dict:
    """Headline figures for the list page."""
    return (
        Unit.objects.grassroots()
        .active()
        .aggregate(units=Count("pk"), members=Sum("member_count"))
    )
