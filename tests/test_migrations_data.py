"""A database from before #13, with the demo data and files uploaded then, comes
forward with every row and every file as it was (#13, point 7).

#13 moved code, not tables: the reports app's dashboard is the proxy
`units.UnitDashboard` it always was (no table; its content type and permissions
stay `units.*`, and so do the admin URLs), and `publishing.StoredDocument` is an
abstract model that guidance's attachments and report files and units' plan files
inherit with the columns they had (the old migrations point at the one save-path
function, which the database never stores). So nothing moves in the database: this
test proves it on data. It migrates back to the state of main before #13 (the
migrations below), adds files with the names and folders the old code gave them
(`guidance/<token>/...`, `units/plans/<token>/...`), migrates forward through
everything since (#12's Notification data migrations are checked row by row in
tests/publishing/test_notification_migrations.py), then counts every table and
downloads every file the way members, editors and the office do.
"""

import datetime
import io
import secrets

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from tests.conftest import _run_data_migrations
from tests.guidance.factories import docx_bytes, pdf_bytes

# The last migration of each app on main before #13's first commit (62163fe~1).
BEFORE_13 = [
    ("publishing", "0003_page_generation_rate_limit_counter"),
    ("units", "0002_annual_plans_and_dashboard"),
    ("news", "0003_seed_categories"),
    ("guidance", "0003_seed_document_types"),
    ("campaigns", "0004_campaign_unique_key_date_year"),
    ("consultation", "0003_faq_search_index"),
]

# Tables #12 replaced by publishing's Notification; their rows' migration is tested in
# tests/publishing/test_notification_migrations.py.
FOLDED_INTO_NOTIFICATION = {
    "campaigns_reminderlog",
    "guidance_reminderlog",
    "guidance_digestlog",
}
# Tables #14 moved from campaigns to the channels app, rows and ids kept
# (tests/channels/test_migrations.py tests the move itself).
MOVED_TO_CHANNELS = {
    "campaigns_socialchannel": "channels_socialchannel",
    "campaigns_delivery": "channels_delivery",
}


def migrate(targets):
    """Migrate to `targets` (every app's latest when None); the historical apps."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps if targets else None


def table_counts(tables) -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(tables):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (our names)
            counts[table] = cursor.fetchone()[0]
    return counts


def stored(model) -> list[tuple]:
    fields = ("pk", "file", "original_name", "kind", "size")
    return sorted(model.objects.values_list(*fields))


def old_upload(folder: str, name: str, data: bytes) -> str:
    """A file where the code before #13 put it: a random folder, a random name."""
    return default_storage.save(
        f"{folder}/{secrets.token_urlsafe(18)}/{secrets.token_hex(8)}-{name}",
        ContentFile(data),
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db(transaction=True)
def test_demo_data_and_files_uploaded_before_13_survive_and_still_download(
    media, client
):
    from guidance.models import Attachment, Distribution, Document, ReportFile
    from tests.units.factories import office_staff_user
    from units.models import AnnualPlan, AnnualPlanFile

    # An earlier transactional test's flush took the seeded rows the demo points at.
    _run_data_migrations()
    call_command("demo_load", stdout=io.StringIO())
    office = office_staff_user()
    document = Document.objects.published().filter(visibility="public").first()
    distribution = Distribution.objects.select_related("unit").first()
    assert document is not None and distribution is not None, "demo data changed"
    pdf, docx = pdf_bytes(), docx_bytes("Đề cương tuyên truyền trước #13")

    try:
        old = migrate(BEFORE_13)
        # Rows the old code wrote, through the old models (historical apps).
        OldAttachment = old.get_model("guidance", "Attachment")
        attachment = OldAttachment.objects.create(
            document_id=document.pk,
            file=old_upload("guidance", "de-cuong.docx", docx),
            original_name="Đề cương tuyên truyền.docx",
            kind="docx",
            size=len(docx),
            order=99,
        )
        report = old.get_model("guidance", "ReportFile").objects.create(
            distribution_id=distribution.pk,
            file=old_upload("guidance", "bao-cao.pdf", pdf),
            original_name="Báo cáo thực hiện.pdf",
            kind="pdf",
            size=len(pdf),
        )
        plan = old.get_model("units", "AnnualPlan").objects.create(
            unit_id=distribution.unit_id,
            year=2019,
            kind="report",
            status="draft",
            deadline=datetime.date(2019, 12, 15),
        )
        plan_file = old.get_model("units", "AnnualPlanFile").objects.create(
            plan_id=plan.pk,
            file=old_upload("units/plans", "ke-hoach.pdf", pdf),
            original_name="Báo cáo truyền thông 2019.pdf",
            kind="pdf",
            size=len(pdf),
        )
        with connection.cursor() as cursor:
            tables_then = set(connection.introspection.table_names(cursor))
        tables_then.discard("django_migrations")
        counts_then = table_counts(tables_then)
        files_then = {
            name: stored(old.get_model(*name.split(".")))
            for name in ("guidance.Attachment", "guidance.ReportFile")
        } | {"units.AnnualPlanFile": stored(old.get_model("units", "AnnualPlanFile"))}
    finally:
        migrate(None)

    # Every row of every table that existed then is still there (but the three logs
    # that #12 folded into Notification), and the files' rows are the same.
    with connection.cursor() as cursor:
        tables_now = set(connection.introspection.table_names(cursor))
    assert tables_then - tables_now == FOLDED_INTO_NOTIFICATION | set(MOVED_TO_CHANNELS)
    assert set(MOVED_TO_CHANNELS.values()) <= tables_now
    assert table_counts(
        (tables_then & tables_now) | set(MOVED_TO_CHANNELS.values())
    ) == {
        MOVED_TO_CHANNELS.get(table, table): count
        for table, count in counts_then.items()
        if table not in FOLDED_INTO_NOTIFICATION
    }
    assert {
        "guidance.Attachment": stored(Attachment),
        "guidance.ReportFile": stored(ReportFile),
        "units.AnnualPlanFile": stored(AnnualPlanFile),
    } == files_then
    assert Attachment.objects.get(pk=attachment.pk).download_name == (
        "Đề cương tuyên truyền.docx"
    )

    # A member downloads the public document's old file under its Vietnamese name.
    response = client.get(
        reverse(
            "guidance:attachment_download",
            kwargs={"slug": document.slug, "pk": attachment.pk},
        )
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == docx
    assert (
        "filename*=UTF-8''%C4%90%E1%BB%81%20c%C6%B0%C6%A1ng"
        in (response["Content-Disposition"])
    )

    # The office opens the unit's old report file and plan file.
    client.force_login(office)
    response = client.get(
        reverse("guidance:report_file_download", kwargs={"pk": report.pk})
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    response = client.get(
        reverse(
            "admin:units_annualplan_file",
            kwargs={"object_id": plan.pk, "file_id": plan_file.pk},
        )
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    assert AnnualPlan.objects.get(pk=plan.pk).files.get().download_name == (
        "Báo cáo truyền thông 2019.pdf"
    )

    # The reports app's dashboard is the same proxy at the same address.
    response = client.get(reverse("admin:units_unitdashboard_changelist"))
    assert response.status_code == 200
    assert distribution.unit.name in response.content.decode()
