"""The base of the management commands that do a periodic task's work at once.

Every task in CELERY_BEAT_SCHEDULE but beat's heartbeat has a command of the same
name (tests/publishing/test_commands.py holds the list): when beat or the workers are
down, or to see what is due, an operator runs `manage.py <task> [--dry-run]`. The
command calls the services the task calls and prints what they did. A heartbeat run
by hand would tell the admin that beat is alive when it is not, so it has no twin.
"""

from collections.abc import Iterable

from django.core.management.base import BaseCommand


class TaskTwinCommand(BaseCommand):
    """Subclasses set `help` and write `run`; `dry_run = False` when the services
    cannot count without doing."""

    dry_run = True

    def add_arguments(self, parser):
        if self.dry_run:
            parser.add_argument(
                "--dry-run",
                action="store_true",
                help="Chỉ đếm những việc đã đến hạn, không thay đổi gì.",
            )

    def handle(self, *args, dry_run=False, **options):
        for line in self.run(dry_run=dry_run):
            self.stdout.write(line)

    def run(self, *, dry_run: bool) -> Iterable[str]:
        raise NotImplementedError
