"""Review inside a unit (#16), through the admin forms as they render, for every
Publishable whose admin is unit-scoped (news, campaign posts, and tomorrow's).

An editor of a unit with review on presses "publish": the item waits for the unit's
chief editors (e-mailed), who approve it (it publishes, or keeps its schedule, or goes
on to the office for the home page) or return it with a reason the editor reads on the
change form and the admin home. The sweep never publishes an item waiting for review;
its author and reviewers are told a day before its publish time.
"""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from publishing.models import Notification, Publishable, ReviewStep, Status
from publishing.review import content_review_due_remind
from publishing.workflow import Intent, content_save, publishing_sweep
from tests.support.forms import form_data, select_options
from tests.units.factories import UnitFactory, editor_of, office_staff_user
from tests.units.test_editor_scope import SCOPED_OBJECTS
from units.admin import UnitScopedAdminMixin
from units.models import Membership

pytestmark = pytest.mark.django_db


def reviewed_models():
    return sorted(
        (
            model
            for model, model_admin in admin.site._registry.items()
            if issubclass(model, Publishable)
            and isinstance(model_admin, UnitScopedAdminMixin)
        ),
        key=lambda m: m._meta.label,
    )


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def changelist_url(model):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


class Team:
    """A unit with review on, its editor and chief editor, logged-in clients."""

    def __init__(self, model, client_factory):
        self.model = model
        self.unit = UnitFactory(
            name="Công đoàn Trường Đại học Kinh tế - Luật",
            short_name="KTL",
            requires_review=True,
        )
        self.editor = editor_of(self.unit)
        self.chief = editor_of(self.unit, role=Membership.Role.CHIEF_EDITOR)
        self.editor_client = client_factory(self.editor)
        self.chief_client = client_factory(self.chief)

    def item(self):
        """A draft of the unit (the makers of some types publish their rows)."""
        obj = SCOPED_OBJECTS[self.model](self.unit)
        if obj.status != Status.DRAFT:
            content_save(obj=obj, intent=Intent.DRAFT)
        return obj


@pytest.fixture
def login():
    from django.test import Client

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture(params=reviewed_models(), ids=lambda m: m._meta.label)
def team(request, login):
    return Team(request.param, login)


def post_form(client, obj, **changes):
    """Post `obj`'s change form as rendered, with `changes` typed in."""
    url = change_url(obj)
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.text)
    for name, value in changes.items():
        data[name] = [value]
    return client.post(url, {**data, "_save": "Lưu"})


def steps_of(obj):
    return list(
        ReviewStep.objects.filter(object_id=obj.pk)
        .filter(content_type__model=obj._meta.model_name)
        .order_by("at", "pk")
        .values_list("action", "actor_id")
    )


def mail_to(kind, address):
    # In Python: SQLite has no JSON "contains".
    rows = Notification.objects.filter(kind=kind).values_list("to", flat=True)
    return sum(address in to for to in rows)


def test_the_editor_publish_waits_for_the_chief_editor_who_approves_it(team):
    obj = team.item()
    options = select_options(team.editor_client.get(change_url(obj)).text, "intent")
    assert Intent.APPROVE_UNIT not in options and Intent.RETURN_UNIT not in options
    response = post_form(team.editor_client, obj, intent=Intent.PUBLISH)
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.status == Status.UNIT_REVIEW
    assert not type(obj).objects.published().filter(pk=obj.pk).exists()
    assert steps_of(obj) == [(ReviewStep.Action.SUBMITTED, team.editor.pk)]
    assert mail_to("publishing.review.submitted", team.chief.email) == 1

    page = team.chief_client.get(change_url(obj))
    assert Intent.APPROVE_UNIT in select_options(page.text, "intent")
    assert "Gửi duyệt" in page.text  # the history on the change form
    response = post_form(team.chief_client, obj, intent=Intent.APPROVE_UNIT)
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.status == Status.PUBLISHED
    assert steps_of(obj)[-1] == (ReviewStep.Action.APPROVED, team.chief.pk)
    assert mail_to("publishing.review.approved", team.editor.email) == 1


def test_an_approved_scheduled_item_keeps_its_schedule(team):
    obj = team.item()
    future = (timezone.localtime() + timedelta(days=3)).replace(second=0, microsecond=0)
    post_form(
        team.editor_client,
        obj,
        intent=Intent.PUBLISH,
        publish_at=future.strftime("%d/%m/%Y %H:%M"),
    )
    obj.refresh_from_db()
    assert obj.status == Status.UNIT_REVIEW
    post_form(team.chief_client, obj, intent=Intent.APPROVE_UNIT)
    obj.refresh_from_db()
    assert obj.status == Status.SCHEDULED
    assert timezone.localtime(obj.publish_at) == future


