"""Reads for the guidance pages, page blocks, search, feed, office matrix and a key
date's documents: fixed query counts."""

from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import quote

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from publishing.blocks import Block
from publishing.search import SearchSection, search_filter
from units import permissions
from units.models import Unit

from .models import Attachment, Distribution, Document, DocumentType, ReportFile

HOME_BLOCK_SIZE = 5
UNIT_BLOCK_SIZE = 10
FEED_SIZE = 30
MATRIX_MAX_DOCUMENTS = 200
ATTACHMENT_FIELDS = (
    "pk",
    "document_id",
    "title",
    "file",
    "original_name",
    "kind",
    "size",
    "order",
)
CARD_FIELDS = (
    "pk",
    "title",
    "slug",
    "summary",
    "number_text",
    "issue_date",
    "issuer_name",
    "visibility",
    "effective_until",
    "response_deadline",
    "published_at",
    "document_type",
    "document_type__name",
    "document_type__abbreviation",
)


def key_date_model():
    """campaigns.KeyDate, reached through our foreign key: no import of campaigns."""
    return Document._meta.get_field("key_date").related_model


@dataclass
class DocumentFilters:
    type: str = ""  # DocumentType abbreviation
    year: int | None = None
    issuer: str = ""
    key_date: str = ""  # KeyDate slug
    query: str = ""

    @property
    def active(self) -> bool:
        return bool(
            self.type or self.year or self.issuer or self.key_date or self.query
        )


def document_list(
    *, user, filters: DocumentFilters | None = None
) -> QuerySet[Document]:
    """Published documents `user` may read, filtered, newest first (one query a page).

    The search looks in the folded search text: number, title, summary, body and the
    text extracted from the files, diacritics and case ignored.
    """
    filters = filters or DocumentFilters()
    queryset = Document.objects.visible_to(user)
    if filters.type:
        queryset = queryset.filter(document_type__abbreviation=filters.type)
    if filters.year:
        queryset = queryset.filter(year=filters.year)
    if filters.issuer:
        queryset = queryset.filter(issuer_name=filters.issuer)
    if filters.key_date:
        queryset = queryset.filter(key_date__slug=filters.key_date)
    queryset = queryset.select_related("document_type").only(*CARD_FIELDS)
    if filters.query:
        return search_filter(queryset, filters.query)
    return queryset.order_by("-issue_date", "-number", "-pk")


def document_filter_options(*, user) -> dict:
    """The choices of the list's filters, from what `user` may read (four queries)."""
    visible = Document.objects.visible_to(user)
    key_dates = key_date_model().objects.filter(
        Exists(visible.filter(key_date=OuterRef("pk")))
    )
    return {
        "types": list(
            DocumentType.objects.filter(
                Exists(visible.filter(document_type=OuterRef("pk")))
            ).only("pk", "name", "abbreviation")
        ),
        "years": list(
            visible.order_by("-year").values_list("year", flat=True).distinct()
        ),
        "issuers": list(
            visible.order_by("issuer_name")
            .values_list("issuer_name", flat=True)
            .distinct()
        ),
        "key_dates": list(key_dates.only("pk", "name", "slug").order_by("name")),
    }


def document_get_for_page(*, slug: str, user) -> Document | None:
    """The document at `slug` if `user` may read it; office staff also get a preview.

    Attachments (without their extracted text), and the "Căn cứ" links both ways
    limited to documents `user` may read: four queries.
    """
    visible = Document.objects.visible_to(user)
    linked = visible.select_related("document_type").only(*CARD_FIELDS)
    queryset = (
        Document.objects.filter(slug=slug)
        .select_related("document_type", "issuing_unit", "key_date")
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=Attachment.objects.only(*ATTACHMENT_FIELDS),
            ),
            Prefetch("based_on", queryset=linked),
            Prefetch("basis_for", queryset=linked),
            "recipient_units",
        )
    )
    document = queryset.filter(pk__in=visible.values("pk")).first()
    if document is not None:
        document.is_preview = False
        return document
    if permissions.is_office_staff(user):
        document = queryset.first()
        if document is not None:
            document.is_preview = True
        return document
    return None


