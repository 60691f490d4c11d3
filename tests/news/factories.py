"""Factories for articles, categories and tags."""

import factory
from factory.django import DjangoModelFactory

from news.models import Article, Category, Tag
from news.services import article_save
from publishing.workflow import Intent


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Chuyên mục {n}")
    slug = factory.Sequence(lambda n: f"chuyen-muc-{n}")


class TagFactory(DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"thẻ {n}")
    slug = factory.Sequence(lambda n: f"the-{n}")


class ArticleFactory(DjangoModelFactory):
    """A published office article unless told otherwise (intent=..., unit=...)."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Hội nghị đại biểu công đoàn lần thứ {n}")
    summary = "Công đoàn tổ chức hội nghị tổng kết năm học."
    body = "<p>Nội dung <strong>bài viết</strong>.</p>"

    @classmethod
    def _create(cls, model_class, *args, intent=Intent.PUBLISH, on_home=None, **kwargs):
        categories = kwargs.pop("categories", [])
        article = model_class(*args, **kwargs)
        article = article_save(
            article=article,
            intent=intent,
            may_publish_home=on_home is not None,
            on_home=on_home,
        )
        if categories:
            article.categories.set(categories)
        return article


# For the cross-unit attack suite (tests/units/test_editor_scope.py).
SCOPED_OBJECTS = {Article: lambda unit: ArticleFactory(unit=unit)}
