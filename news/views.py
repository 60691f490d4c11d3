"""Public news pages: home, lists, category, article, a unit's news, search."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from publishing.blocks import HOME_HOOK, block_list
from publishing.http import public_page
from publishing.models import Status
from publishing.pagination import page_of
from publishing.redirects import slug_redirect_target
from publishing.search import (
    MAX_QUERY_CHARS,
    SEARCH_RESULT_LIMIT,
    query_words,
    search_section_list,
)
from units.models import Unit
from units.permissions import get_viewable_or_404

from . import selectors
from .models import Article, Category

ARTICLES_PER_PAGE = 12
SEARCH_RESULTS_PER_PAGE = 10


@require_safe
@public_page
def home(request):
    context = selectors.home_page_data()
    context["home_blocks"] = block_list(HOME_HOOK, request=request)
    return render(request, "news/home.html", context)


@require_safe
@public_page
def article_list(request):
    page = page_of(request, selectors.article_list(), per_page=ARTICLES_PER_PAGE)
    return render(request, "news/article_list.html", {"page": page})


@require_safe
@public_page
def category_detail(request, slug):
    category = get_object_or_404(Category, slug=slug)
    page = page_of(
        request, selectors.article_list(category=category), per_page=ARTICLES_PER_PAGE
    )
    return render(
        request, "news/category_detail.html", {"category": category, "page": page}
    )


@require_safe
@public_page
def unit_news(request, slug):
    unit = get_object_or_404(
        Unit.objects.only("pk", "name", "short_name", "slug"), slug=slug
    )
    page = page_of(
        request, selectors.article_list(unit=unit), per_page=ARTICLES_PER_PAGE
    )
    return render(request, "news/unit_news.html", {"unit": unit, "page": page})


@require_safe
@public_page
def article_detail(request, slug):
    try:
        article = get_viewable_or_404(
            request=request,
            queryset=selectors.article_get_for_page(slug=slug),
            public=Q(status=Status.PUBLISHED),
            unit_field="unit",
        )
    except Http404:
        old = slug_redirect_target(model=Article, old_slug=slug)
        target = Article.objects.published().filter(pk=old).only("slug").first()
        if target is None:
            raise
        return redirect(target, permanent=True)
    related = selectors.article_related(article=article)
    return render(
        request, "news/article_detail.html", {"article": article, "related": related}
    )


@require_safe
@public_page
def search(request):
    raw = request.GET.get("q", "")
    query = raw.strip()[:MAX_QUERY_CHARS]
    context = {"query": query, "too_long": len(raw) > MAX_QUERY_CHARS}
    if query_words(query):
        context["page"] = page_of(
            request,
            selectors.article_search(query=query),
            per_page=SEARCH_RESULTS_PER_PAGE,
        )
        context["sections"] = search_section_list(query=query, request=request)
        context["searched"] = True
        context["result_limit"] = SEARCH_RESULT_LIMIT
    return render(request, "news/search.html", context)
