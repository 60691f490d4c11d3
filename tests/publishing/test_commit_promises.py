"""What a commit promises happens (#12): fail each after-commit step in turn.

Real commits (transactional tests), tasks run eagerly in this process, Facebook is
the local social server. One commit publishes a campaign post with a Facebook
delivery, takes a member's question (tracking e-mail) and uploads a guidance file
(text extraction); another, through the admin, publishes guidance to every CĐCS.
Each case breaks one step after the commit (or the broker), then checks that the
save answered as if nothing happened, that everything written in the transaction is
there, that the other steps ran, and that the next tick of beat's tasks repairs the
broken one, once.
"""

from importlib import import_module
from unittest import mock

import pytest
import time_machine
from celery import current_app
from django.apps import apps
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from channels import tasks as channel_tasks
from channels.models import Delivery
from consultation.models import Topic
from consultation.services import question_submit
from guidance.models import Attachment, Distribution, Document
from publishing import tasks as publishing_tasks
from publishing.circuits import broker_circuit
from publishing.models import Notification, OutboxTask, PageGeneration
from publishing.outbox import OUTBOX_SEND_GRACE
from publishing.workflow import Intent, content_save
from tests.campaigns.factories import CampaignPostFactory, SocialChannelFactory
from tests.guidance.factories import DocumentFactory, docx_bytes
from tests.publishing.test_redis_outage import guidance_add_form
from tests.support.social_servers import social_server
from tests.units.factories import UnitFactory, office_staff_user

pytestmark = pytest.mark.django_db(transaction=True)
UNITS = 3


