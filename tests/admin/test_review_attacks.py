"""The attack suite for review inside a unit (#16), generated from the registry of
publishable admins that belong to units, so a new content type is covered.

An editor cannot approve their own item, nor any item of another unit, by the form,
by an admin action or by a forged POST; a chief editor cannot approve another unit's
item, nor an item they submitted themselves. Each refusal changes nothing.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.test import Client

from publishing.models import Status
from publishing.workflow import Intent, content_save
from tests.publishing.test_unit_review import (
    change_url,
    changelist_url,
    reviewed_models,
)
from tests.support.forms import form_data, select_options
from tests.units.factories import UnitFactory, editor_of
from tests.units.test_editor_scope import SCOPED_OBJECTS
from units.models import Membership

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(params=reviewed_models(), ids=lambda m: m._meta.label)
def waiting(request):
    """An item of unit A waiting for review, submitted by A's editor."""
    model = request.param
    unit_a = UnitFactory(
        name="Công đoàn Trường Đại học Bách khoa", requires_review=True
    )
    unit_b = UnitFactory(name="Công đoàn Trường Đại học Quốc tế", requires_review=True)
    editor = editor_of(unit_a)
    obj = SCOPED_OBJECTS[model](unit_a)
    if obj.status != Status.DRAFT:
        content_save(obj=obj, intent=Intent.DRAFT)
    content_save(obj=obj, intent=Intent.PUBLISH, actor=editor)
    assert obj.status == Status.UNIT_REVIEW
    return {
        "model": model,
        "obj": obj,
        "editor": editor,
        "other_editor": editor_of(unit_b),
        "other_chief": editor_of(unit_b, role=Membership.Role.CHIEF_EDITOR),
    }


def _still_waiting(obj):
    obj.refresh_from_db()
    return obj.status == Status.UNIT_REVIEW


def _forged_form_post(client, obj, intent):
    """The editor's own change form, as rendered, with a reviewer's intent typed in."""
    url = change_url(obj)
    data = form_data(client.get(url).text)
    data["intent"] = [intent]
    data["review_note_input"] = ["Trả lại thử."]
    return client.post(url, {**data, "_save": "Lưu"})


def _forged_action(client, model, obj):
    url = changelist_url(model)
    return client.post(
        url,
        {
            "action": "approve_unit_selected",
            "index": "0",
            ACTION_CHECKBOX_NAME: [str(obj.pk)],
        },
    )


@pytest.mark.parametrize("intent", [Intent.APPROVE_UNIT, Intent.RETURN_UNIT])
def test_an_editor_cannot_approve_their_own_item_by_the_form(waiting, intent):
    client, obj = _client(waiting["editor"]), waiting["obj"]
    assert intent not in select_options(client.get(change_url(obj)).text, "intent")
    response = _forged_form_post(client, obj, intent)
    assert response.status_code == 200
    assert "intent" in response.context["adminform"].form.errors
    assert _still_waiting(obj)


def test_an_editor_cannot_approve_their_own_item_by_an_action(waiting):
    client, model, obj = _client(waiting["editor"]), waiting["model"], waiting["obj"]
    offered = select_options(client.get(changelist_url(model)).text, "action")
    assert "approve_unit_selected" not in offered
    _forged_action(client, model, obj)
    assert _still_waiting(obj)


def test_an_editor_cannot_approve_their_own_item_through_the_service(waiting):
    obj = waiting["obj"]
    with pytest.raises(PermissionDenied):
        content_save(obj=obj, intent=Intent.APPROVE_UNIT, actor=waiting["editor"])
    assert _still_waiting(obj)
    # Pressing "publish" again is not an approval either: it keeps waiting.
    content_save(obj=obj, intent=Intent.PUBLISH, actor=waiting["editor"])
    assert _still_waiting(obj)


@pytest.mark.parametrize("who", ["other_editor", "other_chief"])
def test_nobody_of_another_unit_approves_by_form_action_or_forged_post(waiting, who):
    client, model, obj = _client(waiting[who]), waiting["model"], waiting["obj"]
    url = change_url(obj)
    assert client.get(url).status_code == 404
    forged = {"intent": Intent.APPROVE_UNIT, "title": "Đã sửa", "_save": "Lưu"}
    assert client.post(url, forged).status_code == 404
    assert _forged_action(client, model, obj).status_code == 404
    with pytest.raises(PermissionDenied):
        content_save(obj=obj, intent=Intent.APPROVE_UNIT, actor=waiting[who])
    assert _still_waiting(obj)


def test_a_chief_editor_cannot_approve_what_they_submitted(waiting):
    obj, editor = waiting["obj"], waiting["editor"]
    # Promoted after submitting: their own submission still needs another reviewer.
    membership = Membership.objects.get(user=editor)
    membership.role = Membership.Role.CHIEF_EDITOR
    membership.save()
    client = _client(editor)
    assert Intent.APPROVE_UNIT not in select_options(
        client.get(change_url(obj)).text, "intent"
    )
    assert _forged_form_post(client, obj, Intent.APPROVE_UNIT).status_code == 200
    url = changelist_url(waiting["model"])
    data = form_data(client.get(url).text, "changelist-form")
    data.update(
        action=["approve_unit_selected"], index=["0"], _selected_action=[str(obj.pk)]
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert any("không có quyền" in str(m) for m in response.wsgi_request._messages)
    assert _still_waiting(obj)


def test_an_editor_cannot_turn_off_their_unit_review_by_a_forged_post():
    from django.urls import reverse

    unit = UnitFactory(name="Công đoàn Trường Đại học An Giang", requires_review=True)
    client = _client(editor_of(unit, role=Membership.Role.CHIEF_EDITOR))
    url = reverse("admin:units_unit_change", args=[unit.pk])
    page = client.get(url)
    assert 'name="requires_review"' not in page.text  # shown, not editable
    data = form_data(page.text)
    data["requires_review"] = [""]
    client.post(url, {**data, "_save": "Lưu"})
    data.pop("requires_review")
    client.post(url, {**data, "_save": "Lưu"})
    unit.refresh_from_db()
    assert unit.requires_review
