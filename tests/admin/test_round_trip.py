"""Every admin form round-trips, for every role, generated from the admin registry.

For each ModelAdmin on the site and each role (superuser, office staff who are not
superusers, a CĐCS editor of unit A):
- the changelist, add and change pages answer 200 where the admin's has_*_permission
  grants them to the role, 403 where it does not (the role matrix);
- the change form posted back exactly as rendered saves (302) and changes nothing;
- the add form, filled by type (tests/support/admin_values.py) and typed as people
  type dates, saves, and the row holds what was posted, date-times in local time;
- every action the changelist offers the role works through the changelist form;
- every intent the publishing fieldset offers the role moves the status as promised.
A model registered tomorrow runs through all of it; when the filler cannot fill its
form or make a row, the test fails and says what to add (never a silent skip).
Round 1 had a green service suite and an admin that refused every date (#11).
"""

from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import ERROR
from django.db import models
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone

from publishing.models import Publishable, Status
from publishing.workflow import Intent, content_save
from tests.support import admin_values
from tests.support.forms import form_data, select_options
from tests.support.social_servers import social_server
from tests.units.test_editor_scope import SCOPED_OBJECTS

pytestmark = pytest.mark.django_db

ROLES = ("superuser", "office", "editor")
ADMINS = sorted(admin.site._registry, key=lambda m: m._meta.label)
LABELS = [m._meta.label for m in ADMINS]
PUBLISHABLE = [m._meta.label for m in ADMINS if issubclass(m, Publishable)]


@pytest.fixture(autouse=True)
def _channels_on_this_machine(settings):
    """Actions that talk to Facebook or Zalo reach a local stand-in, never the net."""
    with social_server() as running:
        settings.FACEBOOK_GRAPH_URL = running.url
        settings.ZALO_OPENAPI_URL = running.url
        settings.ZALO_OAUTH_URL = running.url
        yield


def _user_for(role, unit):
    from tests.units.factories import UserFactory, editor_of, office_staff_user

    if role == "superuser":
        return UserFactory(
            username="quantri.test",
            first_name="Quản",
            last_name="Trị",
            is_staff=True,
            is_superuser=True,
        )
    if role == "office":
        return office_staff_user()
    return editor_of(unit)


@pytest.fixture(params=ROLES)
def actor(request, unit_a):
    user = _user_for(request.param, unit_a)
    client = Client()
    client.force_login(user)
    return admin_values.Context(role=request.param, user=user, unit=unit_a), client


def model_of(label):
    return next(m for m in ADMINS if m._meta.label == label)


def admin_url(model, view, *args) -> str | None:
    opts = model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)
    except NoReverseMatch:
        return None


def request_as(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def row_for(model, ctx):
    """A row of `model` that the role may open (in the editor's unit when scoped)."""
    make = admin_values.OBJECTS.get(model._meta.label)
    if make is None and model in SCOPED_OBJECTS:
        return SCOPED_OBJECTS[model](ctx.unit)
    if make is None:
        raise AssertionError(
            f"The round-trip suite cannot make a {model._meta.label} row: add a "
            "maker to OBJECTS in tests/support/admin_values.py (or to "
            "SCOPED_OBJECTS in the app's tests factories for a unit-scoped admin)."
        )
    return make(ctx)


def form_errors(response) -> str:
    if response.status_code != 200 or response.context is None:
        return f"HTTP {response.status_code}"
    parts = []
    adminform = response.context.get("adminform")
    if adminform is not None:
        parts.append(f"form: {adminform.form.errors.as_data()}")
    for inline in response.context.get("inline_admin_formsets") or []:
        parts.append(
            f"inline {inline.formset.prefix}: {inline.formset.errors} "
            f"{inline.formset.non_form_errors()}"
        )
    return "; ".join(parts) or response.text[:500]


def snapshot(obj, inline_querysets=()):
    """What the database holds for `obj` and its inline rows, bar auto_now stamps."""

    def rows(queryset):
        skip = {
            f.attname
            for f in queryset.model._meta.concrete_fields
            if getattr(f, "auto_now", False)
        }
        return sorted(
            (
                {k: v for k, v in row.items() if k not in skip}
                for row in queryset.values()
            ),
            key=lambda r: r[queryset.model._meta.pk.attname],
        )

    model = type(obj)
    m2m = {
        f.name: sorted(getattr(obj, f.name).values_list("pk", flat=True))
        for f in model._meta.many_to_many
    }
    return (
        rows(model._default_manager.filter(pk=obj.pk)),
        m2m,
        [rows(qs) for qs in inline_querysets],
    )


# -- the role matrix -----------------------------------------------------------------
@pytest.mark.parametrize("label", LABELS)
def test_pages_answer_as_the_role_matrix_says(label, actor):
    ctx, client = actor
    model = model_of(label)
    model_admin = admin.site._registry[model]
    request = request_as(ctx.user)
    obj = row_for(model, ctx) if admin_url(model, "change", 1) else None

    expected = {"changelist": model_admin.has_view_or_change_permission(request)}
    if admin_url(model, "add"):
        expected["add"] = model_admin.has_add_permission(request)
    else:
        assert not model_admin.has_add_permission(request), f"{label}: no add page"
    if obj is not None:
        expected["change"] = model_admin.has_view_or_change_permission(request, obj)
    else:
        assert not model_admin.has_change_permission(request), f"{label}: no change"

    for view, allowed in expected.items():
        args = (obj.pk,) if view == "change" else ()
        response = client.get(admin_url(model, view, *args))
        assert response.status_code == (200 if allowed else 403), (
            f"{label} {view} as {ctx.role}: {response.status_code}"
        )


def test_the_matrix_keeps_editors_out_of_office_only_admins(unit_a):
    from units.admin import OfficeOnlyAdminMixin, UnitScopedAdminMixin

    editor = request_as(_user_for("editor", unit_a))
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, OfficeOnlyAdminMixin):
            # Some may be read (categories, to choose from); none may be written.
            assert not model_admin.has_change_permission(editor), model
            assert not model_admin.has_add_permission(editor), model
        if isinstance(model_admin, UnitScopedAdminMixin):
            assert model_admin.has_view_or_change_permission(editor), model


