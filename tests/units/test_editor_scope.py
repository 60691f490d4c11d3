"""The cross-unit attack suite, run against every admin registered with the mixin.

A CĐCS editor of unit A tries every way into unit B's rows: list, open, change, delete,
history, an admin action, autocomplete, and forging the unit field. A content type is
covered the day its admin uses UnitScopedAdminMixin: its app's tests/<app>/factories.py
declares SCOPED_OBJECTS = {Model: make(unit)} and the whole suite runs against it (a
scoped admin without a maker fails the first test).
"""

from importlib import import_module
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from tests.support.forms import form_data
from tests.units.factories import LeaderFactory
from units.admin import UnitScopedAdminMixin
from units.models import Leader, Unit

pytestmark = pytest.mark.django_db


def _collect_makers() -> dict:
    """model -> function(unit) returning a row of that unit, from every app's tests."""
    makers = {}
    for factories in sorted(Path(__file__).parents[1].glob("*/factories.py")):
        module = import_module(f"tests.{factories.parent.name}.factories")
        makers.update(getattr(module, "SCOPED_OBJECTS", {}))
    return makers


SCOPED_OBJECTS = _collect_makers()


def scoped_models():
    return sorted(
        (
            model
            for model, model_admin in admin.site._registry.items()
            if isinstance(model_admin, UnitScopedAdminMixin)
        ),
        key=lambda m: m._meta.label,
    )


def url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.fixture(params=scoped_models(), ids=lambda m: m._meta.label)
def scoped(request, unit_a, unit_b):
    """(model, own row in unit A, foreign row in unit B) for each scoped admin."""
    model = request.param
    make = SCOPED_OBJECTS[model]
    return model, make(unit_a), make(unit_b)


@pytest.fixture(
    params=[m for m in scoped_models() if admin.site._registry[m].unit_field == "unit"],
    ids=lambda m: m._meta.label,
)
def scoped_with_unit_field(request, unit_a, unit_b):
    """The scoped admins whose form has a `unit` field an editor could forge."""
    model = request.param
    return model, SCOPED_OBJECTS[model](unit_a), None


def test_every_scoped_admin_is_in_the_attack_suite():
    assert set(scoped_models()) >= {Unit}
    assert set(scoped_models()) <= set(SCOPED_OBJECTS), "add a maker to SCOPED_OBJECTS"


def test_list_shows_only_own_units_rows(editor_client, scoped):
    model, own, foreign = scoped
    response = editor_client.get(url(model, "changelist"))
    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["cl"].result_list}
    assert own.pk in shown
    assert foreign.pk not in shown
    assert response.context["cl"].result_count == len(shown)


def test_list_filter_offers_only_own_units(editor_client, scoped, unit_b):
    model, _own, _foreign = scoped
    response = editor_client.get(url(model, "changelist"))
    assert str(unit_b) not in response.text.split('id="changelist-filter"')[-1]


@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_opening_another_units_row_is_404(editor_client, scoped, view):
    model, _own, foreign = scoped
    assert editor_client.get(url(model, view, foreign.pk)).status_code == 404


def test_changing_another_units_row_is_404(editor_client, scoped):
    model, own, foreign = scoped
    data = form_data(editor_client.get(url(model, "change", own.pk)).text)
    response = editor_client.post(url(model, "change", foreign.pk), data)
    assert response.status_code == 404


def test_deleting_another_units_row_is_404_and_it_survives(editor_client, scoped):
    model, _own, foreign = scoped
    response = editor_client.post(url(model, "delete", foreign.pk), {"post": "yes"})
    assert response.status_code == 404
    assert model.objects.filter(pk=foreign.pk).exists()