def attachment_get_for_download(*, slug: str, pk: int, user) -> Attachment | None:
    """An attachment whose document `user` may read (office staff: any)."""
    queryset = (
        Attachment.objects.filter(pk=pk, document__slug=slug)
        .select_related("document")
        .only(*ATTACHMENT_FIELDS, "document__status", "document__visibility")
    )
    if not permissions.is_office_staff(user):
        queryset = queryset.filter(document__in=Document.objects.visible_to(user))
    return queryset.first()


def report_file_get_for_download(*, pk: int, user):
    """A unit's report file, for that unit's editors and the office only."""
    queryset = ReportFile.objects.select_related("distribution")
    return (
        permissions.scope_queryset(
            user=user, queryset=queryset, unit_field="distribution__unit"
        )
        .filter(pk=pk)
        .first()
    )


def document_feed_items() -> QuerySet[Document]:
    """Public documents only: a feed is read by anyone, logged in or not."""
    return (
        Document.objects.public()
        .select_related("document_type")
        .only(*CARD_FIELDS)
        .order_by("-published_at", "-pk")[:FEED_SIZE]
    )


def key_date_documents(*, key_date, limit: int) -> list[Document]:
    """The published documents linked to a campaigns key date, newest first: what the
    campaigns app asks through hooks.KEY_DATE_DOCUMENTS for its reminders."""
    return list(
        Document.objects.filter(key_date=key_date).published().order_by("-pk")[:limit]
    )


# -- blocks of shared pages --------------------------------------------------------
def home_guidance_block(*, request) -> Block | None:
    """The latest documents the visitor may read (one query)."""
    documents = list(
        Document.objects.visible_to(request.user)
        .select_related("document_type")
        .only(*CARD_FIELDS)
        .order_by("-published_at", "-pk")[:HOME_BLOCK_SIZE]
    )
    if not documents:
        return None
    return Block(
        key="guidance",
        title=_("Tài liệu định hướng mới"),
        template="guidance/includes/home_block.html",
        context={"documents": documents},
        order=50,
    )


def unit_guidance_block(*, unit, request) -> Block | None:
    """Documents this unit still has to act on: for the unit's editors only.

    Everyone else, anonymous visitors included, gets no block at all, so a unit's
    public page never reveals internal documents. One query (plus the editor's
    unit ids, cached on the user).
    """
    if not permissions.user_can_edit(user=request.user, obj=unit, unit_field=""):
        return None
    rows = list(
        Distribution.objects.for_unit(unit)
        .of_published_documents()
        .not_implemented()
        .select_related("document")
        .only(
            "pk",
            "status",
            "received_at",
            "document__id",
            "document__title",
            "document__slug",
            "document__number_text",
            "document__response_deadline",
        )
        .order_by("document__response_deadline", "-document__issue_date")[
            :UNIT_BLOCK_SIZE
        ]
    )
    today = timezone.localdate()
    for row in rows:
        row.overdue = row.is_overdue(today)
    return Block(
        key="guidance-todo",
        title=_("Tài liệu cần thực hiện"),
        template="guidance/includes/unit_block.html",
        context={"rows": rows, "unit": unit},
        order=5,
    )


# -- the office matrix -------------------------------------------------------------
@dataclass
class MatrixCell:
    status: str
    label: str
    at: datetime | None
    overdue: bool


@dataclass
class Matrix:
    units: list[Unit]
    rows: list[tuple[Document, list[MatrixCell | None]]]
    truncated: bool = False
    totals: dict[str, int] = field(default_factory=dict)


