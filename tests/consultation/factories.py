"""Factories for members' questions and FAQ entries (always through the services)."""

import factory
from factory.django import DjangoModelFactory

from consultation import services
from consultation.models import Question, Topic


def topic(slug: str = "luong-phu-cap") -> Topic:
    """One of the topics the data migration seeds (re-seeded after a flushing test)."""
    if not Topic.objects.filter(slug=slug).exists():
        from importlib import import_module

        from django.apps import apps

        import_module("consultation.migrations.0002_seed_topics").seed(apps, None)
    return Topic.objects.get(slug=slug)


class QuestionFactory(DjangoModelFactory):
    """A new question from a member; `assigned_unit=` assigns it through the service."""

    class Meta:
        model = Question

    asker_name = factory.Sequence(lambda n: f"Nguyễn Văn Đoàn {n}")
    asker_email = factory.Sequence(lambda n: f"doanvien{n}@example.edu.vn")
    asker_phone = "0912345678"
    topic = factory.LazyFunction(topic)
    body = factory.Sequence(
        lambda n: f"Câu hỏi số {n}: chế độ phụ cấp thâm niên được tính thế nào?"
    )
    consent = Question.Consent.ANONYMOUS

    @classmethod
    def _create(cls, model_class, *args, assigned_unit=None, **kwargs):
        question = services.question_submit(
            name=kwargs.pop("asker_name"),
            email=kwargs.pop("asker_email"),
            phone=kwargs.pop("asker_phone"),
            topic=kwargs.pop("topic"),
            body=kwargs.pop("body"),
            consent=kwargs.pop("consent"),
            unit=kwargs.pop("unit", None),
            ip=kwargs.pop("asker_ip", None),
        )
        if kwargs:
            raise TypeError(f"QuestionFactory does not set {sorted(kwargs)}")
        if assigned_unit is not None:
            services.question_assign(question=question, unit=assigned_unit)
        return question


def answered(question: Question, answer: str = "<p>Câu trả lời.</p>", **kw):
    question.answer = answer
    return services.question_answer(question=question, **kw)


def published(question: Question | None = None, **kw):
    """A question answered and put on the FAQ; returns its Faq."""
    question = question or QuestionFactory(**kw)
    answered(question)
    return services.question_publish(question=question)


# For the cross-unit attack suite (tests/units/test_editor_scope.py).
SCOPED_OBJECTS = {Question: lambda unit: QuestionFactory(assigned_unit=unit)}
