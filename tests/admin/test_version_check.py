"""Two people editing the same item (#16): the second save is refused with a clear
Vietnamese message and nothing changes; rescheduling into the past or after the item's
expiry is a form error. Generated over every publishable admin, as office staff (who
may change every one of them), through the change form as it renders.
"""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.test import Client
from django.utils import timezone

from publishing.models import Publishable, Status
from publishing.workflow import Intent, content_save
from tests.admin.test_round_trip import row_for
from tests.publishing.test_unit_review import change_url
from tests.support import admin_values
from tests.support.forms import form_data
from tests.units.factories import UnitFactory, office_staff_user

pytestmark = pytest.mark.django_db

PUBLISHABLE_ADMINS = sorted(
    (m for m in admin.site._registry if issubclass(m, Publishable)),
    key=lambda m: m._meta.label,
)


@pytest.fixture(params=PUBLISHABLE_ADMINS, ids=lambda m: m._meta.label)
def item(request):
    user = office_staff_user()
    ctx = admin_values.Context(role="office", user=user, unit=UnitFactory())
    obj = row_for(request.param, ctx)
    client = Client()
    client.force_login(user)
    return obj, client


def _page_data(client, obj):
    page = client.get(change_url(obj))
    assert page.status_code == 200
    return form_data(page.text)


def _post(client, obj, data, **changes):
    data = {**data, **{k: [v] for k, v in changes.items()}}
    return client.post(change_url(obj), {**data, "_save": "Lưu"})


def _stored(obj):
    return type(obj)._default_manager.filter(pk=obj.pk).values().get()


def test_the_second_of_two_saves_is_refused_and_changes_nothing(item):
    obj, first = item
    second = Client()
    second.force_login(office_staff_user())
    mine, theirs = _page_data(first, obj), _page_data(second, obj)
    assert mine["version_seen"] == [str(obj.version)]

    assert (
        _post(first, obj, mine, title="Tiêu đề do người thứ nhất sửa").status_code
        == 302
    )
    saved = _stored(obj)
    assert saved["version"] == obj.version + 1

    refused = _post(second, obj, theirs, title="Tiêu đề của người thứ hai")
    assert refused.status_code == 200
    assert "Người khác đã lưu mục này" in refused.text
    assert _stored(obj) == saved

    # Reopened, the second person sees the new version and may save.
    fresh = _page_data(second, obj)
    assert (
        _post(second, obj, fresh, title="Tiêu đề của người thứ hai").status_code == 302
    )
    assert _stored(obj)["title"] == "Tiêu đề của người thứ hai"


def test_a_forged_stale_version_is_refused_by_the_service_too(item):
    obj, _client = item
    from django.core.exceptions import ValidationError

    obj.title = "Sửa bằng bản cũ"
    with pytest.raises(ValidationError) as error:
        content_save(obj=obj, intent=Intent.DRAFT, expected_version=obj.version - 1)
    assert error.value.code == "stale_version"


def _scheduled(obj, *, days=3, expires_days=None):
    now = timezone.now()
    obj.publish_at = now + timedelta(days=days)
    obj.unpublish_at = now + timedelta(days=expires_days) if expires_days else None
    content_save(obj=obj, intent=Intent.PUBLISH, may_publish_home=True)
    assert obj.status == Status.SCHEDULED
    return obj


def test_rescheduling_into_the_past_is_a_clear_form_error(item):
    obj, client = item
    _scheduled(obj)
    before = _stored(obj)
    past = timezone.localtime() - timedelta(days=1)
    response = _post(
        client,
        obj,
        _page_data(client, obj),
        publish_at=past.strftime("%d/%m/%Y %H:%M"),
        intent=Intent.PUBLISH,
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Không thể dời lịch đăng về quá khứ" in str(errors["publish_at"])
    assert _stored(obj) == before


def test_rescheduling_after_the_expiry_is_a_clear_form_error(item):
    obj, client = item
    _scheduled(obj, days=3, expires_days=10)
    before = _stored(obj)
    later = timezone.localtime() + timedelta(days=12)
    response = _post(
        client,
        obj,
        _page_data(client, obj),
        publish_at=later.strftime("%d/%m/%Y %H:%M"),
        intent=Intent.PUBLISH,
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "bài hết hạn (tự gỡ)" in str(errors["publish_at"])
    assert _stored(obj) == before


def test_rescheduling_to_another_future_day_before_expiry_saves(item):
    obj, client = item
    _scheduled(obj, days=3, expires_days=10)
    later = (timezone.localtime() + timedelta(days=5)).replace(second=0, microsecond=0)
    response = _post(
        client,
        obj,
        _page_data(client, obj),
        publish_at=later.strftime("%d/%m/%Y %H:%M"),
        intent=Intent.PUBLISH,
    )
    assert response.status_code == 302
    obj.refresh_from_db()
    assert timezone.localtime(obj.publish_at) == later
    assert obj.status == Status.SCHEDULED
