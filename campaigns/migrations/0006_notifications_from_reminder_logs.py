"""Carry the sent campaign reminders over to publishing's Notification (#12).

Key as publishing.notifications builds it (written out: a migration never imports
app code): campaigns.reminder:occurrence=<id>:user=<id>. A reminder that failed
before stays failed (the old policy never retried it). Safe to run again; the
reverse puts the logs back.
"""

from django.db import migrations

BATCH = 1000


def _old_models_exist(apps) -> bool:
    # The tests re-run every RunPython against today's models (tests/conftest.py),
    # where the logs are gone: nothing to carry then.
    try:
        apps.get_model("campaigns", "ReminderLog")
    except LookupError:
        return False
    return True


def forwards(apps, schema_editor):
    if not _old_models_exist(apps):
        return
    Notification = apps.get_model("publishing", "Notification")
    ReminderLog = apps.get_model("campaigns", "ReminderLog")
    rows = [
        Notification(
            key=f"campaigns.reminder:occurrence={log.occurrence_id}:user={log.user_id}",
            kind="campaigns.reminder",
            to=[log.email],
            status="sent" if log.sent_at else "failed",
            attempts=1,
            sent_at=log.sent_at,
            last_error=log.error or ("" if log.sent_at else "not sent"),
        )
        for log in ReminderLog.objects.order_by("pk").iterator(chunk_size=BATCH)
    ]
    Notification.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


def backwards(apps, schema_editor):
    Notification = apps.get_model("publishing", "Notification")
    ReminderLog = apps.get_model("campaigns", "ReminderLog")
    Membership = apps.get_model("units", "Membership")
    Occurrence = apps.get_model("campaigns", "Occurrence")
    rows = Notification.objects.filter(kind="campaigns.reminder")
    occurrences = set(Occurrence.objects.values_list("pk", flat=True))
    for n in rows.iterator(chunk_size=BATCH):
        parts = dict(p.split("=", 1) for p in n.key.split(":")[1:])
        occurrence_id, user_id = int(parts["occurrence"]), int(parts["user"])
        membership = Membership.objects.filter(user_id=user_id).first()
        if membership is None or occurrence_id not in occurrences:
            continue
        ReminderLog.objects.get_or_create(
            occurrence_id=occurrence_id,
            user_id=user_id,
            defaults={
                "unit_id": membership.unit_id,
                "email": n.to[0] if n.to else "",
                "sent_at": n.sent_at,
                "error": "" if n.status == "sent" else n.last_error,
            },
        )
    rows.delete()


class Migration(migrations.Migration):
    # Numbered 0006 beside another branch's 0005; the lead renumbers at merge.
    dependencies = [
        ("campaigns", "0004_campaign_unique_key_date_year"),
        ("publishing", "0004_notification"),
        ("units", "0002_annual_plans_and_dashboard"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
