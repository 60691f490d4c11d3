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


# -- forged scoped foreign keys other than the unit (#12) ----------------------------
def _scoped_relations(model):
    """Fields of `model` pointing to a Unit or to another unit-scoped model."""
    for field in model._meta.get_fields():
        if not (field.concrete and (field.many_to_one or field.many_to_many)):
            continue
        related = field.related_model
        if related is Unit or related in SCOPED_OBJECTS:
            yield field


def _foreign_target(field, unit_b):
    related = field.related_model
    return unit_b if related is Unit else SCOPED_OBJECTS[related](unit_b)


def _points_to(obj, field, target) -> bool:
    obj = type(obj).objects.get(pk=obj.pk)
    if field.many_to_many:
        return getattr(obj, field.name).filter(pk=target.pk).exists()
    return getattr(obj, field.attname) == target.pk


@pytest.fixture(
    params=[
        (model, field.name)
        for model in scoped_models()
        for field in _scoped_relations(model)
    ],
    ids=lambda p: f"{p[0]._meta.label}.{p[1]}",
)
def scoped_relation(request, unit_a, unit_b):
    model, name = request.param
    return model, model._meta.get_field(name), SCOPED_OBJECTS[model](unit_a)


def test_every_scoped_relation_forged_to_another_unit_is_refused(
    editor_client, scoped_relation, unit_b
):
    """Each relation to a unit or a unit's row, shown or not: posting unit B's id in
    the change form as rendered never makes the row point there."""
    model, field, own = scoped_relation
    target = _foreign_target(field, unit_b)
    data = form_data(editor_client.get(url(model, "change", own.pk)).text)
    data[field.name] = [str(target.pk)]
    response = editor_client.post(url(model, "change", own.pk), data)
    assert response.status_code in {200, 302}
    assert not _points_to(own, field, target)


def test_an_editor_cannot_assign_a_question_to_another_unit(
    editor_client, unit_a, unit_b
):
    from consultation.models import Question

    question = SCOPED_OBJECTS[Question](unit_a)
    page = editor_client.get(url(Question, "change", question.pk))
    assert 'name="assigned_unit"' not in page.text  # the office assigns
    data = form_data(page.text)
    data["assigned_unit"] = [str(unit_b.pk)]
    editor_client.post(url(Question, "change", question.pk), data)
    question.refresh_from_db()
    assert question.assigned_unit_id == unit_a.pk


# Inline rows of the editors' admins: model -> make(parent) for a row under `parent`.
def _plan_file(plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.guidance.factories import pdf_bytes
    from units.models import AnnualPlanFile
    from units.services import annual_plan_file_save

    return annual_plan_file_save(
        plan_file=AnnualPlanFile(
            plan=plan, file=SimpleUploadedFile("Kế hoạch.pdf", pdf_bytes())
        )
    )


def _report_file(distribution):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from guidance.models import ReportFile
    from guidance.services import report_file_save
    from tests.guidance.factories import pdf_bytes

    return report_file_save(
        report_file=ReportFile(
            distribution=distribution,
            file=SimpleUploadedFile("Báo cáo.pdf", pdf_bytes()),
        ),
        upload_name="Báo cáo.pdf",
    )


def _activity_photo(activity):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from activities.models import ActivityPhoto

    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (20, 90, 160)).save(buffer, "JPEG")
    photo = ActivityPhoto(
        activity=activity,
        image=SimpleUploadedFile("anh.jpg", buffer.getvalue()),
        alt="Đoàn viên tham dự",
    )
    photo.full_clean()
    photo.save()
    return photo


def _inline_makers():
    from activities.models import ActivityPhoto
    from guidance.models import ReportFile
    from tests.units.factories import UnitPageFactory
    from units.models import AnnualPlanFile, UnitPage

    return {
        Leader: lambda unit: LeaderFactory(unit=unit),
        UnitPage: lambda unit: UnitPageFactory(unit=unit),
        AnnualPlanFile: _plan_file,
        ReportFile: _report_file,
        ActivityPhoto: _activity_photo,
    }