def test_an_action_on_another_units_row_is_404(editor_client, scoped):
    model, own, foreign = scoped
    response = editor_client.post(
        url(model, "changelist"),
        {
            "action": "delete_selected",
            ACTION_CHECKBOX_NAME: [own.pk, foreign.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 404
    assert model.objects.filter(pk=foreign.pk).exists()


def test_autocomplete_offers_only_own_units(editor_client, scoped, unit_a, unit_b):
    model, _own, _foreign = scoped
    for field in model._meta.get_fields():
        if field.many_to_one and field.related_model is Unit:
            response = editor_client.get(
                reverse("admin:autocomplete"),
                {
                    "app_label": model._meta.app_label,
                    "model_name": model._meta.model_name,
                    "field_name": field.name,
                    "term": "",
                },
            )
            assert response.status_code == 200
            ids = {int(r["id"]) for r in response.json()["results"]}
            assert unit_b.pk not in ids
            assert ids <= {unit_a.pk}


def test_forged_unit_on_add_is_refused(editor_client, scoped_with_unit_field, unit_b):
    model, own, _foreign = scoped_with_unit_field
    data = form_data(editor_client.get(url(model, "change", own.pk)).text)
    data["unit"] = [str(unit_b.pk)]
    before = model.objects.filter(unit=unit_b).count()
    response = editor_client.post(url(model, "add"), data)
    assert response.status_code == 200  # the form again, with an error
    assert "unit" in response.context["adminform"].form.errors
    assert model.objects.filter(unit=unit_b).count() == before


def test_forged_unit_on_change_is_refused(
    editor_client, scoped_with_unit_field, unit_a, unit_b
):
    model, own, _foreign = scoped_with_unit_field
    data = form_data(editor_client.get(url(model, "change", own.pk)).text)
    data["unit"] = [str(unit_b.pk)]
    response = editor_client.post(url(model, "change", own.pk), data)
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.unit_id == unit_a.pk


def test_own_row_can_be_changed(editor_client, scoped):
    model, own, _foreign = scoped
    data = form_data(editor_client.get(url(model, "change", own.pk)).text)
    response = editor_client.post(url(model, "change", own.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors


# -- beyond the generic suite --------------------------------------------------------
def test_editor_cannot_slip_another_units_leader_into_their_unit(
    editor_client, unit_a, unit_b
):
    theirs = LeaderFactory(unit=unit_b, full_name="Người của đơn vị khác")
    LeaderFactory(unit=unit_a)
    data = form_data(editor_client.get(url(Unit, "change", unit_a.pk)).text)
    data["leaders-0-id"] = [str(theirs.pk)]
    data["leaders-0-full_name"] = ["Đã bị sửa"]
    editor_client.post(url(Unit, "change", unit_a.pk), data)
    theirs.refresh_from_db()
    assert theirs.full_name == "Người của đơn vị khác"
    assert theirs.unit_id == unit_b.pk


def test_editor_cannot_rename_or_reparent_their_unit(editor_client, unit_a, unit_b):
    data = form_data(editor_client.get(url(Unit, "change", unit_a.pk)).text)
    data.update(name=["Tên mới"], parent=[str(unit_b.pk)], is_active=[])
    data["phone"] = ["028 1111 2222"]
    assert editor_client.post(url(Unit, "change", unit_a.pk), data).status_code == 302
    unit_a.refresh_from_db()
    assert unit_a.name == "Công đoàn Trường Đại học Bách khoa"
    assert unit_a.parent_id is None
    assert unit_a.is_active
    assert unit_a.phone == "028 1111 2222"


def test_editor_cannot_add_or_delete_units(editor_client, unit_a):
    assert editor_client.get(url(Unit, "add")).status_code == 403
    assert editor_client.post(url(Unit, "delete", unit_a.pk)).status_code == 403


def test_editor_cannot_see_or_change_memberships(editor_client, unit_editor):
    from units.models import Membership

    membership = Membership.objects.get(user=unit_editor)
    assert editor_client.get(url(Membership, "changelist")).status_code == 403
    response = editor_client.post(
        url(Membership, "change", membership.pk), {"role": "chief"}
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == "editor"
    assert editor_client.get(reverse("admin:units_membership_add")).status_code == 403


def test_editor_cannot_make_themselves_superuser(editor_client, unit_editor):
    response = editor_client.get(
        reverse("admin:auth_user_change", args=[unit_editor.pk])
    )
    assert response.status_code == 403


def test_office_staff_see_every_units_rows(office_client, unit_a, unit_b):
    response = office_client.get(url(Unit, "changelist"))
    shown = {obj.pk for obj in response.context["cl"].result_list}
    assert {unit_a.pk, unit_b.pk} <= shown


def test_user_without_membership_sees_nothing(client, unit_a):
    from tests.units.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    assert client.get(url(Unit, "changelist")).status_code == 403
    assert client.get(url(Unit, "change", unit_a.pk)).status_code in {403, 404}


def test_leader_rows_history_records_who_changed_what(office_client, unit_a):
    data = form_data(office_client.get(url(Unit, "change", unit_a.pk)).text)
    data["phone"] = ["028 9999 0000"]
    office_client.post(url(Unit, "change", unit_a.pk), data)
    record = unit_a.history.latest("history_date")
    assert record.history_user.username == "vanphong.test"
    assert record.phone == "028 9999 0000"
    response = office_client.get(url(Unit, "history", unit_a.pk))
    assert response.status_code == 200
    assert "028 9999 0000" in response.text


def test_leader_model_is_audited(unit_a):
    leader = LeaderFactory(unit=unit_a)
    leader.role = "Chủ tịch"
    leader.save()
    assert Leader.history.filter(id=leader.pk).count() == 2
