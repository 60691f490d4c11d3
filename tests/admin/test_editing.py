"""Editing as people expect (#11, point 7): bulk status actions, people by name,
a question's text as text, one campaign per key date and year."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from publishing.models import Status
from publishing.workflow import Intent, content_save
from tests.campaigns.factories import CampaignFactory, KeyDateFactory
from tests.consultation.factories import QuestionFactory
from tests.news.factories import ArticleFactory
from tests.support.forms import form_data, select_options
from tests.units.factories import UserFactory, office_staff_user

pytestmark = pytest.mark.django_db
ARTICLES = reverse("admin:news_article_changelist")


def run_action(client, url, action, rows):
    data = form_data(client.get(url).text, "changelist-form")
    data.update(
        action=[action],
        index=["0"],
        **{ACTION_CHECKBOX_NAME: [str(r.pk) for r in rows]},
    )
    return client.post(url, data, follow=True)


def test_office_approves_several_unit_submissions_from_the_list(office_client, unit_a):
    waiting = [ArticleFactory(unit=unit_a, intent=Intent.SUBMIT_HOME) for _ in "ab"]
    draft = ArticleFactory(unit=unit_a, intent=Intent.DRAFT)
    response = run_action(
        office_client, ARTICLES, "approve_home_selected", [*waiting, draft]
    )
    assert "Đã cập nhật 2 mục." in response.text
    assert "Bỏ qua 1 mục" in response.text
    for article in waiting:
        article.refresh_from_db()
        assert (article.status, article.on_home) == (Status.PUBLISHED, True)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_an_editor_publishes_and_archives_from_the_list_but_cannot_approve(
    editor_client, unit_a
):
    rows = [ArticleFactory(unit=unit_a, intent=Intent.DRAFT) for _ in "ab"]
    actions = select_options(editor_client.get(ARTICLES).text, "action")
    assert "approve_home_selected" not in actions
    assert {"publish_selected", "archive_selected"} <= set(actions)

    refused = run_action(editor_client, ARTICLES, "approve_home_selected", rows)
    assert refused.status_code == 200  # Django: "no action selected", nothing done
    rows[0].refresh_from_db()
    assert rows[0].status == Status.DRAFT

    run_action(editor_client, ARTICLES, "publish_selected", rows)
    for article in rows:
        article.refresh_from_db()
        assert (article.status, article.on_home) == (Status.PUBLISHED, False)
    run_action(editor_client, ARTICLES, "archive_selected", rows)
    for article in rows:
        article.refresh_from_db()
        assert article.status == Status.ARCHIVED


def test_bulk_publish_of_a_future_item_schedules_it(office_client):
    from datetime import timedelta

    from django.utils import timezone

    later = ArticleFactory(
        intent=Intent.DRAFT, publish_at=timezone.now() + timedelta(days=1)
    )
    run_action(office_client, ARTICLES, "publish_selected", [later])
    later.refresh_from_db()
    assert later.status == Status.SCHEDULED


def test_bulk_actions_are_on_every_list_of_content_with_a_status(
    office_client, office_staff, unit_a
):
    from django.contrib import admin

    from publishing.workflow import publishable_models
    from tests.admin.test_round_trip import row_for
    from tests.support.admin_values import Context

    for model in [m for m in publishable_models() if m in admin.site._registry]:
        row_for(model, Context(role="office", user=office_staff, unit=unit_a))
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        actions = set(select_options(office_client.get(url).text, "action"))
        assert {
            "publish_selected",
            "approve_home_selected",
            "archive_selected",
        } <= actions, opts.label


def test_people_are_chosen_by_full_name_with_username_only_for_namesakes(
    office_client, unit_a
):
    UserFactory(username="an.nguyen", first_name="Nguyễn Văn", last_name="An")
    UserFactory(username="an.nguyen2", first_name="Nguyễn Văn", last_name="An")
    UserFactory(username="binh.tran", first_name="Trần Thị", last_name="Bình")
    page = office_client.get(reverse("admin:units_membership_add"))
    field = page.context["adminform"].form.fields["user"]
    labels = {label for _value, label in field.choices}
    assert "Trần Thị Bình" in labels
    assert {"Nguyễn Văn An (an.nguyen)", "Nguyễn Văn An (an.nguyen2)"} <= labels

    office = office_staff_user()
    office.first_name, office.last_name = "Lê", "Hoa"
    office.save()
    question = QuestionFactory(assigned_unit=unit_a)
    page = office_client.get(
        reverse("admin:consultation_question_change", args=[question.pk])
    )
    assert ">Lê Hoa</option>" in page.text


def test_the_person_search_box_answers_with_full_names(office_client):
    UserFactory(username="an.nguyen", first_name="Nguyễn Văn", last_name="An")
    UserFactory(username="an.nguyen2", first_name="Nguyễn Văn", last_name="An")
    response = office_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "units",
            "model_name": "membership",
            "field_name": "user",
            "term": "an.nguyen",
        },
    )
    assert response.status_code == 200
    texts = {r["text"] for r in response.json()["results"]}
    assert texts == {"Nguyễn Văn An (an.nguyen)", "Nguyễn Văn An (an.nguyen2)"}


def test_a_question_shows_as_text_with_its_line_breaks(office_client):
    question = QuestionFactory(body="Xin hỏi <b>phụ cấp</b> & thâm niên?\nCảm ơn.")
    page = office_client.get(
        reverse("admin:consultation_question_change", args=[question.pk])
    )
    assert "Xin hỏi &lt;b&gt;phụ cấp&lt;/b&gt; &amp; thâm niên?<br>Cảm ơn." in page.text
    assert "&lt;p&gt;" not in page.text
    assert "<b>phụ cấp</b>" not in page.text


def test_a_second_campaign_for_the_same_key_date_and_year_is_refused(office_client):
    key_date = KeyDateFactory()
    CampaignFactory(key_date=key_date, name="Chào mừng 28/7", first_year=2025)
    url = reverse("admin:campaigns_campaign_add")
    data = form_data(office_client.get(url).text)
    data.update(
        key_date=[str(key_date.pk)],
        name=["Chào mừng 28/7 (lần hai)"],
        first_year=["2026"],
    )
    response = office_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["key_date"]
    assert errors == [
        "Ngày kỷ niệm này đã có chiến dịch “Chào mừng 28/7” (từ năm 2025). "
        "Hãy sửa chiến dịch đó, hoặc chọn những năm khác."
    ]
    assert key_date.campaigns.count() == 1

    # Years that do not overlap are another campaign, not a duplicate.
    old = key_date.campaigns.get()
    old.last_year = 2025
    old.save()
    assert office_client.post(url, data).status_code == 302
    assert key_date.campaigns.count() == 2


def test_the_database_refuses_the_exact_duplicate_too():
    from django.db import IntegrityError, transaction

    key_date = KeyDateFactory()
    CampaignFactory(key_date=key_date, first_year=2026)
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignFactory(key_date=key_date, first_year=2026)


def test_a_rejection_through_the_list_is_not_offered(office_client, unit_a):
    # Rejecting needs a reason per item: only the change form offers it.
    actions = select_options(office_client.get(ARTICLES).text, "action")
    assert not [a for a in actions if "reject" in a]
    article = ArticleFactory(unit=unit_a, intent=Intent.DRAFT)
    content_save(obj=article, intent=Intent.SUBMIT_HOME)
    assert article.status == Status.IN_REVIEW