def _as_request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


def _editor_inlines(unit):
    """(parent model, inline, own row) for every inline an editor of `unit` gets."""
    from tests.units.factories import editor_of

    request = _as_request(editor_of(unit))
    for model in scoped_models():
        own = SCOPED_OBJECTS[model](unit)
        for inline in admin.site._registry[model].get_inline_instances(request, own):
            yield model, inline, own


def test_every_editor_inline_is_in_the_attack_suite(unit_a):
    inlines = list(_editor_inlines(unit_a))
    assert inlines, "the editors' admins have inlines"
    for _model, inline, _own in inlines:
        assert inline.model in _inline_makers(), (
            f"add a maker for {inline.model._meta.label} to _inline_makers"
        )


def test_inline_rows_of_another_unit_cannot_be_forged_in(
    editor_client, unit_editor, unit_a, unit_b
):
    """An inline row's id and its parent link, forged to unit B's row in the change
    form as rendered: refused, and unit B's row is untouched."""
    makers = _inline_makers()
    request = _as_request(unit_editor)
    for model, inline, own in list(_editor_inlines(unit_a)):
        foreign_parent = SCOPED_OBJECTS[model](unit_b)
        theirs = makers[inline.model](foreign_parent)
        fields = inline.model._meta.fields
        before = {f.attname: getattr(theirs, f.attname) for f in fields}
        formset = inline.get_formset(request, own)
        prefix, fk = formset.get_default_prefix(), formset.fk
        change = url(model, "change", own.pk)
        data = form_data(editor_client.get(change).text)
        index = int(data[f"{prefix}-TOTAL_FORMS"][0])
        initial = int(data[f"{prefix}-INITIAL_FORMS"][0])
        data[f"{prefix}-TOTAL_FORMS"] = [str(index + 1)]
        data[f"{prefix}-INITIAL_FORMS"] = [str(initial + 1)]
        data[f"{prefix}-{index}-id"] = [str(theirs.pk)]
        data[f"{prefix}-{index}-{fk.name}"] = [str(foreign_parent.pk)]
        for name in ("full_name", "title", "role"):
            data[f"{prefix}-{index}-{name}"] = ["Đã bị sửa"]
        response = editor_client.post(change, data)
        label = inline.model._meta.label
        assert response.status_code in {200, 302}, label
        theirs = inline.model.objects.get(pk=theirs.pk)
        assert {f.attname: getattr(theirs, f.attname) for f in fields} == before, label
        others = inline.model.objects.filter(**{fk.name: foreign_parent})
        assert list(others) == [theirs], label


# -- accounts: no role above its station (#12) ---------------------------------------
def _user_url(user, view="change"):
    if view == "password":
        return reverse("admin:auth_user_password_change", args=[user.pk])
    return reverse(f"admin:auth_user_{view}", args=[user.pk])


@pytest.fixture
def superuser(db):
    from tests.units.factories import UserFactory

    return UserFactory(username="quantri.cap.cao", is_staff=True, is_superuser=True)


@pytest.fixture
def colleague(db):
    """Another member of the office group."""
    from django.contrib.auth.models import Group

    from tests.units.factories import UserFactory
    from units.permissions import OFFICE_STAFF_GROUP

    user = UserFactory(username="vanphong.dongnghiep", is_staff=True)
    user.groups.add(Group.objects.get(name=OFFICE_STAFF_GROUP))
    return user


def test_office_staff_cannot_set_a_superusers_password(
    office_client, superuser, unit_editor
):
    # The form as rendered for an account they manage, posted at the superuser's.
    page = office_client.get(_user_url(unit_editor, "password"))
    assert page.status_code == 200
    data = form_data(page.text)
    data.update(password1=["Chiem-quyen-2027!"], password2=["Chiem-quyen-2027!"])
    assert office_client.get(_user_url(superuser, "password")).status_code == 403
    response = office_client.post(_user_url(superuser, "password"), data)
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.check_password("password")
    assert not superuser.check_password("Chiem-quyen-2027!")


