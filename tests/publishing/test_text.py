"""Vietnamese slugs, search folding, unique slugs and dates."""

from datetime import UTC, date, datetime

import pytest

from publishing.text import fold, format_date_vi, slugify_vi, unique_slug
from tests.publishing import content_model

poster_model = content_model.poster_model  # the test model's fixture


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Công đoàn Trường ĐH Bách khoa", "cong-doan-truong-dh-bach-khoa"),
        (
            "Đại hội Công đoàn ĐHQG-HCM lần thứ V",
            "dai-hoi-cong-doan-dhqg-hcm-lan-thu-v",
        ),
        ("  Tết   Nguyên đán 2026!!! ", "tet-nguyen-dan-2026"),
        ("Ưu đãi – Quà tặng “8/3”", "uu-dai-qua-tang-8-3"),
        ("ỐNG ỨNG Ỵ Ữ Ẫ", "ong-ung-y-u-a"),
        ("Ｃông đoàn", "cong-doan"),  # full-width letters fold through NFKD
    ],
)
def test_slugify_vi_maps_vietnamese_to_ascii(title, slug):
    assert slugify_vi(title) == slug


def test_slugify_vi_cuts_on_a_word_boundary():
    title = "Hội nghị người lao động năm học 2025 2026 của Trường Đại học Khoa học"
    slug = slugify_vi(title, max_length=30)
    assert slug == "hoi-nghi-nguoi-lao-dong-nam"
    assert len(slug) <= 30


def test_slugify_vi_keeps_a_cut_that_falls_exactly_between_words():
    assert slugify_vi("một hai ba", max_length=7) == "mot-hai"


def test_slugify_vi_cuts_a_single_long_word_hard():
    assert slugify_vi("a" * 100, max_length=80) == "a" * 80


@pytest.mark.parametrize("title", ["", "   ", "🎉🎉", "!!!", "—"])
def test_slugify_vi_returns_empty_when_nothing_is_sluggable(title):
    assert slugify_vi(title) == ""


@pytest.mark.parametrize(
    ("value", "folded"),
    [
        ("CÔNG ĐOÀN", "cong doan"),
        ("Đại hội", "dai hoi"),
        ("  Nữ   công\n\tgia đình ", "nu cong gia dinh"),
        ("cong doan", "cong doan"),
    ],
)
def test_fold_ignores_case_diacritics_and_spacing(value, folded):
    assert fold(value) == folded


def test_fold_makes_composed_and_decomposed_input_equal():
    composed = "Nguyễn"
    decomposed = "Nguye\u0302\u0303n"
    assert fold(composed) == fold(decomposed) == "nguyen"


@pytest.mark.django_db
def test_unique_slug_is_the_plain_slug_when_free(poster_model):
    slug = unique_slug(queryset=poster_model.objects.all(), value="Tin Công đoàn")
    assert slug == "tin-cong-doan"


@pytest.mark.django_db
def test_unique_slug_appends_the_next_free_number(poster_model):
    for slug in ["tin-cong-doan", "tin-cong-doan-2", "tin-cong-doan-dai"]:
        poster_model.objects.create(slug=slug)
    slug = unique_slug(queryset=poster_model.objects.all(), value="Tin Công đoàn")
    assert slug == "tin-cong-doan-3"


@pytest.mark.django_db
def test_unique_slug_lets_a_row_keep_its_own_slug(poster_model):
    own = poster_model.objects.create(slug="tin-cong-doan")
    slug = unique_slug(
        queryset=poster_model.objects.all(), value="Tin công đoàn", instance_pk=own.pk
    )
    assert slug == "tin-cong-doan"


@pytest.mark.django_db
def test_unique_slug_only_looks_inside_the_given_queryset(poster_model):
    poster_model.objects.create(title="khác", slug="tin-cong-doan")
    scoped = poster_model.objects.exclude(title="khác")
    assert unique_slug(queryset=scoped, value="Tin công đoàn") == "tin-cong-doan"


@pytest.mark.django_db
def test_unique_slug_suffix_stays_within_max_length(poster_model):
    poster_model.objects.create(slug="a" * 20)
    slug = unique_slug(
        queryset=poster_model.objects.all(), value="a" * 40, max_length=20
    )
    assert slug == "a" * 18 + "-2"


@pytest.mark.django_db
def test_unique_slug_falls_back_when_the_title_has_no_letters(
    poster_model, django_assert_num_queries
):
    poster_model.objects.create(slug="bai-viet")
    with django_assert_num_queries(1):
        slug = unique_slug(queryset=poster_model.objects.all(), value="🎉")
    assert slug == "bai-viet-2"


def test_format_date_vi_reads_like_an_official_document():
    assert format_date_vi(date(2021, 5, 26)) == "ngày 26 tháng 5 năm 2021"


def test_format_date_vi_puts_an_aware_datetime_in_vietnam_time():
    # 17:30 UTC on the 25th is 00:30 on the 26th in Hồ Chí Minh City.
    moment = datetime(2021, 5, 25, 17, 30, tzinfo=UTC)
    assert format_date_vi(moment) == "ngày 26 tháng 5 năm 2021"


def test_format_date_vi_keeps_the_day_just_before_midnight_in_vietnam():
    moment = datetime(2021, 5, 25, 16, 59, tzinfo=UTC)
    assert format_date_vi(moment) == "ngày 25 tháng 5 năm 2021"
