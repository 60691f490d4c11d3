"""Factories for activities and registrations."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from activities.models import Activity, ActivityKind, Registration
from activities.services import activity_save
from publishing.workflow import Intent


def kind(slug: str = "noi-chuyen-chuyen-de") -> ActivityKind:
    """One of the kinds the data migration seeds."""
    return ActivityKind.objects.get(slug=slug)


class ActivityFactory(DjangoModelFactory):
    """A published office activity a week from now, 2 hours long, unless told."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    title = factory.Sequence(
        lambda n: f"Nói chuyện chuyên đề “Pháp luật lao động” số {n}"
    )
    summary = "Báo cáo viên giới thiệu những điểm mới của Bộ luật Lao động."
    description = "<p>Mời đoàn viên <strong>tham dự</strong>.</p>"
    kind = factory.LazyFunction(kind)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    place = "Hội trường Nhà điều hành ĐHQG-HCM"
    speakers = "PGS.TS. Nguyễn Văn An, ThS. Trần Thị Bình"
    capacity = 100

    @classmethod
    def _create(cls, model_class, *args, intent=Intent.PUBLISH, **kwargs):
        return activity_save(activity=model_class(*args, **kwargs), intent=intent)


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    activity = factory.SubFactory(ActivityFactory)
    name = factory.Sequence(lambda n: f"Lê Thị Cúc {n}")
    email = factory.Sequence(lambda n: f"cuc{n}@example.edu.vn")
    status = Registration.Status.CONFIRMED


# For the cross-unit attack suite (tests/units/test_editor_scope.py).
# Its summary lets the "publish as an article" action work on it.
SCOPED_OBJECTS = {
    Activity: lambda unit: ActivityFactory(
        unit=unit, report="<p>Hơn 200 đoàn viên tham dự.</p>"
    ),
    Registration: lambda unit: RegistrationFactory(activity=ActivityFactory(unit=unit)),
}
