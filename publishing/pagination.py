"""The one way a public list is cut into pages: `?trang=N`, out-of-range gives the last."""

from django.core.paginator import Page, Paginator

PAGE_PARAMETER = "trang"


def page_of(request, queryset, *, per_page: int) -> Page:
    """The page of `queryset` the request asks for (the first if none or not a number)."""
    return Paginator(queryset, per_page).get_page(request.GET.get(PAGE_PARAMETER))
