"""Rows and form values for the generated admin round-trip suite (tests/admin/).

An admin registered tomorrow is covered without new code when its add form can be
filled by type (`generic_value`) and a row can be made by posting that form. When it
cannot, the suite fails and names what to add here:
- OBJECTS[model](ctx): a row the role may open (ctx.unit is the editor's unit);
- ADD_VALUES[model](ctx): form values the generic filler cannot guess, each a
  posted value or a (posted, expected stored value) pair to check after saving.
"""

import datetime
from dataclasses import dataclass, field
from itertools import count

from django import forms
from django.contrib.auth.models import Group
from django.utils import timezone

from publishing.admin_fields import LocalDateField, LocalDateTimeField


@dataclass
class Context:
    role: str
    user: object
    unit: object  # the editor's unit (unit A)
    serial: count = field(default_factory=lambda: count(1))


# -- rows to open ------------------------------------------------------------------
def _group(ctx):
    return Group.objects.create(name=f"Nhóm thử {next(ctx.serial)}")


def _user(ctx):
    from tests.units.factories import UserFactory

    return UserFactory(first_name="Trần Thị", last_name="Bình", is_staff=True)


def _campaign(ctx):
    from campaigns.services.plans import campaign_save
    from tests.campaigns.factories import CampaignFactory

    return campaign_save(
        campaign=CampaignFactory.build(
            key_date=CampaignFactory.key_date.get_factory().create(),
            description="Chiến dịch chào mừng.",
        )
    )


def _key_date(ctx):
    from tests.campaigns.factories import KeyDateFactory

    return KeyDateFactory()


def _notification(ctx):
    from publishing.models import Notification

    return Notification.objects.create(
        key=f"tests.admin:n={next(ctx.serial)}",
        kind="tests.admin",
        to=["bch@example.edu.vn"],
        subject="Thư thử",
        status=Notification.Status.FAILED,
    )


def _issue(ctx):
    from newsletter.models import Issue

    return Issue.objects.create(
        key=f"tests.admin:{next(ctx.serial)}", kind="weekly", subject="Bản tin tuần"
    )


def _subscriber(ctx):
    from newsletter.models import Subscriber

    return Subscriber.objects.create(email=f"doanvien{next(ctx.serial)}@example.edu.vn")


def _topic(ctx):
    from tests.consultation.factories import topic

    return topic()


def _document(ctx):
    from tests.guidance.factories import DocumentFactory

    # Times with seconds and a fraction, as services store them: shown to the
    # second, posted back unchanged.
    return DocumentFactory(
        publish_at=timezone.now() - datetime.timedelta(days=1, microseconds=1234),
        response_deadline=datetime.date(2027, 1, 5),
    )


def _document_type(ctx):
    from tests.guidance.factories import document_type

    return document_type()


def _category(ctx):
    from tests.news.factories import CategoryFactory

    return CategoryFactory()


def _tag(ctx):
    from tests.news.factories import TagFactory

    return TagFactory()


def _heartbeat(ctx):
    from publishing.models import SchedulerHeartbeat

    return SchedulerHeartbeat.objects.create(
        source=SchedulerHeartbeat.Source.BEAT, beat_at=timezone.now()
    )


def _membership(ctx):
    from tests.units.factories import editor_of

    return editor_of(ctx.unit).unit_memberships.get()


def _annual_plan(ctx):
    from tests.units.factories import AnnualPlanFactory

    # One plan per unit, kind and year: each row its own year.
    return AnnualPlanFactory(unit=ctx.unit, year=2000 + next(ctx.serial))


def _login_lock(ctx):
    from units.models import LoginLock

    return LoginLock.objects.create(
        username=f"nguoidung.quen.mat.khau{next(ctx.serial)}",
        ip_address="198.51.100.66",
        user_agent="Mozilla/5.0",
        failures_since_start=5,
    )


def _activity_kind(ctx):
    from activities.models import ActivityKind

    n = next(ctx.serial)
    return ActivityKind.objects.create(name=f"Hội thi {n}", slug=f"hoi-thi-{n}")


def _speaker(ctx):
    from activities.models import Speaker

    n = next(ctx.serial)
    return Speaker.objects.create(name=f"Lê Văn Diễn {n}", slug=f"le-van-dien-{n}")


