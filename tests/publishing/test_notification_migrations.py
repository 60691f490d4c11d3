"""The data migrations of #12 carry every e-mail already sent over to Notification,
so that nothing is sent a second time after the upgrade (ZU's MigrationsTestCase)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("guidance", "0003_seed_document_types"),
    ("campaigns", "0004_campaign_unique_key_date_year"),
    ("consultation", "0003_faq_search_index"),
    ("publishing", "0004_notification"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps if targets else None


@pytest.mark.django_db(transaction=True)
def test_sent_reminders_digests_and_asker_emails_become_sent_notifications(unit_a):
    from tests.campaigns.factories import CampaignFactory
    from tests.consultation.factories import QuestionFactory
    from tests.guidance.factories import DistributionFactory
    from tests.units.factories import editor_of

    # Today's factories make the rows the logs point at; they survive the way back.
    distribution = DistributionFactory(unit=unit_a)
    campaign = CampaignFactory()
    occurrence = campaign.occurrences.first() or campaign.occurrences.create(
        year=2026, date=datetime.date(2026, 7, 28)
    )
    user = editor_of(unit_a)
    question = QuestionFactory(asker_email="lan@example.edu.vn")
    from publishing.models import Notification

    Notification.objects.all().delete()  # the asker's e-mail queued just now
    now = timezone.now()
    try:
        apps = migrate(BEFORE)
        Reminder = apps.get_model("guidance", "ReminderLog")
        Reminder.objects.create(
            distribution_id=distribution.pk,
            kind="due",
            sent_at=now,
            recipients="bt@example.edu.vn",
        )
        Reminder.objects.create(
            distribution_id=distribution.pk, kind="before", error="SMTP down"
        )
        apps.get_model("guidance", "DigestLog").objects.create(
            week_start=datetime.date(2026, 8, 3), sent_at=now, recipients="vp@x.vn"
        )
        apps.get_model("campaigns", "ReminderLog").objects.create(
            occurrence_id=occurrence.pk,
            unit_id=unit_a.pk,
            user_id=user.pk,
            email="bt@example.edu.vn",
            sent_at=now,
        )
        apps.get_model("consultation", "Question").objects.filter(
            pk=question.pk
        ).update(tracking_sent_at=now)
    finally:
        migrate(None)

    rows = {n.key: n for n in Notification.objects.all()}
    assert set(rows) == {
        f"guidance.reminder.due:distribution={distribution.pk}",
        f"guidance.reminder.before:distribution={distribution.pk}",
        "guidance.digest:week=2026-08-03",
        f"campaigns.reminder:occurrence={occurrence.pk}:user={user.pk}",
        f"consultation.tracking_link:question={question.pk}",
    }
    assert rows[f"guidance.reminder.due:distribution={distribution.pk}"].to == [
        "bt@example.edu.vn"
    ]
    failed = rows[f"guidance.reminder.before:distribution={distribution.pk}"]
    assert (failed.status, failed.last_error) == ("failed", "SMTP down")
    sent = [n for n in rows.values() if n is not failed]
    assert {n.status for n in sent} == {"sent"}
