"""Form fields every admin shares: dates as Vietnamese people type them, people by name.

`PortalFieldsAdminMixin` is the one mechanism (#11): every ModelAdmin and inline of the
portal inherits it, through units' and publishing's admin mixins or directly, and
tests/admin/test_round_trip.py fails for an admin that does not.
"""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .richtext import RichTextField, sanitize_removals

DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
DATE_ISO_FORMAT = "%Y-%m-%d"


class LocalDateTimeInput(forms.DateTimeInput):
    """The native date-time picker (phones get theirs), in Asia/Ho_Chi_Minh.

    The picker's value is ISO (`2027-01-05T08:30`) whatever the language; seconds are
    kept when the stored value has them, so posting the form back changes nothing.
    """

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={"step": "1", **(attrs or {})}, format=None)

    def format_value(self, value):
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            pattern = DATETIME_LOCAL_FORMAT + (":%S" if value.second else "")
            return value.strftime(pattern)
        return super().format_value(value)


class LocalDateInput(forms.DateInput):
    """The native date picker; its value is ISO, what it shows is the browser's."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATE_ISO_FORMAT)


class LocalDateTimeField(forms.DateTimeField):
    """One box for a date and time: the picker's value, or typed day first.

    Accepts `2027-01-05T08:30` (the picker), `05/01/2027 08:30`, `08:30 05/01/2027`
    and `05/01/2027` (midnight), read in the current time zone; never month first
    (unionportal/formats). Django's admin keeps a SplitDateTimeField for
    DateTimeField, which rejects anything but a [date, time] pair (#11).
    """

    widget = LocalDateTimeInput
    default_error_messages = {
        "invalid": _(
            "Nhập ngày giờ theo dạng ngày/tháng/năm giờ:phút, "
            "ví dụ 05/01/2027 08:30, hoặc chọn trên lịch."
        ),
    }


class LocalDateField(forms.DateField):
    """A date: the picker's ISO value, or typed `05/01/2027` (day first, never US)."""

    widget = LocalDateInput
    default_error_messages = {
        "invalid": _(
            "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/01/2027, hoặc chọn trên lịch."
        ),
    }


def user_display_name(user) -> str:
    """A person as others know them: the full name, else the username."""
    return user.get_full_name().strip() or user.get_username()


def user_labels(users) -> dict[int, str]:
    """Labels for `users`: the full name, with the username added only when two
    people share a name or a person has none."""
    users = list(users)
    names = [user_display_name(u) for u in users]
    labels = {}
    for user, name in zip(users, names, strict=True):
        if names.count(name) > 1 and name != user.get_username():
            name = f"{name} ({user.get_username()})"
        labels[user.pk] = name
    return labels


class _UserChoiceIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        users = list(self.queryset)
        labels = user_labels(users)
        for user in users:
            yield (self.choice(user)[0], labels[user.pk])


class UserChoiceField(forms.ModelChoiceField):
    """Pick a person by name; the username shows only to tell namesakes apart."""

    iterator = _UserChoiceIterator

    def label_from_instance(self, obj):
        return user_display_name(obj)


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = _UserChoiceIterator

    def label_from_instance(self, obj):
        return user_display_name(obj)


# Django names the default permissions in English at migrate time ("Can add bài
# viết"). These msgids are translated in locale_overrides/ (#11), and deliberately
# not marked for makemessages: locale/ outranks the overrides and would copy them
# untranslated into locale/vi.
_DEFAULT_PERMISSION_NAMES = {
    "add": "Can add %s",
    "change": "Can change %s",
    "delete": "Can delete %s",
    "view": "Can view %s",
}


def permission_label(permission) -> str:
    """`Permission.__str__` in the reader's language: "Tin tức | bài viết | Được
    thêm bài viết" rather than Django's stored "Can add bài viết"."""
    content_type = permission.content_type
    model = content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    if (
        model is not None
        and action in _DEFAULT_PERMISSION_NAMES
        and model_name == model._meta.model_name
    ):
        name = gettext(_DEFAULT_PERMISSION_NAMES[action]) % model._meta.verbose_name
    else:
        name = gettext(permission.name)
    return f"{content_type} | {name}"


class PermissionMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


class KeepUnchangedDateTimesForm:
    """A date-time shown to the second and posted back unchanged keeps its stored
    fraction of a second: saving a form as it was shown changes nothing."""

    def _clean_fields(self):
        super()._clean_fields()
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if not isinstance(field, LocalDateTimeField) or value is None:
                continue
            # Not get_initial_for_field(): it drops the fraction for this widget.
            initial = self.initial.get(name)
            if (
                isinstance(initial, datetime.datetime)
                and initial.microsecond
                and value == initial.replace(microsecond=0)
            ):
                self.cleaned_data[name] = initial


def _keeping_dates(form_class):
    return type(form_class.__name__, (KeepUnchangedDateTimesForm, form_class), {})


class PortalFieldsAdminMixin:
    """For every ModelAdmin and InlineModelAdmin of the portal (see the module doc).

    - DateTimeField: one native picker that also takes typed `dd/mm/yyyy HH:MM`,
      shown in local time; an optional one can be cleared.
    - DateField: the native date picker that also takes typed `dd/mm/yyyy`.
    - ForeignKey/ManyToMany to the user model: people listed by full name.
    - Rich text the sanitiser changed on save: a warning names what was removed.
    - ManyToMany to Permission: names in the reader's language.
    A form's own widget (Meta.widgets) still wins; the field class is always ours.
    """

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        forms_saved = [form] + [
            f for formset in formsets for f in formset.forms if f.has_changed()
        ]
        for saved in forms_saved:
            richtext_removals_report(request, saved)

    def get_form(self, request, obj=None, *args, **kwargs):
        # *args: Django's own UserAdmin takes no positional `change`, ours do.
        return _keeping_dates(super().get_form(request, obj, *args, **kwargs))

    def get_formset(self, request, obj=None, **kwargs):  # inlines
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _keeping_dates(formset.form)
        return formset

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField):
            kwargs["form_class"] = LocalDateTimeField
            kwargs.setdefault("widget", LocalDateTimeInput)
        elif isinstance(db_field, models.DateField):
            kwargs["form_class"] = LocalDateField
            kwargs.setdefault("widget", LocalDateInput)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.remote_field.model is get_user_model():
            kwargs.setdefault("form_class", UserChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.remote_field.model is get_user_model():
            kwargs.setdefault("form_class", UserMultipleChoiceField)
        elif db_field.remote_field.model is Permission:
            kwargs.setdefault("form_class", PermissionMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def richtext_removals_report(request, form) -> None:
    """Warn the editor of what the sanitiser took out of each rich-text field of
    `form` (its submitted value against what its instance now holds), instead of
    dropping it silently (#11)."""
    data = getattr(form, "cleaned_data", None) or {}
    for field in form.instance._meta.concrete_fields:
        if not isinstance(field, RichTextField) or field.name not in data:
            continue
        removed = sanitize_removals(
            data[field.name] or "", getattr(form.instance, field.attname) or ""
        )
        if removed:
            messages.warning(
                request,
                _(
                    "Ô “%(field)s” có nội dung không được phép và đã bị bỏ khi lưu: "
                    "%(removed)s. Hãy xem lại bài trước khi đăng."
                )
                % {"field": field.verbose_name, "removed": "; ".join(removed)},
            )


class PortalAutocompleteJsonView(AutocompleteJsonView):
    """The admin's search-as-you-type boxes: people by full name there too.

    The admin whose form holds the box may narrow what it offers with
    `autocomplete_choices(request, field_name, queryset)`, so the box suggests only
    what that form would accept (a membership only for accounts the actor manages).
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        source_admin = self.admin_site._registry.get(self.source_field.model)
        narrow = getattr(source_admin, "autocomplete_choices", None)
        if narrow is not None:
            queryset = narrow(self.request, self.source_field.name, queryset)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.model_admin.model is get_user_model():
            self.user_labels = user_labels(context["object_list"])
        return context

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        labels = getattr(self, "user_labels", None)
        if labels and obj.pk in labels:
            result["text"] = labels[obj.pk]
        return result
