"""Models shared by all content, and the scheduler's own heartbeat."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SchedulerHeartbeat(models.Model):
    """When a periodic source last proved it is alive: beat, or a worker answering a ping.

    One row per source. The database holds it so that every web node, /healthz and the
    admin see the same answer (no process memory as state).
    """

    class Source(models.TextChoices):
        BEAT = "beat", _("Bộ lập lịch (beat)")
        WORKER = "worker", _("Tiến trình nền (worker)")

    source = models.CharField(
        _("nguồn"), max_length=16, choices=Source.choices, primary_key=True
    )
    beat_at = models.DateTimeField(_("lần cuối"))

    class Meta:
        verbose_name = _("nhịp của bộ lập lịch")
        verbose_name_plural = _("nhịp của bộ lập lịch")

    def __str__(self):
        return f"{self.get_source_display()}: {self.beat_at:%Y-%m-%d %H:%M:%S}"