def matrix_get(
    *,
    year: int | None = None,
    document_type_id: int | None = None,
    document_id: int | None = None,
    limit: int | None = MATRIX_MAX_DOCUMENTS,
    today: date | None = None,
) -> Matrix:
    """Documents x units with each distribution's state: three queries at any size.

    Columns are the units any listed document went to; a cell is None where the
    document was not addressed to that unit. Overdue: a deadline passed before
    `today` and the unit has not implemented.
    """
    today = today or timezone.localdate()
    documents = _matrix_documents(
        year=year, document_type_id=document_type_id, document_id=document_id
    )
    documents = list(documents[: limit + 1] if limit else documents)
    truncated = bool(limit) and len(documents) > limit
    documents = documents[:limit] if limit else documents
    states = _matrix_states(documents)
    units = list(
        Unit.objects.filter(pk__in={unit_id for _d, unit_id in states})
        .only("pk", "name", "short_name", "slug", "order")
        .order_by("order", "name")
    )
    labels = dict(Distribution.Status.choices)
    totals = {value: 0 for value in labels} | {"overdue": 0}
    rows = []
    for document in documents:
        deadline = document.response_deadline
        late = bool(deadline and today > deadline)
        cells = [
            _matrix_cell(states.get((document.pk, unit.pk)), late, labels, totals)
            for unit in units
        ]
        rows.append((document, cells))
    return Matrix(units=units, rows=rows, truncated=truncated, totals=totals)


def _matrix_documents(
    *, year: int | None, document_type_id: int | None, document_id: int | None
):
    """Published documents that went to some unit, newest first, as filtered."""
    documents = (
        Document.objects.published()
        .filter(Exists(Distribution.objects.filter(document=OuterRef("pk"))))
        .select_related("document_type")
        .only(*CARD_FIELDS)
        .order_by("-issue_date", "-number", "-pk")
    )
    if year:
        documents = documents.filter(year=year)
    if document_type_id:
        documents = documents.filter(document_type_id=document_type_id)
    if document_id:
        documents = documents.filter(pk=document_id)
    return documents


def _matrix_states(documents: list) -> dict[tuple[int, int], tuple]:
    """{(document id, unit id): (status, received_at, implemented_at)}, one query."""
    states: dict[tuple[int, int], tuple] = {}
    for document_id, unit_id, status, received_at, implemented_at in (
        Distribution.objects.filter(document__in=[d.pk for d in documents])
        .values_list(
            "document_id", "unit_id", "status", "received_at", "implemented_at"
        )
        .iterator(chunk_size=5000)
    ):
        states[(document_id, unit_id)] = (status, received_at, implemented_at)
    return states


def _matrix_cell(
    state: tuple | None, late: bool, labels: dict, totals: dict[str, int]
) -> MatrixCell | None:
    """The cell of one distribution (None: not addressed), counted into `totals`."""
    if state is None:
        return None
    status, received_at, implemented_at = state
    overdue = late and status != Distribution.Status.IMPLEMENTED
    totals[status] += 1
    totals["overdue"] += overdue
    return MatrixCell(
        status=status,
        label=labels[status],
        at=implemented_at or received_at,
        overdue=overdue,
    )


def matrix_filter_options() -> dict:
    """Years and types for the matrix filter (two queries)."""
    published = Document.objects.published()
    return {
        "years": list(
            published.order_by("-year").values_list("year", flat=True).distinct()
        ),
        "types": list(DocumentType.objects.only("pk", "name", "abbreviation")),
    }


def guidance_search_section(*, query: str, request) -> SearchSection | None:
    """Documents `request.user` may read, for the site search page (one query)."""
    documents = list(
        document_list(user=request.user, filters=DocumentFilters(query=query))[:5]
    )
    return SearchSection(
        key="guidance",
        title=_("Tài liệu"),
        results=documents,
        template="guidance/includes/search_item.html",
        more_url=f"{reverse('guidance:document_list')}?q={quote(query)}",
        order=20,
    )