def test_a_return_needs_its_reason_which_the_editor_reads(team):
    obj = team.item()
    post_form(team.editor_client, obj, intent=Intent.PUBLISH)
    obj.refresh_from_db()
    refused = post_form(
        team.chief_client, obj, intent=Intent.RETURN_UNIT, review_note_input=""
    )
    assert refused.status_code == 200
    assert "review_note_input" in refused.context["adminform"].form.errors
    obj.refresh_from_db()
    assert obj.status == Status.UNIT_REVIEW

    reason = "Số liệu trong đoạn hai chưa có nguồn."
    response = post_form(
        team.chief_client, obj, intent=Intent.RETURN_UNIT, review_note_input=reason
    )
    assert response.status_code == 302
    obj.refresh_from_db()
    assert (obj.status, obj.review_note) == (Status.DRAFT, reason)
    assert steps_of(obj)[-1] == (ReviewStep.Action.RETURNED, team.chief.pk)
    assert mail_to("publishing.review.returned", team.editor.email) == 1
    assert reason in team.editor_client.get(change_url(obj)).text
    assert reason in team.editor_client.get(reverse("admin:index")).text

    post_form(team.editor_client, obj, intent=Intent.PUBLISH)  # fixed, sent again
    obj.refresh_from_db()
    assert (obj.status, obj.review_note) == (Status.UNIT_REVIEW, "")


def test_an_item_for_the_home_page_goes_on_to_the_office_after_the_unit(team):
    obj = team.item()
    post_form(team.editor_client, obj, intent=Intent.SUBMIT_HOME)
    obj.refresh_from_db()
    assert obj.status == Status.UNIT_REVIEW
    post_form(team.chief_client, obj, intent=Intent.APPROVE_UNIT)
    obj.refresh_from_db()
    assert obj.status == Status.IN_REVIEW and not obj.on_home
    office = office_staff_user()
    content_save(
        obj=obj, intent=Intent.APPROVE_HOME, may_publish_home=True, actor=office
    )
    assert obj.status == Status.PUBLISHED and obj.on_home


def test_office_staff_review_any_unit_queue(team, login):
    obj = team.item()
    post_form(team.editor_client, obj, intent=Intent.PUBLISH)
    office = login(office_staff_user())
    obj.refresh_from_db()
    assert Intent.APPROVE_UNIT in select_options(
        office.get(change_url(obj)).text, "intent"
    )
    post_form(office, obj, intent=Intent.APPROVE_UNIT)
    obj.refresh_from_db()
    assert obj.status == Status.PUBLISHED


def test_chief_editors_publish_and_units_without_review_publish_directly(team):
    obj = team.item()
    post_form(team.chief_client, obj, intent=Intent.PUBLISH)
    obj.refresh_from_db()
    assert obj.status == Status.PUBLISHED and steps_of(obj) == []

    team.unit.requires_review = False
    team.unit.save()
    other = team.item()
    post_form(team.editor_client, other, intent=Intent.PUBLISH)
    other.refresh_from_db()
    assert other.status == Status.PUBLISHED


def test_the_bulk_approval_approves_only_what_the_reviewer_may(team):
    rows = [team.item(), team.item()]
    for row in rows:
        post_form(team.editor_client, row, intent=Intent.PUBLISH)
    url = changelist_url(team.model)
    data = form_data(team.chief_client.get(url).text, "changelist-form")
    data.update(
        action=["approve_unit_selected"],
        index=["0"],
        _selected_action=[str(r.pk) for r in rows],
    )
    assert team.chief_client.post(url, data).status_code == 302
    assert {
        s
        for s in team.model.objects.filter(pk__in=[r.pk for r in rows]).values_list(
            "status", flat=True
        )
    } == {Status.PUBLISHED}


# -- scheduled items meet their review ----------------------------------------------
def _waiting_scheduled(team, *, at):
    obj = team.item()
    obj.publish_at = at
    content_save(obj=obj, intent=Intent.PUBLISH, actor=team.editor)
    assert obj.status == Status.UNIT_REVIEW
    return obj


