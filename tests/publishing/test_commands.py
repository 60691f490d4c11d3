"""Management commands: one per periodic task, named as the task, on one base."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command, get_commands, load_command_class
from django.utils import timezone

from publishing import tasks
from publishing.commands import TaskTwinCommand
from publishing.models import OutboxTask

# A heartbeat written by hand would report a beat that is not running.
NO_TWIN = {"publishing.tasks.scheduler_heartbeat"}
# Commands that are not a task's twin.
OTHER_COMMANDS = {
    "demo_load",
    # The newsletter's bounce handling: a server to run, and a reader of saved reports.
    "newsletter_bounces_serve",
    "newsletter_bounces_read",
}
PROJECT_APPS = {
    config.name
    for config in apps.get_app_configs()
    # Ours: under the project, not a package installed in its .venv.
    if config.path.startswith(str(settings.BASE_DIR))
    and "site-packages" not in config.path
}


def periodic_tasks() -> set[str]:
    return {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}


@pytest.mark.parametrize("task", sorted(periodic_tasks() - NO_TWIN))
def test_every_periodic_task_has_a_command_of_its_name(task):
    app, _module, name = task.rsplit(".", 2)
    assert get_commands().get(name) == app, f"manage.py {name} is missing"
    assert isinstance(load_command_class(app, name), TaskTwinCommand)


def test_the_project_has_no_other_commands():
    ours = {name for name, app in get_commands().items() if app in PROJECT_APPS}
    twins = {task.rsplit(".", 1)[1] for task in periodic_tasks() - NO_TWIN}
    assert ours - twins == OTHER_COMMANDS


@pytest.mark.django_db
def test_a_command_without_a_dry_run_refuses_the_option():
    with pytest.raises(Exception, match="dry-run"):
        call_command("campaign_reminders_send", "--dry-run")


@pytest.mark.django_db
def test_the_channel_check_says_when_there_is_nothing_to_check(capsys):
    call_command("social_channels_check")
    assert "Không có kênh nào đang hoạt động." in capsys.readouterr().out


@pytest.mark.django_db
def test_the_sweep_command_also_sends_the_tasks_a_commit_left_waiting(capsys):
    OutboxTask.objects.create(
        task=tasks.worker_ping.name,
        args=[],
        kwargs={},
        next_attempt_at=timezone.now() - timedelta(minutes=1),
    )
    call_command("publishing_sweep", "--dry-run")
    assert "tác vụ" not in capsys.readouterr().out
    assert OutboxTask.objects.exists()
    call_command("publishing_sweep")
    out = capsys.readouterr().out
    assert "Không có gì đến hạn." in out and "Đã gửi 1 tác vụ còn chờ." in out
    assert not OutboxTask.objects.exists()
