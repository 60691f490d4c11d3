"""Public pages of the consultation app: the FAQ, the ask form, the tracking page."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from publishing.clientip import client_ip
from publishing.http import public_page
from publishing.pagination import page_of
from publishing.ratelimit import RateLimit
from publishing.redirects import slug_redirect_target
from publishing.search import MAX_QUERY_CHARS, query_words

from . import selectors, services
from .forms import QuestionForm
from .models import QUESTION_MAX_CHARS, Faq, Topic
from .timeliness import age_in_working_days

FAQ_PER_PAGE = 20
# Refusals past the limit that still get the whole form back; later ones are cheap.
FULL_REFUSALS = 3
# Campus networks put a whole faculty behind one address: the per-address limit is
# generous, the per-contact (e-mail or phone) limit is the tight one.
IP_LIMIT = RateLimit(
    "consultation-ip",
    *getattr(settings, "CONSULTATION_RATE_LIMIT_PER_IP", (20, 60 * 60)),
)
CONTACT_LIMIT = RateLimit(
    "consultation-contact",
    *getattr(settings, "CONSULTATION_RATE_LIMIT_PER_CONTACT", (5, 24 * 60 * 60)),
)


@require_safe
@public_page
def question_list(request):
    """/hoi-dap/: the FAQ by topic, or search results when there is a query."""
    raw = request.GET.get("q", "")
    query = raw.strip()[:MAX_QUERY_CHARS]
    context = {"query": query, "too_long": len(raw) > MAX_QUERY_CHARS}
    if query_words(query):
        context["page"] = page_of(
            request, selectors.faq_search(query=query), per_page=FAQ_PER_PAGE
        )
    else:
        context.update(selectors.faq_index_data())
    return render(request, "consultation/faq_list.html", context)


@require_safe
@public_page
def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    page = page_of(request, selectors.faq_list(topic=topic), per_page=FAQ_PER_PAGE)
    return render(
        request, "consultation/topic_detail.html", {"topic": topic, "page": page}
    )


@require_safe
@public_page
def faq_detail(request, slug):
    """A published entry; a withdrawn duplicate leads to the entry it was merged into."""
    faq = selectors.faq_get_for_page(slug=slug)
    if faq is not None and faq.is_published:
        return render(request, "consultation/faq_detail.html", {"faq": faq})
    if faq is not None:
        canonical = selectors.faq_canonical_for(faq=faq)
        if canonical is not None:
            return redirect(canonical, permanent=False)
        raise Http404
    old = slug_redirect_target(model=Faq, old_slug=slug)
    target = Faq.objects.published().filter(pk=old).only("slug").first()
    if target is None:
        raise Http404
    return redirect(target, permanent=True)


@never_cache  # a CSRF token and a signed timestamp: never in a shared cache
@require_http_methods(["GET", "HEAD", "POST"])
def question_create(request):
    if request.method != "POST":
        return render(
            request, "consultation/question_form.html", {"form": QuestionForm()}
        )
    form = QuestionForm(data=request.POST)
    ip = client_ip(request)
    # Refused before any validation or query: a flood costs one cache round trip.
    attempts = IP_LIMIT.attempt(ip or "unknown")
    if attempts > IP_LIMIT.limit:
        if attempts > IP_LIMIT.limit + FULL_REFUSALS:
            return _refused_cheaply(request)
        return _refused(request, form, status=429)
    if not form.is_valid():
        form.data = form.refreshed_data()
        return render(request, "consultation/question_form.html", {"form": form})
    data = form.cleaned_data
    contact = data["email"].lower() or data["phone"]
    if not CONTACT_LIMIT.hit(contact):
        return _refused(request, form, status=429)
    question = services.question_submit(
        name=data["name"],
        email=data["email"],
        phone=data["phone"],
        unit=data["unit"],
        topic=data["topic"],
        body=data["body"],
        consent=data["consent"],
        ip=ip or None,
    )
    # Said on the tracking page itself (not through messages): see the report on
    # base.html's messages list.
    return redirect(question.get_tracking_url() + "?moi=1")


REFUSED_MESSAGE = _lazy(
    "Bạn đã gửi quá nhiều câu hỏi trong thời gian ngắn nên câu hỏi này chưa được "
    "nhận. Nội dung vẫn còn nguyên bên dưới; hãy thử lại sau ít phút, hoặc gọi điện "
    "cho văn phòng Công đoàn."
)


def _refused_cheaply(request):
    """The refusal a flood gets after a few full ones: no template, no query.

    A person who insists still gets their text back (escaped, in a text box they can
    copy from); a script gets a few hundred bytes for microseconds of work.
    """
    body = request.POST.get("body", "")[: QUESTION_MAX_CHARS * 2]
    html = format_html(
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>{}</title></head><body><main><h1>{}</h1><p>{}</p>"
        '<label for="body">{}</label><br><textarea id="body" rows="10" cols="60" '
        'readonly>{}</textarea><p><a href="{}">{}</a></p></main></body></html>',
        _("Chưa nhận câu hỏi"),
        _("Chưa nhận câu hỏi"),
        REFUSED_MESSAGE,
        _("Câu hỏi bạn đã nhập"),
        body,
        reverse("consultation:question_create"),
        _("Quay lại biểu mẫu"),
    )
    response = HttpResponse(html, status=429)
    response["Retry-After"] = str(IP_LIMIT.window_seconds)
    return response


def _refused(request, form, *, status):
    form.data = form.refreshed_data()
    return render(
        request,
        "consultation/question_form.html",
        {
            "form": form,
            "refused": REFUSED_MESSAGE,
        },
        status=status,
    )


@never_cache  # personal: the asker's own question, reachable only with the token
@require_safe
def question_tracking(request, token):
    question = selectors.question_get_for_tracking(token=token)
    if question is None:
        raise Http404
    source = question.duplicate_of or question
    answer = source.answer if source.answered_at else ""
    faq = getattr(source, "faq", None) if source.status == "published" else None
    response = render(
        request,
        "consultation/question_tracking.html",
        {
            "question": question,
            "answer": answer,
            "faq": faq if faq is not None and faq.is_published else None,
            "just_sent": request.GET.get("moi") == "1",
            "age": age_in_working_days(question.created_at, until=question.answered_at),
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