OBJECTS = {
    "activities.ActivityKind": _activity_kind,
    "activities.Speaker": _speaker,
    "auth.Group": _group,
    "auth.User": _user,
    "campaigns.Campaign": _campaign,
    "campaigns.KeyDate": _key_date,
    "consultation.Topic": _topic,
    "guidance.Document": _document,
    "guidance.DocumentType": _document_type,
    "news.Category": _category,
    "news.Tag": _tag,
    "newsletter.Issue": _issue,
    "newsletter.Subscriber": _subscriber,
    "publishing.Notification": _notification,
    "publishing.SchedulerHeartbeat": _heartbeat,
    "units.AnnualPlan": _annual_plan,
    "units.LoginLock": _login_lock,
    "units.Membership": _membership,
}


# -- values for add forms ----------------------------------------------------------
def _user_add(ctx):
    username = f"nguoimoi{next(ctx.serial)}"
    return {
        "username": (username, username),
        "usable_password": "true",
        "password1": "Mat-khau-rat-dai-2027",
        "password2": "Mat-khau-rat-dai-2027",
    }


def _campaign_add(ctx):
    from tests.campaigns.factories import KeyDateFactory

    return {"key_date": str(KeyDateFactory().pk), "last_year": ""}


def _membership_add(ctx):
    from tests.units.factories import UserFactory

    return {"user": str(UserFactory(first_name="Lê", last_name="Văn Cường").pk)}


def _distribution_add(ctx):
    from django.conf import settings

    from tests.guidance.factories import DocumentFactory

    report = f"{settings.SITE_URL}/tin-tuc/bao-cao-thuc-hien/"
    return {"document": str(DocumentFactory().pk), "report_url": (report, report)}


def _campaign_post_add(ctx):
    from tests.campaigns.factories import OccurrenceFactory

    occurrence = OccurrenceFactory()
    occurrence.campaign.units.add(ctx.unit)
    return {"occurrence": str(occurrence.pk), "unpublish_at": ""}


def _social_channel_add(ctx):
    return {
        "kind": "facebook",
        "page_id": ("1234567890", "1234567890"),
        "cover_url": "",
        "access_token_input": "fb-page-token",
    }


def _annual_plan_add(ctx):
    return {"year": "2027"}


def _document_add(ctx):
    # The document's dates read in order: issued, answered by, in force until.
    number = f"{next(ctx.serial) + 100}/KH-CĐĐHQG"
    return {
        "number_text": (number, number),
        "issue_date": ("05/01/2027", datetime.date(2027, 1, 5)),
        "response_deadline": ("2027-01-13", datetime.date(2027, 1, 13)),
        "effective_until": ("31/12/2027", datetime.date(2027, 12, 31)),
        "unpublish_at": "",
    }


def _key_date_add(ctx):
    return {"kind": "solar", "day": "28", "month": "7", "end_day": "", "end_month": ""}


def _board_add(ctx):
    # A board needs something published in its period to carry (handbook.boards).
    from news.models import Article
    from tests.news.factories import ArticleFactory

    article = ArticleFactory(
        unit=ctx.unit, title=f"Tin cho bảng tin {next(ctx.serial)}"
    )
    moment = timezone.make_aware(datetime.datetime(2027, 1, 10, 9))
    Article.objects.filter(pk=article.pk).update(published_at=moment)
    return {
        "period_start": ("05/01/2027", datetime.date(2027, 1, 5)),
        "period_end": ("31/01/2027", datetime.date(2027, 1, 31)),
    }


def _activity_add(ctx):
    # Starts before it ends: the two date-times typed in order.
    return {
        "starts_at": ("05/01/2027 08:30", _local(2027, 1, 5, 8, 30)),
        "ends_at": ("2027-01-13T17:45", _local(2027, 1, 13, 17, 45)),
        "unpublish_at": "",
        "capacity": ("120", 120),
        "guidance_document_ref": "",
        "key_date_ref": "",
    }


def _local(*parts):
    return timezone.make_aware(datetime.datetime(*parts))


