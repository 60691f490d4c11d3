"""The handbook's PDF booklet, made by a worker and kept in storage (#15).

Laying out a 200-section booklet takes WeasyPrint tens of seconds on a busy server
(benchmarks/handbook_pdf.py), longer than a web request may take. So the PDF is made
in the background and kept under a name that carries the handbook's version (what
sections it has and when they were last changed): a download serves the kept file
for the current version, or asks the worker for it and says so. Saving a section
asks for the common handbook's new booklet at once (through the outbox, so a broker
outage only delays it); a booklet with a unit's appendix is made when first asked for.
"""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count, Max, Q
from django.utils import timezone

from publishing.leases import lease
from publishing.pdf import render_pdf
from units.models import Unit

from . import selectors
from .models import Section

BOOKLET_FOLDER = "handbook/booklets"


def booklet_version(*, unit: Unit | None) -> str:
    """A short digest of what the booklet (with `unit`'s appendix) contains. One query."""
    scope = Q(unit__isnull=True) | Q(unit=unit) if unit else Q(unit__isnull=True)
    stats = Section.objects.filter(scope).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    last = stats["last"].isoformat() if stats["last"] else ""
    name = f"{unit.pk}:{unit.name}" if unit else ""
    return hashlib.sha256(f"{stats['n']}|{last}|{name}".encode()).hexdigest()[:16]


def booklet_path(*, unit: Unit | None, version: str) -> str:
    name = f"phu-luc-{unit.slug}" if unit else "cong-doan"
    return f"{BOOKLET_FOLDER}/so-tay-{name}-{version}.pdf"


def booklet_kept(*, unit: Unit | None) -> str | None:
    """The stored booklet of the current version, if made."""
    path = booklet_path(unit=unit, version=booklet_version(unit=unit))
    return path if default_storage.exists(path) else None


def booklet_render(*, unit_id: int | None) -> str | None:
    """Make and store the booklet of the current version unless it exists already.

    Idempotent, and one maker at a time per booklet (a lease): a second request
    while one renders does nothing. Older versions of the same booklet are deleted.
    Returns the stored path, or None for a unit that is gone or inactive.
    """
    unit = None
    if unit_id is not None:
        unit = Unit.objects.filter(pk=unit_id, is_active=True).first()
        if unit is None:
            return None
    with lease(f"handbook.booklet:{unit_id or 'chung'}") as held:
        if not held:
            return None
        version = booklet_version(unit=unit)
        path = booklet_path(unit=unit, version=version)
        if default_storage.exists(path):
            return path
        toc = selectors.handbook_toc_get(with_body=True, appendices=False, unit=unit)
        pdf = render_pdf(
            "handbook/booklet.html",
            {"toc": toc, "unit": unit, "printed_at": timezone.localdate()},
        )
        saved = default_storage.save(path, ContentFile(pdf))
        _older_delete(unit=unit, keep=saved)
        return saved


def _older_delete(*, unit: Unit | None, keep: str) -> None:
    prefix = booklet_path(unit=unit, version="").removesuffix(".pdf")
    try:
        _dirs, files = default_storage.listdir(BOOKLET_FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in files:
        path = f"{BOOKLET_FOLDER}/{name}"
        if path.startswith(prefix) and path != keep:
            default_storage.delete(path)


def booklet_request(*, unit: Unit | None) -> None:
    """Ask a worker for the current booklet (through the outbox), at most once a
    minute per booklet while the cache answers, whatever the number of readers."""
    from django.core.cache import cache
    from django.db import transaction

    from publishing.circuits import Unavailable, cache_circuit
    from publishing.outbox import task_enqueue_on_commit

    from .tasks import booklet_render as task

    unit_id = unit.pk if unit else None
    try:
        first = cache_circuit.call(
            cache.add,
            f"handbook:booklet-asked:{unit_id}:{booklet_version(unit=unit)}",
            1,
            timeout=60,
        )
    except Unavailable:
        first = True
    if first:
        with transaction.atomic():
            task_enqueue_on_commit(task, unit_id=unit_id)
