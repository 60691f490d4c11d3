"""Office staff and CĐCS editors handle questions in the admin; only services move them."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from consultation.models import Faq, Question
from publishing.models import Status
from tests.consultation.factories import QuestionFactory, answered
from tests.support.forms import form_data
from tests.units.factories import UserFactory, editor_of

pytestmark = pytest.mark.django_db


def change_url(question):
    return reverse("admin:consultation_question_change", args=[question.pk])


def post_change(client, question, **fields):
    data = form_data(client.get(change_url(question)).text)
    for name, value in fields.items():
        data[name] = [value] if isinstance(value, str) else value
    return client.post(change_url(question), data)


def test_office_assigns_a_question_to_a_unit_whose_editors_then_see_it(
    office_client, unit_a, unit_editor
):
    question = QuestionFactory(asker_email="hoi@example.vn", asker_ip="203.0.113.5")
    editor = Client()
    editor.force_login(unit_editor)
    assert editor.get(change_url(question)).status_code == 404  # office-only for now
    response = post_change(office_client, question, assigned_unit=str(unit_a.pk))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.ASSIGNED
    page = editor.get(change_url(question))
    assert page.status_code == 200
    assert "hoi@example.vn" in page.text  # the unit handles it: it sees the contact
    assert "203.0.113.5" not in page.text  # the address stays with the office
    assert "203.0.113.5" in office_client.get(change_url(question)).text


def test_unassigning_makes_the_question_new_again(office_client, unit_a):
    question = QuestionFactory(assigned_unit=unit_a)
    post_change(office_client, question, assigned_unit="")
    question.refresh_from_db()
    assert question.status == Question.Status.NEW
    assert question.assigned_unit is None


def test_a_question_can_be_given_only_to_an_office_person(office_client, office_staff):
    question = QuestionFactory()
    outsider = UserFactory(is_staff=True)
    response = post_change(office_client, question, assigned_user=str(outsider.pk))
    assert response.status_code == 200
    assert "assigned_user" in response.context["adminform"].form.errors
    post_change(office_client, question, assigned_user=str(office_staff.pk))
    question.refresh_from_db()
    assert question.assigned_user == office_staff
    assert question.status == Question.Status.ASSIGNED


def test_editor_answers_and_the_asker_is_emailed_once(
    editor_client, unit_a, eager_email, django_capture_on_commit_callbacks
):
    question = QuestionFactory(assigned_unit=unit_a, asker_email="hoi@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_change(
            editor_client,
            question,
            answer="<p>Được tính từ ngày <strong>tuyển dụng</strong>.</p><script>alert(1)</script>",
            action="answer",
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert question.answered_at is not None
    assert "<script>" not in question.answer
    assert [m.to for m in mail.outbox] == [["hoi@example.vn"]]
    assert "tuyển dụng" in mail.outbox[0].body
    # Saving the answer again (a typo fixed) does not e-mail twice.
    with django_capture_on_commit_callbacks(execute=True):
        post_change(
            editor_client, question, answer="<p>Sửa lỗi chính tả.</p>", action="answer"
        )
    assert len(mail.outbox) == 1


def test_answering_without_an_answer_is_refused_with_a_message(editor_client, unit_a):
    question = QuestionFactory(assigned_unit=unit_a)
    response = post_change(editor_client, question, answer="<p> </p>", action="answer")
    assert response.status_code == 200
    assert "Hãy viết câu trả lời" in response.text
    question.refresh_from_db()
    assert question.status == Question.Status.ASSIGNED


def test_editors_cannot_publish_reassign_or_delete(editor_client, unit_a, unit_b):
    question = QuestionFactory(assigned_unit=unit_a)
    answered(question)
    response = post_change(editor_client, question, action="publish")
    assert response.status_code == 200
    assert "action" in response.context["adminform"].form.errors
    response = post_change(editor_client, question, assigned_unit=str(unit_b.pk))
    question.refresh_from_db()
    assert question.assigned_unit == unit_a  # not a field of the editor's form
    delete = reverse("admin:consultation_question_delete", args=[question.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()
    assert not Faq.objects.exists()


def test_editor_of_another_unit_sees_neither_the_question_nor_its_contact(
    client, unit_a, unit_b
):
    question = QuestionFactory(assigned_unit=unit_a, asker_email="rieng@example.vn")
    client.force_login(editor_of(unit_b))
    listing = client.get(reverse("admin:consultation_question_changelist"))
    assert "rieng@example.vn" not in listing.text
    assert client.get(change_url(question)).status_code == 404


def test_office_publishes_an_answer_as_the_asker_chose(office_client, unit_a):
    question = QuestionFactory(
        unit=unit_a, asker_name="Trần Thị Bí Mật", asker_email="bimat@example.vn"
    )
    response = post_change(
        office_client,
        question,
        answer="<p>Câu trả lời công khai.</p>",
        action="publish",
        faq_title="Phụ cấp thâm niên tính từ khi nào?",
    )
    assert response.status_code == 302
    question.refresh_from_db()
    faq = question.faq
    assert question.status == Question.Status.PUBLISHED
    assert faq.status == Status.PUBLISHED
    page = Client().get(faq.get_absolute_url())
    assert "Một đoàn viên Công đoàn Trường Đại học Bách khoa hỏi" in page.text
    assert "Trần Thị Bí Mật" not in page.text
    assert "bimat@example.vn" not in page.text
    assert "0912345678" not in page.text


def test_the_office_may_publish_a_redacted_wording(office_client):
    question = QuestionFactory(body="Tôi là Lê Văn A, số 0912345678, xin hỏi về lương.")
    post_change(
        office_client,
        question,
        answer="<p>Trả lời.</p>",
        action="publish",
        faq_question_text="Xin hỏi về lương.",
    )
    page = Client().get(Faq.objects.get().get_absolute_url())
    assert "Lê Văn A" not in page.text
    assert "Xin hỏi về lương." in page.text


def test_a_question_kept_private_cannot_be_published(office_client):
    question = QuestionFactory(consent=Question.Consent.PRIVATE)
    response = post_change(
        office_client, question, answer="<p>Trả lời.</p>", action="publish"
    )
    assert response.status_code == 200
    assert "không đồng ý đăng công khai" in response.text
    assert not Faq.objects.exists()


def test_unpublishing_takes_the_entry_off_the_site(office_client):
    question = QuestionFactory()
    post_change(office_client, question, answer="<p>Trả lời.</p>", action="publish")
    url = Faq.objects.get().get_absolute_url()
    post_change(office_client, question, action="unpublish")
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert Client().get(url).status_code == 404


def test_merging_duplicates_shares_the_canonical_answer(
    office_client, eager_email, django_capture_on_commit_callbacks
):
    canonical = QuestionFactory(body="Thẻ BHYT sai ngày sinh sửa ở đâu?")
    answered(canonical, "<p>Nộp bản sao căn cước cho bộ phận bảo hiểm.</p>")
    dup_a = QuestionFactory(asker_email="a@example.vn")
    dup_b = QuestionFactory(asker_email="b@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(
            reverse("admin:consultation_question_changelist"),
            {
                "action": "merge_duplicates",
                "_selected_action": [str(q.pk) for q in (dup_a, canonical, dup_b)],
            },
        )
    assert response.status_code == 302
    for dup in (dup_a, dup_b):
        dup.refresh_from_db()
        assert dup.duplicate_of == canonical
        assert dup.status == Question.Status.CLOSED
        page = Client().get(dup.get_tracking_url())
        assert "Nộp bản sao căn cước" in page.text
    assert {m.to[0] for m in mail.outbox} == {"a@example.vn", "b@example.vn"}


def test_editors_cannot_merge(editor_client, unit_a):
    questions = [QuestionFactory(assigned_unit=unit_a) for _ in range(2)]
    editor_client.post(
        reverse("admin:consultation_question_changelist"),
        {
            "action": "merge_duplicates",
            "_selected_action": [str(q.pk) for q in questions],
        },
    )
    assert not Question.objects.filter(duplicate_of__isnull=False).exists()


def test_html_typed_by_the_asker_is_escaped_in_the_admin(office_client):
    question = QuestionFactory(
        asker_name="<script>alert('ten')</script>",
        body="<img src=x onerror=alert(1)>",
    )
    listing = office_client.get(reverse("admin:consultation_question_changelist"))
    page = office_client.get(change_url(question))
    for response in (listing, page):
        assert "<img src=x onerror" not in response.text
        assert "<script>alert('ten')" not in response.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text


def test_nobody_adds_questions_in_the_admin(office_client):
    assert (
        office_client.get(reverse("admin:consultation_question_add")).status_code == 403
    )