ADD_VALUES = {
    "activities.Activity": _activity_add,
    "auth.User": _user_add,
    "campaigns.Campaign": _campaign_add,
    "campaigns.CampaignPost": _campaign_post_add,
    "campaigns.KeyDate": _key_date_add,
    "channels.SocialChannel": _social_channel_add,
    "guidance.Distribution": _distribution_add,
    "guidance.Document": _document_add,
    "handbook.Board": _board_add,
    "units.AnnualPlan": _annual_plan_add,
    "units.Membership": _membership_add,
}

# The local date-times the generic filler types, with the form each is typed in:
# day first (5 January, not 1 May), and the native picker's ISO value.
TYPED_DATETIMES = [
    (datetime.datetime(2027, 1, 5, 8, 30), "05/01/2027 08:30"),
    (datetime.datetime(2027, 1, 13, 17, 45), "2027-01-13T17:45"),
    (datetime.datetime(2027, 2, 3, 7, 0), "07:00 03/02/2027"),
]
TYPED_DATES = [
    (datetime.date(2027, 1, 5), "05/01/2027"),
    (datetime.date(2027, 1, 13), "2027-01-13"),
    (datetime.date(2027, 2, 3), "03/02/2027"),
]


class CannotFill(AssertionError):
    pass


def generic_value(ctx, model, name, form_field, position: int):
    """(posted string or list, expected stored value) for a form field, by its type.

    `position` counts the date fields before this one, so dates of one form are
    typed in increasing order (a start before its end).
    """
    n = next(ctx.serial)
    if isinstance(form_field, forms.DateTimeField):
        if not isinstance(form_field, LocalDateTimeField):
            raise CannotFill(
                f"{model._meta.label}.{name} is a {type(form_field).__name__}: its "
                "admin must inherit publishing.admin_fields.PortalFieldsAdminMixin"
            )
        local, typed = TYPED_DATETIMES[position % len(TYPED_DATETIMES)]
        return typed, timezone.make_aware(local)
    if isinstance(form_field, forms.DateField):
        if not isinstance(form_field, LocalDateField):
            raise CannotFill(
                f"{model._meta.label}.{name} is a {type(form_field).__name__}: its "
                "admin must inherit publishing.admin_fields.PortalFieldsAdminMixin"
            )
        day, typed = TYPED_DATES[position % len(TYPED_DATES)]
        return typed, day
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        first = form_field.queryset.first()
        if first is None:
            raise CannotFill(f"no choice for {model._meta.label}.{name}")
        return [str(first.pk)], {first.pk}
    if isinstance(form_field, forms.ModelChoiceField):
        first = form_field.queryset.first()
        if first is None:
            raise CannotFill(f"no choice for {model._meta.label}.{name}")
        return str(first.pk), first.pk
    if isinstance(form_field, forms.ChoiceField):
        values = [str(v) for v, _label in form_field.choices if v not in ("", None)]
        if not values:
            raise CannotFill(f"no choice for {model._meta.label}.{name}")
        return values[0], values[0]
    if isinstance(form_field, forms.EmailField):
        value = f"thu{n}@example.edu.vn"
        return value, value
    if isinstance(form_field, forms.URLField):
        hosts = {
            "facebook": "https://www.facebook.com/congdoan.thu",
            "zalo": "https://zalo.me/thu",
            "youtube": "https://www.youtube.com/@thu",
        }
        base = next(
            (url for hint, url in hosts.items() if hint in name),
            "https://example.edu.vn/thu-",
        )
        value = f"{base}{n}"
        return value, value
    if isinstance(form_field, forms.SlugField):
        value = f"gia-tri-thu-{n}"
        return value, value
    if isinstance(form_field, forms.IntegerField):
        value = 2027 if "year" in name else max(1, form_field.min_value or 1)
        return str(value), value
    if isinstance(form_field, forms.CharField):
        if "phone" in name:
            value = "028 3724 4270"
        elif isinstance(form_field.widget, forms.Textarea) or (
            type(form_field.widget).__name__ == "CKEditor5Widget"
        ):
            value = f"<p>Nội dung thử số {n}.</p>"
        else:
            value = f"Giá trị thử {n}"
        if form_field.max_length:
            value = value[: form_field.max_length].strip()
        return value, value
    raise CannotFill(
        f"cannot fill {model._meta.label}.{name} ({type(form_field).__name__})"
    )
