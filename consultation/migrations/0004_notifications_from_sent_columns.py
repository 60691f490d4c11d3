"""Carry the e-mails already sent to askers over to publishing's Notification (#12).

`tracking_sent_at` and `answer_notified_at` were set when each e-mail was claimed;
they become rows with the keys publishing.notifications builds (written out: a
migration never imports app code): consultation.tracking_link:question=<id> and
consultation.answer_ready:question=<id>. Safe to run again; the reverse sets the
columns back from the rows.
"""

from django.db import migrations

BATCH = 1000
MESSAGES = {"tracking_sent_at": "tracking_link", "answer_notified_at": "answer_ready"}


def forwards(apps, schema_editor):
    Notification = apps.get_model("publishing", "Notification")
    Question = apps.get_model("consultation", "Question")
    fields = {f.name for f in Question._meta.get_fields()}
    if not set(MESSAGES) <= fields:
        return  # today's model (tests re-run every RunPython): nothing to carry
    for column, message in MESSAGES.items():
        questions = (
            Question.objects.filter(**{f"{column}__isnull": False})
            .order_by("pk")
            .values_list("pk", "asker_email", column)
        )
        rows = [
            Notification(
                key=f"consultation.{message}:question={pk}",
                kind=f"consultation.{message}",
                to=[email] if email else [],
                status="sent",
                attempts=1,
                sent_at=at,
            )
            for pk, email, at in questions.iterator(chunk_size=BATCH)
        ]
        Notification.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


def backwards(apps, schema_editor):
    Notification = apps.get_model("publishing", "Notification")
    Question = apps.get_model("consultation", "Question")
    for column, message in MESSAGES.items():
        rows = Notification.objects.filter(kind=f"consultation.{message}")
        for key, at, created in rows.values_list("key", "sent_at", "created_at"):
            pk = int(key.rpartition("=")[2])
            Question.objects.filter(pk=pk).update(**{column: at or created})
        rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0003_faq_search_index"),
        ("publishing", "0004_notification"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