@pytest.fixture
def site(settings):
    """Page cache on (a cache that keeps nothing is enough to bump generations),
    tasks eager, the local Facebook, the seeded topics, three CĐCS."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    settings.PAGE_CACHE_SECONDS = 300
    import_module("consultation.migrations.0002_seed_topics").seed(apps, None)
    import_module("campaigns.migrations.0003_seed_key_dates").seed(apps, None)
    for _ in range(UNITS):
        UnitFactory()
    current_app.conf.task_always_eager = True
    with social_server() as server:
        settings.FACEBOOK_GRAPH_URL = server.url
        settings.CHANNEL_TIMEOUT_SECONDS = 2
        yield server
    current_app.conf.task_always_eager = False


def generation() -> int:
    row = PageGeneration.objects.filter(pk=PageGeneration.ROW).first()
    return row.value if row else 0


def one_commit(server):
    """Publish a campaign post, take a question, upload a file: one transaction."""
    channel = SocialChannelFactory(
        page_id=server.page_id, access_token=server.facebook_token
    )
    post = CampaignPostFactory(intent=Intent.DRAFT, title="Chào mừng ngày 28/7")
    Delivery.objects.create(target=post, channel=channel)
    document = DocumentFactory(title="Kế hoạch tuyên truyền 28/7")
    with transaction.atomic():
        content_save(obj=post, intent=Intent.PUBLISH)
        question_submit(
            name="Trần Văn Minh", email="minh.tran@example.edu.vn", phone="",
            topic=Topic.objects.get(slug="luong-phu-cap"),
            body="Đoàn viên nghỉ thai sản có được trợ cấp không?", consent="anonymous",
        )  # fmt: skip
        from guidance.services import attachment_save
        from tests.guidance.factories import SimpleUploadedFile

        attachment_save(
            attachment=Attachment(
                document=document,
                file=SimpleUploadedFile("Kế hoạch.docx", docx_bytes("Ngày 28 tháng 7")),
            ),
            upload_name="Kế hoạch.docx",
        )
    return post


def state(server) -> dict:
    return {
        "facebook posts": len(server.facebook_posts),
        "delivery": Delivery.objects.get().status,
        "tracking e-mails": sum("minh.tran" in m.to[0] for m in mail.outbox),
        "text extracted": Attachment.objects.filter(text__contains="28").count(),
        "distribution rows": Distribution.objects.count(),
        "outbox rows": sorted(OutboxTask.objects.values_list("task", flat=True)),
        "tracking sent": Notification.objects.filter(
            kind__startswith="consultation.", status=Notification.Status.SENT
        ).count(),
    }


DONE = {
    "facebook posts": 1,
    "delivery": Delivery.Status.SENT,
    "tracking e-mails": 1,
    "text extracted": 1,
    "distribution rows": UNITS,
    "outbox rows": [],
    "tracking sent": 1,
}


def broken(step: str):
    """Make one step after the commit fail the way it fails in production."""
    boom = RuntimeError(f"{step} broke after the commit")
    if step == "outbox send":
        return mock.patch("publishing.outbox.outbox_send", side_effect=boom)
    if step == "delivery enqueue":
        return mock.patch("channels.services.outbox.task_enqueue", side_effect=boom)
    if step == "page memo":
        return mock.patch("publishing.cache._memo_forget", side_effect=boom)
    # The broker refuses every message (what kombu raises with Redis down).
    return mock.patch(
        "celery.app.task.Task.apply_async", side_effect=OperationalError("refused")
    )


# The tasks the commits promise through the outbox: the file's text, and the
# newsletter issue of each publication (the two guidance documents, the post).
WAITING_TASKS = [
    "guidance.tasks.attachment_text_extract",
    *["newsletter.tasks.issue_send"] * 3,
]

# What each broken step leaves undone until the next tick, the rest being DONE.
UNDONE = {
    # E-mails are Notification rows (their own sweep), not outbox tasks.
    "outbox send": {"text extracted": 0, "outbox rows": WAITING_TASKS},
    "delivery enqueue": {"facebook posts": 0, "delivery": Delivery.Status.PENDING},
    "page memo": {},
    "broker": {"facebook posts": 0, "delivery": Delivery.Status.PENDING,
               "tracking e-mails": 0, "text extracted": 0, "outbox rows": WAITING_TASKS,
               "tracking sent": 0},
}  # fmt: skip


@pytest.mark.parametrize("step", list(UNDONE))
def test_a_step_that_fails_after_the_commit_skips_nothing_else_and_the_next_tick_repairs_it(
    site, client, step
):
    server = site
    client.force_login(office_staff_user())
    data = guidance_add_form(client)
    before = generation()
    with broken(step):
        response = client.post(reverse("admin:guidance_document_add"), data)
        post = one_commit(server)

    assert response.status_code == 302  # the editor is told the save worked: it did
    assert Document.objects.get(number_text="07/HD-CĐĐHQG").is_published
    assert post.deliveries.get().status != Delivery.Status.WAITING  # released
    assert generation() >= before + 3  # each commit retired the cached pages
    assert state(server) == {**DONE, **UNDONE[step]}

    # The next tick of beat's two sweeps, once the grace of the commit's own send
    # has passed (and the broker circuit's few seconds' pause, which the clock
    # travel does not move); a second tick changes nothing.
    broker_circuit.reset()
    for _tick in range(2):
        with time_machine.travel(timezone.now() + OUTBOX_SEND_GRACE * 2):
            publishing_tasks.publishing_sweep()
            channel_tasks.deliveries_due_send()
            publishing_tasks.notifications_due_send()
        assert state(server) == DONE


def test_a_receiver_that_raises_rolls_the_publication_back_with_its_promises(site):
    """The editor gets the error and nothing is half done: no published document
    without its distribution rows."""
    document = DocumentFactory(intent=Intent.DRAFT, recipients_all_grassroots=True)
    before = generation()
    with (
        mock.patch(
            "guidance.services.Distribution.objects.bulk_create",
            side_effect=RuntimeError("distribution failed"),
        ),
        pytest.raises(RuntimeError),
    ):
        content_save(obj=document, intent=Intent.PUBLISH)
    document.refresh_from_db()
    assert not document.is_published
    assert generation() == before
