"""A test-only content model with our fields, its table made for the tests' duration.

It is registered in the `publishing` app only while a test module uses it, and has no
migration: the fixture creates and drops its table with the schema editor.
"""

import pytest
from django.apps import apps
from django.db import connection, models

from publishing.fields import ImageField
from publishing.richtext import RichTextField

TABLE = "publishing_test_poster"


def _define():
    class Poster(models.Model):
        title = models.CharField(max_length=100, blank=True)
        slug = models.SlugField(max_length=80, blank=True)
        body = RichTextField(blank=True)
        cover = ImageField("ảnh bìa", upload_to="covers/%Y/", blank=True)

        class Meta:
            app_label = "publishing"
            db_table = TABLE

        def __str__(self):
            return self.title

    return Poster


def _drop_table(model) -> None:
    if TABLE in connection.introspection.table_names():
        with connection.schema_editor() as editor:
            editor.delete_model(model)


@pytest.fixture(scope="module")
def poster_model(django_db_setup, django_db_blocker):
    model = _define()
    with django_db_blocker.unblock():
        _drop_table(model)  # left over by an interrupted --reuse-db run
        with connection.schema_editor() as editor:
            editor.create_model(model)
    yield model
    with django_db_blocker.unblock():
        _drop_table(model)
    del apps.all_models["publishing"]["poster"]
    apps.clear_cache()