# -- the change form, posted back as rendered ------------------------------------------
@pytest.mark.parametrize(
    "label", [lbl for lbl in LABELS if admin_url(model_of(lbl), "change", 1)]
)
def test_change_form_posted_back_as_rendered_changes_nothing(label, actor):
    ctx, client = actor
    model = model_of(label)
    model_admin = admin.site._registry[model]
    obj = row_for(model, ctx)
    url = admin_url(model, "change", obj.pk)
    request = request_as(ctx.user)
    if not model_admin.has_change_permission(request, obj):
        before = snapshot(obj)
        response = client.post(url, {"_save": "1"})
        assert response.status_code in (403, 404), response.status_code
        assert snapshot(obj) == before
        return

    page = client.get(url)
    assert page.status_code == 200
    inline_querysets = [
        inline.formset.queryset for inline in page.context["inline_admin_formsets"]
    ]
    before = snapshot(obj, inline_querysets)
    data = form_data(page.text)
    assert "csrfmiddlewaretoken" in data and "logout" not in str(data.keys())
    response = client.post(url, {**data, "_save": "Lưu"})
    assert response.status_code == 302, form_errors(response)
    assert snapshot(obj, inline_querysets) == before


# -- the add form, filled as people fill it --------------------------------------------
def fill_add_form(model, ctx, page):
    """The add form's data: as rendered, plus a valid value in every empty field
    that needs one and every empty date, text, e-mail and link field of the model."""
    form = page.context["adminform"].form
    data = form_data(page.text)
    provided = admin_values.ADD_VALUES.get(model._meta.label, lambda ctx: {})(ctx)
    model_fields = {f.name for f in model._meta.get_fields()}
    expected, dates = {}, 0
    for name, field in form.fields.items():
        if field.disabled:
            continue
        if name in provided:
            value = provided[name]
            if isinstance(value, tuple):
                value, expected[name] = value
            data[name] = value if isinstance(value, list) else [value]
            continue
        posted = [v for v in data.get(name, []) if v != ""]
        fillable = isinstance(
            field,
            admin_values.forms.DateField
            | admin_values.forms.DateTimeField
            | admin_values.forms.CharField,
        )
        if posted or not (field.required or (fillable and name in model_fields)):
            continue
        if isinstance(field, admin_values.forms.FileField):
            raise admin_values.CannotFill(
                f"{model._meta.label}.{name} needs a file: add it to ADD_VALUES"
            )
        position = dates
        if isinstance(
            field, admin_values.forms.DateField | admin_values.forms.DateTimeField
        ):
            dates += 1
        value, stored = admin_values.generic_value(ctx, model, name, field, position)
        data[name] = value if isinstance(value, list) else [value]
        if name in model_fields:
            expected[name] = stored
    return data, expected


def stored_value(obj, name):
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return set(getattr(obj, name).values_list("pk", flat=True))
    if field.is_relation:
        return getattr(obj, field.attname)
    value = getattr(obj, name)
    if isinstance(field, models.DateTimeField) and value is not None:
        return timezone.localtime(value)
    return value


@pytest.mark.parametrize(
    "label", [lbl for lbl in LABELS if admin_url(model_of(lbl), "add")]
)
def test_add_form_filled_saves_what_was_posted(label, actor):
    ctx, client = actor
    model = model_of(label)
    model_admin = admin.site._registry[model]
    url = admin_url(model, "add")
    if not model_admin.has_add_permission(request_as(ctx.user)):
        count = model._default_manager.count()
        assert client.post(url, {"_save": "1"}).status_code == 403
        assert model._default_manager.count() == count
        return

    page = client.get(url)
    assert page.status_code == 200
    data, expected = fill_add_form(model, ctx, page)
    response = client.post(url, {**data, "_continue": "Lưu và tiếp tục sửa"})
    assert response.status_code == 302, form_errors(response)
    match = resolve(urlsplit(response["Location"]).path)
    obj = model._default_manager.get(pk=match.kwargs["object_id"])

    assert expected, f"{label}: the filler filled nothing to compare"
    for name, value in expected.items():
        assert stored_value(obj, name) == value, f"{label}.{name}"
        if isinstance(value, timezone.datetime) and hasattr(value, "hour"):
            local = timezone.localtime(getattr(obj, name))
            assert (local.hour, local.minute) == (value.hour, value.minute)

    # The saved row's change form shows each date-time as it was typed, local time.
    shown = form_data(client.get(response["Location"]).text)
    for name, value in expected.items():
        field = obj._meta.get_field(name)
        if isinstance(field, models.DateTimeField):
            assert shown[name] == [value.strftime("%Y-%m-%dT%H:%M")], name
        elif isinstance(field, models.DateField):
            assert shown[name] == [value.isoformat()], name


