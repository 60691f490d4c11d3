"""Login throttling (#12): wrong passwords lock an account from an address, and a
whole address that tries many accounts; the office sees and unlocks; every role
lands in the admin after signing in, and a refused login never leaves the form.

Driven through /admin/login/ as it renders, the way a person or a script signs in.
"""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.support.forms import form_data
from tests.units.factories import UserFactory, editor_of, office_staff_user
from units.models import LoginLock

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
ADDRESS = "198.51.100.20"
LOCKED_TEXT = "Đăng nhập sai quá nhiều lần"


def sign_in(client, username, password, address=ADDRESS, **extra):
    data = form_data(client.get(LOGIN, REMOTE_ADDR=address, **extra).text)
    data.update(username=[username], password=[password])
    return client.post(LOGIN, data, REMOTE_ADDR=address, **extra)


def failures_until_locked(client, username, address=ADDRESS, limit=100) -> int:
    """Wrong passwords sent until the site answers 429; how many were refused first."""
    for tried in range(1, limit + 1):
        response = sign_in(client, username, "sai-mat-khau", address)
        if response.status_code == 429:
            return tried - 1
        assert response.status_code == 200  # the form again, with its error
    raise AssertionError(f"still not locked after {limit} wrong passwords")


@pytest.fixture
def staff(unit_a):
    return editor_of(unit_a)


def test_an_account_is_locked_from_its_address_after_five_wrong_passwords(
    client, staff
):
    assert settings.LOGIN_FAILURES_PER_ACCOUNT == 5
    refused = failures_until_locked(client, staff.username)
    # The first four answer with the form; the fifth failure locks and says so.
    assert refused == settings.LOGIN_FAILURES_PER_ACCOUNT - 1
    response = sign_in(client, staff.username, "password")
    assert response.status_code == 429
    assert LOCKED_TEXT in response.text
    assert "15 phút" in response.text
    assert response["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session
    # The same account from another address is not locked out by this one.
    other = Client()
    assert sign_in(other, staff.username, "password", "203.0.113.9").status_code == 302


def test_lockout_page_is_the_admins_page_in_vietnamese(client, staff):
    failures_until_locked(client, staff.username)
    response = sign_in(client, staff.username, "password")
    assert 'id="site-name"' in response.text  # the admin's header and look
    assert "<h1>Tạm khóa đăng nhập</h1>" in response.text
    assert "văn phòng Công đoàn mở khóa" in response.text
    ends = timezone.localtime(timezone.now() + datetime.timedelta(minutes=15))
    assert ends.strftime("%d/%m/%Y") in response.text


def test_an_address_trying_many_accounts_is_locked_after_twenty_failures(client):
    assert settings.LOGIN_FAILURES_PER_ADDRESS == 20
    victim = UserFactory(is_staff=True)
    for number in range(settings.LOGIN_FAILURES_PER_ADDRESS - 1):
        response = sign_in(client, f"khong-ton-tai-{number}", "sai-mat-khau")
        assert response.status_code == 200
    # The twentieth failure, on yet another name, locks the address ...
    assert sign_in(client, "ten-cuoi", "sai-mat-khau").status_code == 429
    # ... for every account, even with the right password.
    assert sign_in(client, victim.username, "password").status_code == 429
    assert sign_in(Client(), victim.username, "password", "192.0.2.7").status_code == (
        302
    )


def test_changing_browser_or_forging_forwarded_for_does_not_escape(client, staff):
    for number in range(settings.LOGIN_FAILURES_PER_ACCOUNT - 1):
        response = sign_in(
            client,
            staff.username,
            "sai-mat-khau",
            HTTP_USER_AGENT=f"Trình duyệt {number}",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",  # no proxy is trusted here
        )
        assert response.status_code == 200
    response = sign_in(
        client, staff.username, "sai-mat-khau", HTTP_USER_AGENT="Trình duyệt khác"
    )
    assert response.status_code == 429


def test_the_lock_ends_fifteen_minutes_after_the_last_failure(client, staff):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        failures_until_locked(client, staff.username)
    with time_machine.travel(start + datetime.timedelta(minutes=14), tick=False):
        assert sign_in(client, staff.username, "password").status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=15, seconds=1)):
        response = sign_in(client, staff.username, "password")
    assert response.status_code == 302