@pytest.mark.parametrize("target", ["superuser", "colleague"])
def test_office_staff_cannot_change_a_superuser_or_another_office_member(
    request, office_client, unit_editor, target
):
    user = request.getfixturevalue(target)
    page = office_client.get(_user_url(user))
    assert page.status_code == 200  # they may look ...
    assert 'name="username"' not in page.text  # ... read-only
    data = form_data(office_client.get(_user_url(unit_editor)).text)
    data.update(username=[user.username], email=["chiem.quyen@example.com"])
    assert office_client.post(_user_url(user), data).status_code == 403
    assert office_client.post(_user_url(user, "password"), {}).status_code == 403
    assert office_client.post(
        _user_url(user, "delete"), {"post": "yes"}
    ).status_code == (403)
    user.refresh_from_db()
    assert user.email != "chiem.quyen@example.com"


def test_office_staff_cannot_grant_superuser_staff_or_permissions(
    office_client, unit_a
):
    from django.contrib.auth.models import Permission

    from tests.units.factories import UserFactory

    member = UserFactory(username="hoivien.moi", is_staff=False)
    page = office_client.get(_user_url(member))
    for name in ("is_superuser", "is_staff", "user_permissions"):
        assert f'name="{name}"' not in page.text
    data = form_data(page.text)
    data.update(
        is_superuser=["on"],
        is_staff=["on"],
        user_permissions=[str(Permission.objects.get(codename="change_user").pk)],
        first_name=["Hội viên"],
    )
    response = office_client.post(_user_url(member), data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.first_name == "Hội viên"  # the account was managed ...
    assert not member.is_superuser and not member.is_staff  # ... not promoted
    assert not member.user_permissions.exists()


def test_office_staff_cannot_put_anyone_in_the_office_group(office_client, unit_editor):
    from django.contrib.auth.models import Group

    from units.permissions import OFFICE_STAFF_GROUP

    office = Group.objects.get(name=OFFICE_STAFF_GROUP)
    page = office_client.get(_user_url(unit_editor))
    assert f'value="{office.pk}"' not in page.text.split('name="groups"')[1][:2000]
    data = form_data(page.text)
    data["groups"] = [str(office.pk)]
    response = office_client.post(_user_url(unit_editor), data)
    assert response.status_code == 200
    assert "groups" in response.context["adminform"].form.errors
    assert not unit_editor.groups.filter(pk=office.pk).exists()


def test_office_staff_assign_groups_that_give_nothing_more(office_client, unit_editor):
    from django.contrib.auth.models import Group, Permission

    readers = Group.objects.create(name="Cộng tác viên đọc bài")
    powerful = Group.objects.create(name="Quản lý nhóm")
    powerful.permissions.add(Permission.objects.get(codename="change_group"))
    page = office_client.get(_user_url(unit_editor))
    data = form_data(page.text)
    data["groups"] = [str(readers.pk)]
    assert office_client.post(_user_url(unit_editor), data).status_code == 302
    assert list(unit_editor.groups.all()) == [readers]
    data["groups"] = [str(readers.pk), str(powerful.pk)]
    response = office_client.post(_user_url(unit_editor), data)
    assert response.status_code == 200
    assert not unit_editor.groups.filter(pk=powerful.pk).exists()


def test_a_group_a_superuser_gave_survives_an_office_edit(office_client, unit_editor):
    from django.contrib.auth.models import Group, Permission

    special = Group.objects.create(name="Nhóm đặc biệt")
    special.permissions.add(Permission.objects.get(codename="delete_user"))
    unit_editor.groups.add(special)
    data = form_data(office_client.get(_user_url(unit_editor)).text)
    data["last_name"] = ["Đã sửa"]
    assert office_client.post(_user_url(unit_editor), data).status_code == 302
    assert unit_editor.groups.filter(pk=special.pk).exists()
    data["groups"] = []  # nor may they take it away
    assert office_client.post(_user_url(unit_editor), data).status_code == 200
    assert unit_editor.groups.filter(pk=special.pk).exists()


def test_a_changelist_action_on_a_superuser_is_refused(
    office_client, superuser, unit_editor
):
    from django.contrib.auth import get_user_model

    changelist = reverse("admin:auth_user_changelist")
    data = form_data(office_client.get(changelist).text)
    data.update(
        action=["delete_selected"],
        post=["yes"],
        **{ACTION_CHECKBOX_NAME: [str(unit_editor.pk), str(superuser.pk)]},
    )
    assert office_client.post(changelist, data).status_code == 403
    assert (
        get_user_model().objects.filter(pk__in=[superuser.pk, unit_editor.pk]).count()
        == 2
    )


def test_office_staff_cannot_change_what_a_group_grants(office_client):
    from django.contrib.auth.models import Group, Permission

    from units.permissions import OFFICE_STAFF_GROUP

    office = Group.objects.get(name=OFFICE_STAFF_GROUP)
    change = reverse("admin:auth_group_change", args=[office.pk])
    page = office_client.get(change)
    assert page.status_code == 200 and 'name="permissions"' not in page.text
    everything = [str(pk) for pk in Permission.objects.values_list("pk", flat=True)]
    response = office_client.post(
        change, {"name": office.name, "permissions": everything}
    )
    assert response.status_code == 403
    assert office.permissions.count() < len(everything)
    assert office_client.get(reverse("admin:auth_group_add")).status_code == 403


def test_office_staff_make_editors_only_of_accounts_they_manage(
    office_client, superuser, unit_a
):
    from tests.units.factories import UserFactory
    from units.models import Membership

    add = reverse("admin:units_membership_add")
    data = form_data(office_client.get(add).text)
    data.update(unit=[str(unit_a.pk)], role=["editor"], user=[str(superuser.pk)])
    response = office_client.post(add, data)
    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    member = UserFactory(username="bientap.moi")
    data["user"] = [str(member.pk)]
    assert office_client.post(add, data).status_code == 302
    member.refresh_from_db()
    assert Membership.objects.filter(user=member, unit=unit_a).exists()
    assert member.is_staff  # the service makes editors staff, the office cannot


def test_the_membership_user_box_suggests_only_accounts_office_staff_manage(
    office_client, superuser, colleague, unit_editor
):
    response = office_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "units",
            "model_name": "membership",
            "field_name": "user",
            "term": "",
        },
    )
    assert response.status_code == 200
    ids = {int(r["id"]) for r in response.json()["results"]}
    assert unit_editor.pk in ids
    assert superuser.pk not in ids and colleague.pk not in ids