# -- actions, through the changelist form ----------------------------------------------
@pytest.mark.parametrize("label", LABELS)
def test_every_action_works_through_the_changelist_form(label, actor):
    ctx, client = actor
    model = model_of(label)
    model_admin = admin.site._registry[model]
    url = admin_url(model, "changelist")
    if not model_admin.has_view_or_change_permission(request_as(ctx.user)):
        assert client.get(url).status_code == 403
        return
    if not admin_url(model, "change", 1):  # a page of its own (the dashboard)
        assert client.get(url).status_code == 200
        return
    row_for(model, ctx)
    actions = select_options(client.get(url).text, "action")
    assert set(actions) == set(model_admin.get_actions(request_as(ctx.user)))
    for action in actions:
        rows = [row_for(model, ctx), row_for(model, ctx)]
        data = form_data(client.get(url).text, "changelist-form")
        data.update(
            action=[action],
            index=["0"],
            **{ACTION_CHECKBOX_NAME: [str(r.pk) for r in rows]},
        )
        response = client.post(url, data)
        if action == "delete_selected":
            assert response.status_code == 200, response.status_code
            response = client.post(url, form_data(response.text))
            assert response.status_code == 302
            assert not model._default_manager.filter(pk__in=[r.pk for r in rows])
            continue
        assert response.status_code == 302, f"{label} {action}: {form_errors(response)}"
        errors = [
            m.message for m in response.wsgi_request._messages if m.level == ERROR
        ]
        assert not errors, f"{label} {action} as {ctx.role}: {errors}"


# -- every intent of the publishing fieldset -------------------------------------------
EXPECTED_STATUS = {
    Intent.DRAFT: Status.DRAFT,
    Intent.PUBLISH: Status.PUBLISHED,
    Intent.SUBMIT_HOME: Status.IN_REVIEW,
    Intent.APPROVE_HOME: Status.PUBLISHED,
    Intent.REJECT_HOME: Status.DRAFT,
    Intent.ARCHIVE: Status.ARCHIVED,
}


@pytest.mark.parametrize("label", PUBLISHABLE)
def test_every_intent_moves_the_status_through_the_change_form(label, actor):
    ctx, client = actor
    model = model_of(label)
    model_admin = admin.site._registry[model]
    probe = row_for(model, ctx)
    if not model_admin.has_change_permission(request_as(ctx.user), probe):
        assert client.get(admin_url(model, "change", probe.pk)).status_code == 403
        return
    intents = select_options(
        client.get(admin_url(model, "change", probe.pk)).text, "intent"
    )
    office = ctx.role != "editor"
    assert (Intent.APPROVE_HOME in intents) is office
    assert (Intent.SUBMIT_HOME in intents) is not office
    future = timezone.localtime() + timezone.timedelta(days=2)
    future = future.replace(second=0, microsecond=0)
    cases = [(intent, {}) for intent in intents]
    cases.append((Intent.PUBLISH, {"publish_at": future.strftime("%d/%m/%Y %H:%M")}))
    for intent, extra in cases:
        obj = row_for(model, ctx)
        if intent in (Intent.APPROVE_HOME, Intent.REJECT_HOME):
            content_save(obj=obj, intent=Intent.SUBMIT_HOME)
            assert obj.status == Status.IN_REVIEW
        url = admin_url(model, "change", obj.pk)
        data = form_data(client.get(url).text)
        data.update(intent=[intent], **{k: [v] for k, v in extra.items()})
        if intent == Intent.REJECT_HOME:
            refused = client.post(url, {**data, "review_note_input": [""]})
            assert refused.status_code == 200
            assert "review_note_input" in refused.context["adminform"].form.errors
            data["review_note_input"] = ["Ảnh bìa chưa có chú thích."]
        response = client.post(url, data)
        assert response.status_code == 302, f"{intent}: {form_errors(response)}"
        obj.refresh_from_db()
        expected = Status.SCHEDULED if extra else EXPECTED_STATUS[intent]
        assert obj.status == expected, f"{label} {intent} as {ctx.role}"
        if extra:
            assert timezone.localtime(obj.publish_at) == future
        if intent == Intent.APPROVE_HOME:
            assert obj.on_home
        if intent == Intent.REJECT_HOME:
            assert obj.review_note == "Ảnh bìa chưa có chú thích."
            assert not obj.on_home