def test_the_sweep_does_not_publish_an_item_waiting_for_review(team, login):
    now = timezone.now()
    blocked = _waiting_scheduled(team, at=now - timedelta(minutes=5))
    approved = _waiting_scheduled(team, at=now + timedelta(minutes=5))
    content_save(obj=approved, intent=Intent.APPROVE_UNIT, actor=team.chief)
    assert approved.status == Status.SCHEDULED

    result = publishing_sweep(now=now + timedelta(minutes=10))
    blocked.refresh_from_db()
    approved.refresh_from_db()
    assert blocked.status == Status.UNIT_REVIEW
    assert approved.status == Status.PUBLISHED
    assert result.published == {team.model._meta.label: 1}

    # Both roles' admin homes show it as blocked, linking to the list of them.
    with_blocked = "quá giờ hẹn mà chưa được duyệt"
    assert with_blocked in team.editor_client.get(reverse("admin:index")).text
    office = login(office_staff_user())
    assert with_blocked in office.get(reverse("admin:index")).text
    listed = office.get(changelist_url(team.model) + "?duyet=qua_gio")
    assert list(listed.context["cl"].result_list) == [blocked]

    # Approved late, it publishes at once.
    content_save(obj=blocked, intent=Intent.APPROVE_UNIT, actor=team.chief)
    assert blocked.status == Status.PUBLISHED


def test_author_and_reviewers_are_told_a_day_before_once(team):
    now = timezone.now()
    soon = _waiting_scheduled(team, at=now + timedelta(hours=20))
    _waiting_scheduled(team, at=now + timedelta(hours=30))  # not yet
    assert content_review_due_remind(now=now, dry_run=True) == {
        team.model._meta.label: 1
    }
    assert not Notification.objects.filter(kind="publishing.review.due").exists()
    assert content_review_due_remind(now=now) == {team.model._meta.label: 1}
    mail = Notification.objects.get(kind="publishing.review.due")
    assert set(mail.to) == {team.editor.email, team.chief.email}
    assert soon.title in mail.subject
    assert content_review_due_remind(now=now + timedelta(minutes=30)) == {}

    # Moved to another time, it is a new reminder; approved, none.
    soon.publish_at = now + timedelta(hours=22)
    content_save(obj=soon, intent=Intent.PUBLISH, actor=team.editor)
    assert content_review_due_remind(now=now) == {team.model._meta.label: 1}
    content_save(obj=soon, intent=Intent.APPROVE_UNIT, actor=team.chief)
    soon.publish_at = now + timedelta(hours=23)
    assert content_review_due_remind(now=now) == {}


def test_the_reminder_command_twin_runs_the_same_service(team, capsys):
    _waiting_scheduled(team, at=timezone.now() + timedelta(hours=2))
    call_command("content_review_due_remind", "--dry-run")
    assert "1" in capsys.readouterr().out
    assert not Notification.objects.filter(kind="publishing.review.due").exists()
    call_command("content_review_due_remind")
    assert Notification.objects.filter(kind="publishing.review.due").count() == 1


def test_a_deleted_item_is_not_reminded(team):
    obj = _waiting_scheduled(team, at=timezone.now() + timedelta(hours=2))
    type(obj).objects.filter(pk=obj.pk).delete()
    assert content_review_due_remind() == {}


def test_existing_units_review_except_the_office():
    from importlib import import_module

    from django.apps import apps

    from units.models import Unit

    office = UnitFactory(name="Văn phòng Công đoàn ĐHQG", kind=Unit.Kind.OFFICE)
    school = UnitFactory(name="Công đoàn Trường Đại học Quốc tế")
    Unit.objects.update(requires_review=True)
    migration = import_module("units.migrations.0005_office_needs_no_unit_review")
    migration.office_off(apps, None)
    migration.office_off(apps, None)  # safe to run again
    office.refresh_from_db()
    school.refresh_from_db()
    assert (office.requires_review, school.requires_review) == (False, True)
    assert Unit._meta.get_field("requires_review").default is True


def test_the_demo_gives_two_units_a_chief_editor_who_reviews_them(capsys):
    import io

    from units import demo as units_demo
    from units.models import Unit

    call_command("demo_load", stdout=io.StringIO())
    for username, slug in units_demo.CHIEF_EDITORS:
        membership = Membership.objects.get(user__username=username)
        assert membership.unit.slug == slug
        assert membership.role == Membership.Role.CHIEF_EDITOR
        assert membership.unit.requires_review
    assert not Unit.objects.get(kind=Unit.Kind.OFFICE).requires_review