def test_an_editor_manages_no_account(editor_client, unit_editor, unit_b):
    from tests.units.factories import editor_of

    other = editor_of(unit_b)
    for target in (unit_editor, other):
        for view in ("change", "password", "delete"):
            assert editor_client.get(_user_url(target, view)).status_code == 403
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403
    response = editor_client.post(_user_url(unit_editor), {"is_superuser": "on"})
    assert response.status_code == 403
    unit_editor.refresh_from_db()
    assert not unit_editor.is_superuser


def test_a_superuser_may_do_all_of_it(client, superuser, unit_editor):
    from django.contrib.auth.models import Group

    from units.permissions import OFFICE_STAFF_GROUP

    client.force_login(superuser)
    office = Group.objects.get(name=OFFICE_STAFF_GROUP)
    data = form_data(client.get(_user_url(unit_editor)).text)
    data.update(groups=[str(office.pk)], is_superuser=["on"])
    assert client.post(_user_url(unit_editor), data).status_code == 302
    unit_editor.refresh_from_db()
    assert unit_editor.is_superuser and unit_editor.groups.filter(pk=office.pk).exists()
    data = form_data(client.get(_user_url(superuser, "password")).text)
    data.update(password1=["Mat-khau-moi-2027!"], password2=["Mat-khau-moi-2027!"])
    assert client.post(_user_url(superuser, "password"), data).status_code == 302
