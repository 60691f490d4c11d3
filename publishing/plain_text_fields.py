"""Every plain-text model field stores `clean_text` (#12): installed from ready().

Rich-text fields are left out: `publishing.richtext.sanitize_html` cleans those.
"""

from django.apps import apps
from django.db import models

from .richtext import RichTextField
from .text import clean_text


def _plain_text_fields(model) -> list[tuple[str, bool, int | None]]:
    """(attname, multiline, max_length) of the model's plain-text columns, cached."""
    fields = _FIELDS_BY_MODEL.get(model)
    if fields is None:
        fields = _FIELDS_BY_MODEL[model] = [
            (f.attname, isinstance(f, models.TextField), f.max_length)
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not isinstance(f, RichTextField)  # sanitize_html cleans those
        ]
    return fields


_FIELDS_BY_MODEL: dict[type, list[tuple[str, bool, int | None]]] = {}


def plain_text_fields_install() -> None:
    """Make every plain-text field of every model clean what it is given (ready()).

    Each field's `to_python` is wrapped with `clean_text`. Django calls it from
    `full_clean()` (so validation, unique checks and the instance see clean text:
    a NUL in a unique name no longer reaches PostgreSQL, which refuses it) and from
    `get_prep_value()` (so what is saved, and every lookup, is clean too).
    `plain_text_fields_clean` also cleans the instance on save without validation.
    One mechanism for every way in: admin, services, commands, imports, fixtures.
    """
    for model in apps.get_models(include_auto_created=True):
        for attname, multiline, _max_length in _plain_text_fields(model):
            field = model._meta.get_field(attname)
            if not getattr(field.to_python, "_cleans_text", False):
                field.to_python = _cleaning(field.to_python, multiline=multiline)


def _cleaning(to_python, *, multiline: bool):
    def to_clean_python(value):
        value = to_python(value)
        return (
            clean_text(value, multiline=multiline) if isinstance(value, str) else value
        )

    to_clean_python._cleans_text = True
    return to_clean_python


def plain_text_fields_clean(sender, instance, raw=False, **kwargs) -> None:
    """pre_save receiver for every model: `clean_text` each plain-text field, so the
    instance holds what the database will (QuerySet.update() skips this, but its
    values are cleaned by the fields' get_prep_value all the same)."""
    for attname, multiline, max_length in _plain_text_fields(sender):
        value = getattr(instance, attname)
        if isinstance(value, str) and value:
            cleaned = clean_text(value, multiline=multiline)
            if max_length and len(cleaned) > max_length:
                cleaned = cleaned[:max_length]  # NFC may lengthen a few scripts
            if cleaned != value:
                setattr(instance, attname, cleaned)