# -- fixed queries and the item's history ----------------------------------------------
def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more_waiting_and_returned(team, n):
    for _ in range(n):
        content_save(obj=team.item(), intent=Intent.PUBLISH, actor=team.editor)
        returned = team.item()
        content_save(obj=returned, intent=Intent.PUBLISH, actor=team.editor)
        content_save(
            obj=returned,
            intent=Intent.RETURN_UNIT,
            review_note="Thiếu nguồn ảnh.",
            actor=team.chief,
        )


def test_the_admin_home_costs_the_same_with_few_or_many_items(
    team, login, django_assert_num_queries
):
    office = login(office_staff_user())
    clients = [team.editor_client, team.chief_client, office]
    home = reverse("admin:index")
    _more_waiting_and_returned(team, 1)
    few = [_queries(client, home) for client in clients]
    _more_waiting_and_returned(team, 12)
    for client, count in zip(clients, few, strict=True):
        with django_assert_num_queries(count):
            client.get(home)


def test_the_change_form_costs_the_same_with_a_short_or_long_history(
    team, django_assert_num_queries
):
    obj = team.item()
    content_save(obj=obj, intent=Intent.PUBLISH, actor=team.editor)
    few = _queries(team.chief_client, change_url(obj))
    for _ in range(6):
        content_save(
            obj=obj, intent=Intent.RETURN_UNIT, review_note="Sửa", actor=team.chief
        )
        content_save(obj=obj, intent=Intent.PUBLISH, actor=team.editor)
    with django_assert_num_queries(few):
        team.chief_client.get(change_url(obj))


def test_each_step_is_a_change_reason_in_the_item_history(team):
    obj = team.item()
    content_save(obj=obj, intent=Intent.PUBLISH, actor=team.editor)
    content_save(obj=obj, intent=Intent.APPROVE_UNIT, actor=team.chief)
    assert [a for a, _who in steps_of(obj)] == ["submitted", "approved"]
    if not hasattr(type(obj), "history"):
        return  # a type without simple-history keeps its steps only
    reasons = list(
        obj.history.order_by("history_date").values_list(
            "history_change_reason", flat=True
        )
    )
    assert reasons[-2:] == ["Gửi duyệt", "Duyệt"]


def test_a_deleted_item_takes_its_review_steps_with_it(team):
    obj = team.item()
    content_save(obj=obj, intent=Intent.PUBLISH, actor=team.editor)
    assert steps_of(obj)
    pk = obj.pk
    type(obj).objects.filter(pk=pk).delete()
    obj.pk = pk
    assert steps_of(obj) == []


def test_an_editor_cannot_change_a_live_item_without_review(team):
    obj = team.item()
    content_save(obj=obj, intent=Intent.PUBLISH, actor=team.chief)
    assert obj.status == Status.PUBLISHED
    before = type(obj).objects.filter(pk=obj.pk).values().get()

    refused = post_form(
        team.editor_client, obj, intent=Intent.PUBLISH, title="Sửa lén bài đã đăng"
    )
    assert refused.status_code == 200
    assert "phải qua trưởng ban biên tập" in refused.text
    assert type(obj).objects.filter(pk=obj.pk).values().get() == before
    from django.core.exceptions import ValidationError

    obj.title = "Sửa lén bài đã đăng"
    with pytest.raises(ValidationError):
        content_save(obj=obj, intent=Intent.PUBLISH, actor=team.editor)
    obj.refresh_from_db()

    # Saved as it is, it stays live; the chief editor changes it directly.
    assert post_form(team.editor_client, obj, intent=Intent.PUBLISH).status_code == 302
    changed = post_form(
        team.chief_client, obj, intent=Intent.PUBLISH, title="Bản sửa của trưởng ban"
    )
    assert changed.status_code == 302
    obj.refresh_from_db()
    assert (obj.title, obj.status) == ("Bản sửa của trưởng ban", Status.PUBLISHED)

    # Taken down to a draft, the editor edits it and sends it for review again.
    post_form(team.editor_client, obj, intent=Intent.DRAFT, title="Bản sửa mới")
    obj.refresh_from_db()
    post_form(team.editor_client, obj, intent=Intent.PUBLISH)
    obj.refresh_from_db()
    assert (obj.title, obj.status) == ("Bản sửa mới", Status.UNIT_REVIEW)
