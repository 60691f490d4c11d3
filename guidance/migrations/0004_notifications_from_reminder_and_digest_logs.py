"""Carry the sent reminders and digests over to publishing's Notification (#12).

Keys as publishing.notifications builds them (written out here: a migration never
imports app code): guidance.reminder.<kind>:distribution=<id> and
guidance.digest:week=<monday>. A row that failed before stays failed: the old policy
never retried it, and a reminder of a past deadline is no use now. Safe to run again
(existing keys are skipped); the reverse puts the logs back.
"""

from django.db import migrations

BATCH = 1000


def _status(log) -> str:
    return "sent" if log.sent_at else "failed"


def _old_models_exist(apps) -> bool:
    # The tests re-run every RunPython against today's models (tests/conftest.py),
    # where the logs are gone: nothing to carry then.
    try:
        apps.get_model("guidance", "ReminderLog")
    except LookupError:
        return False
    return True


def forwards(apps, schema_editor):
    if not _old_models_exist(apps):
        return
    Notification = apps.get_model("publishing", "Notification")
    ReminderLog = apps.get_model("guidance", "ReminderLog")
    DigestLog = apps.get_model("guidance", "DigestLog")
    rows = []
    for log in ReminderLog.objects.order_by("pk").iterator(chunk_size=BATCH):
        rows.append(
            Notification(
                key=f"guidance.reminder.{log.kind}:distribution={log.distribution_id}",
                kind=f"guidance.reminder.{log.kind}",
                to=[e.strip() for e in log.recipients.split(",") if e.strip()],
                status=_status(log),
                attempts=1,
                sent_at=log.sent_at,
                last_error=log.error or ("" if log.sent_at else "not sent"),
            )
        )
    for log in DigestLog.objects.order_by("pk").iterator(chunk_size=BATCH):
        rows.append(
            Notification(
                key=f"guidance.digest:week={log.week_start.isoformat()}",
                kind="guidance.digest",
                to=[e.strip() for e in log.recipients.split(",") if e.strip()],
                status=_status(log),
                attempts=1,
                sent_at=log.sent_at,
                last_error=log.error or ("" if log.sent_at else "not sent"),
            )
        )
    Notification.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


def backwards(apps, schema_editor):
    Notification = apps.get_model("publishing", "Notification")
    ReminderLog = apps.get_model("guidance", "ReminderLog")
    DigestLog = apps.get_model("guidance", "DigestLog")
    Distribution = apps.get_model("guidance", "Distribution")
    rows = Notification.objects.filter(kind__startswith="guidance.")
    existing = set(Distribution.objects.values_list("pk", flat=True))
    for n in rows.iterator(chunk_size=BATCH):
        fields = {
            "sent_at": n.sent_at,
            "recipients": ", ".join(n.to),
            "error": "" if n.status == "sent" else n.last_error,
        }
        name, _sep, part = n.key.partition(":")
        value = part.partition("=")[2]
        if n.kind == "guidance.digest":
            DigestLog.objects.get_or_create(week_start=value, defaults=fields)
        elif int(value) in existing:
            ReminderLog.objects.get_or_create(
                distribution_id=int(value), kind=name.rsplit(".", 1)[1], defaults=fields
            )
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("guidance", "0003_seed_document_types"),
        ("publishing", "0004_notification"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
