"""Factories for units and the people who edit them."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from units.models import Leader, Membership, Unit, UnitPage
from units.permissions import OFFICE_STAFF_GROUP
from units.services import membership_save, unit_page_save, unit_save


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.edu.vn")
    password = factory.django.Password("password")


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Công đoàn Trường Đại học số {n}")
    short_name = factory.Sequence(lambda n: f"ĐH {n}")
    kind = Unit.Kind.GRASSROOTS
    member_count = 100
    # The model's default is on (#16); tests about review turn it on, the others
    # describe a unit whose editors publish directly.
    requires_review = False

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return unit_save(unit=model_class(*args, **kwargs))


class LeaderFactory(DjangoModelFactory):
    class Meta:
        model = Leader

    unit = factory.SubFactory(UnitFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thành {n}")
    role = "Ủy viên Ban Chấp hành"
    order = factory.Sequence(int)


class UnitPageFactory(DjangoModelFactory):
    class Meta:
        model = UnitPage

    unit = factory.SubFactory(UnitFactory)
    title = factory.Sequence(lambda n: f"Hoạt động nổi bật {n}")
    body = "<p>Nội dung trang.</p>"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return unit_page_save(page=model_class(*args, **kwargs))


def editor_of(*units: Unit, role=Membership.Role.EDITOR):
    user = UserFactory()
    for unit in units:
        membership_save(membership=Membership(user=user, unit=unit, role=role))
    user.refresh_from_db()
    return user


def office_staff_user():
    user = UserFactory(username="vanphong.test", is_staff=True)
    group, _ = Group.objects.get_or_create(name=OFFICE_STAFF_GROUP)
    user.groups.add(group)
    return user


# For the cross-unit attack suite (tests/units/test_editor_scope.py).
SCOPED_OBJECTS = {
    Unit: lambda unit: unit,
    UnitPage: lambda unit: UnitPageFactory(unit=unit),
}


# -- annual plans and year-end reports (issue #8) -----------------------------------
import datetime  # noqa: E402

from units.models import AnnualPlan  # noqa: E402


class AnnualPlanFactory(DjangoModelFactory):
    """A draft yearly communication plan (kind=..., status=... to change)."""

    class Meta:
        model = AnnualPlan

    unit = factory.SubFactory(UnitFactory)
    year = 2026
    kind = AnnualPlan.Kind.PLAN
    text = "<p>Kế hoạch truyền thông: mỗi tháng hai bài, một buổi nói chuyện.</p>"
    deadline = factory.LazyAttribute(lambda plan: datetime.date(plan.year, 1, 31))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        plan = model_class(*args, **kwargs)
        plan.full_clean()
        plan.save()
        return plan


SCOPED_OBJECTS[AnnualPlan] = lambda unit: AnnualPlanFactory(unit=unit)


def office_unit() -> Unit:
    """The office's own unit (kind OFFICE), which the office's channels belong to."""
    existing = Unit.objects.filter(kind=Unit.Kind.OFFICE).order_by("pk").first()
    return existing or UnitFactory(
        name="Văn phòng Công đoàn ĐHQG-HCM", short_name="VP", kind=Unit.Kind.OFFICE
    )