def test_a_success_forgets_earlier_failures(client, staff):
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT - 1):
        sign_in(client, staff.username, "sai-mat-khau")
    assert sign_in(client, staff.username, "password").status_code == 302
    client.logout()
    assert failures_until_locked(client, staff.username) == 4


def test_signing_in_to_another_account_clears_neither_a_lock_nor_the_address(
    client, staff
):
    """An attacker with one valid account cannot wash the address's count clean."""
    own = UserFactory(is_staff=True, username="ke.tan.cong")
    assert failures_until_locked(client, staff.username) == 4
    for number in range(settings.LOGIN_FAILURES_PER_ADDRESS - 6):
        sign_in(client, f"doan-ten-{number}", "sai-mat-khau")
    assert sign_in(Client(), own.username, "password").status_code == 302
    assert sign_in(client, staff.username, "password").status_code == 429
    # The address is one failure short of its limit: the next one locks it.
    assert sign_in(client, "doan-ten-cuoi", "sai-mat-khau").status_code == 429
    assert sign_in(Client(), own.username, "password").status_code == 429


def test_behind_the_proxy_the_forwarded_address_is_counted(client, settings, staff):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"

    def through_proxy(forwarded):
        return sign_in(
            client,
            staff.username,
            "sai-mat-khau",
            proxy,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT - 1):
        assert through_proxy("198.51.100.30").status_code == 200
    # A client writing its own X-Forwarded-For in front does not get a new address.
    assert through_proxy("1.2.3.4, 198.51.100.30").status_code == 429
    assert LoginLock.objects.get().ip_address == "198.51.100.30"
    # Another member behind the same proxy is not locked out by the first.
    other = sign_in(
        Client(), staff.username, "password", proxy, HTTP_X_FORWARDED_FOR="192.0.2.44"
    )
    assert other.status_code == 302


@pytest.mark.parametrize("role", ["office", "editor", "superuser"])
def test_every_role_lands_in_the_admin_after_signing_in(client, role, unit_a):
    user = {
        "office": lambda: office_staff_user(),
        "editor": lambda: editor_of(unit_a),
        "superuser": lambda: UserFactory(is_staff=True, is_superuser=True),
    }[role]()
    # A script, or a bookmark of the bare form, posts without ?next=.
    response = client.post(
        LOGIN, {"username": user.username, "password": "password"}, REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert sign_in(Client(), user.username, "password")["Location"] == "/admin/"


def test_a_refused_login_stays_on_the_form(client):
    member = UserFactory(is_staff=False)
    for password in ("password", "sai-mat-khau"):
        response = client.post(
            LOGIN, {"username": member.username, "password": password}
        )
        assert response.status_code == 200
        assert "accounts/profile" not in response.get("Location", "")
        assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_office_staff_see_the_lock_and_unlock_it(client, office_client, staff):
    failures_until_locked(client, staff.username)
    changelist = reverse("admin:units_loginlock_changelist")
    page = office_client.get(changelist)
    assert page.status_code == 200
    assert staff.username in page.text
    (shown,) = page.context["cl"].result_list
    assert shown.failures_since_start == 5
    data = form_data(page.text)
    data.update(action=["unlock"], **{ACTION_CHECKBOX_NAME: [str(shown.pk)]})
    response = office_client.post(changelist, data, follow=True)
    assert "Đã mở khóa" in response.text
    assert not LoginLock.objects.exists()
    assert sign_in(client, staff.username, "password").status_code == 302


def test_an_editor_cannot_see_or_clear_locks(editor_client, staff):
    failures_until_locked(Client(), staff.username)
    changelist = reverse("admin:units_loginlock_changelist")
    assert editor_client.get(changelist).status_code == 403
    lock = LoginLock.objects.get()
    response = editor_client.post(
        changelist, {"action": "unlock", ACTION_CHECKBOX_NAME: [str(lock.pk)]}
    )
    assert response.status_code == 403
    assert LoginLock.objects.exists()
