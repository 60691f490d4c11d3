"""Public pages of the newsletter: subscribe, confirm, preferences, unsubscribe, and
the signed click links and open pixel of its issues (newsletter.tracking).

Every link a subscriber follows is signed (newsletter.tokens); a tampered, expired
or already-used link gets a Vietnamese explanation, never an error page.
"""

import base64

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from publishing.clientip import client_fingerprint, client_ip
from publishing.ratelimit import RateLimit
from publishing.reads import is_bot_agent

from . import services, tokens, tracking
from .forms import PreferencesForm, SubscribeForm
from .models import Subscriber

IP_LIMIT = RateLimit(
    "newsletter-ip", *getattr(settings, "NEWSLETTER_RATE_LIMIT_PER_IP", (20, 60 * 60))
)
# Each request e-mails the address: a few a day, so nobody is flooded through us.
ADDRESS_LIMIT = RateLimit(
    "newsletter-address",
    *getattr(settings, "NEWSLETTER_RATE_LIMIT_PER_ADDRESS", (3, 24 * 60 * 60)),
)
REFUSED_MESSAGE = _lazy(
    "Có quá nhiều yêu cầu đăng ký trong thời gian ngắn nên yêu cầu này chưa được "
    "nhận. Hãy thử lại sau."
)


def _problem(request, *, title: str, message: str, status: int = 400):
    response = render(
        request,
        "newsletter/message.html",
        {"title": title, "message": message},
        status=status,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _subscriber_or_problem(request, token: str, purpose: str):
    try:
        return tokens.token_read(token=token, purpose=purpose), None
    except tokens.TokenExpired:
        return None, _problem(
            request,
            title=_("Đường dẫn đã hết hạn"),
            message=_(
                "Đường dẫn xác nhận chỉ dùng được trong 3 ngày. Hãy đăng ký lại để "
                "nhận đường dẫn mới."
            ),
        )
    except tokens.TokenInvalid:
        return None, _problem(
            request,
            title=_("Đường dẫn không hợp lệ"),
            message=_(
                "Đường dẫn này không đúng hoặc đã bị sửa, hoặc địa chỉ đã được xóa "
                "khỏi danh sách. Hãy mở lại đường dẫn trong thư, hoặc đăng ký lại."
            ),
        )


@never_cache  # a CSRF token
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    """/ban-tin/dang-ky/: the form; a valid post e-mails the confirmation link."""
    if request.method != "POST":
        return render(
            request, "newsletter/subscribe_form.html", {"form": SubscribeForm()}
        )
    form = SubscribeForm(data=request.POST)
    if not IP_LIMIT.hit(client_ip(request) or "unknown"):
        return _refused(request, form)
    if not form.is_valid():
        return render(request, "newsletter/subscribe_form.html", {"form": form})
    data = form.cleaned_data
    if not ADDRESS_LIMIT.hit(data["email"]):
        return _refused(request, form)
    services.subscriber_subscribe(
        email=data["email"],
        topics=data["topics"],
        units=list(data["units"]),
        frequency=data["frequency"],
        consent_text=str(form.fields["consent"].label),
    )
    return redirect(reverse("newsletter:subscribe_sent"))


def _refused(request, form):
    return render(
        request,
        "newsletter/subscribe_form.html",
        {"form": form, "refused": REFUSED_MESSAGE},
        status=429,
    )


@require_safe
def subscribe_sent(request):
    return render(
        request,
        "newsletter/message.html",
        {
            "title": _("Hãy kiểm tra hộp thư"),
            "message": _(
                "Chúng tôi vừa gửi một thư có đường dẫn xác nhận. Bạn chỉ nhận bản tin "
                "sau khi bấm vào đường dẫn đó (trong vòng 3 ngày). Không thấy thư? Hãy "
                "xem cả mục thư rác."
            ),
        },
    )


@never_cache
@require_safe
def confirm(request, token):
    subscriber, problem = _subscriber_or_problem(request, token, tokens.CONFIRM)
    if problem:
        return problem
    if not services.subscriber_confirm(subscriber=subscriber):
        if subscriber.status == Subscriber.Status.ACTIVE:
            message = _("Địa chỉ này đã được xác nhận trước đó; bạn đang nhận bản tin.")
        else:
            message = _(
                "Đường dẫn này đã được dùng. Nếu muốn nhận lại bản tin, hãy đăng ký lại."
            )
        return _problem(
            request, title=_("Đường dẫn đã được dùng"), message=message, status=200
        )
    return render(
        request,
        "newsletter/confirmed.html",
        {"manage_url": _manage_url(subscriber)},
    )


def _manage_url(subscriber):
    token = tokens.token_make(subscriber=subscriber, purpose=tokens.MANAGE)
    return reverse("newsletter:manage", args=[token])


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    """Change preferences or erase the address, by the signed link in every e-mail."""
    subscriber, problem = _subscriber_or_problem(request, token, tokens.MANAGE)
    if problem:
        return problem
    saved = False
    if request.method == "POST" and request.POST.get("action") == "erase":
        services.subscriber_erase(subscriber=subscriber)
        return render(
            request,
            "newsletter/message.html",
            {
                "title": _("Đã xóa địa chỉ của bạn"),
                "message": _(
                    "Địa chỉ thư và các lựa chọn của bạn đã được xóa khỏi danh sách "
                    "bản tin. Bạn sẽ không nhận thêm thư nào."
                ),
            },
        )
    if request.method == "POST":
        form = PreferencesForm(data=request.POST)
        if form.is_valid():
            services.subscriber_preferences_update(
                subscriber=subscriber,
                topics=form.cleaned_data["topics"],
                units=list(form.cleaned_data["units"]),
                frequency=form.cleaned_data["frequency"],
            )
            saved = True
    else:
        form = PreferencesForm(
            initial={
                "topics": subscriber.topics,
                "units": list(subscriber.units.values_list("pk", flat=True)),
                "frequency": subscriber.frequency,
            }
        )
    response = render(
        request,
        "newsletter/manage.html",
        {"form": form, "subscriber": subscriber, "saved": saved},
    )
    # The token is in the path: never sent to another site. Not "no-referrer": the
    # browser would then post with "Origin: null" and fail the CSRF check.
    response["Referrer-Policy"] = "same-origin"
    return response


@csrf_exempt  # RFC 8058: mail clients POST here with no token and no session
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET asks to confirm (link scanners follow GETs); POST unsubscribes at once."""
    subscriber, problem = _subscriber_or_problem(request, token, tokens.UNSUBSCRIBE)
    if problem:
        return problem
    if request.method != "POST":
        return render(
            request,
            "newsletter/unsubscribe.html",
            {"subscriber": subscriber, "manage_url": _manage_url(subscriber)},
        )
    services.subscriber_stop(
        email=subscriber.email,
        status=Subscriber.Status.UNSUBSCRIBED,
        reason="one-click"
        if request.POST.get("List-Unsubscribe") == "One-Click"
        else "page",
    )
    return render(
        request,
        "newsletter/message.html",
        {
            "title": _("Đã hủy đăng ký"),
            "message": _(
                "Bạn sẽ không nhận bản tin nữa. Muốn nhận lại, hãy đăng ký lại bất cứ "
                "lúc nào."
            ),
        },
    )


# The smallest transparent GIF: what the open pixel always answers.
PIXEL_GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


@never_cache
@require_safe
def click(request, token):
    """A signed link of an issue: count the click, then go to the item's own page.

    Tampered links get a page saying so; old ones and links to an item no longer
    public get a page with what can still be reached; never a redirect elsewhere.
    """
    try:
        issue_id, label, pk = tracking.click_read(token)
    except tracking.LinkInvalid:
        return _problem(
            request,
            title=_("Liên kết không hợp lệ"),
            message=_(
                "Liên kết trong thư đã bị thay đổi hoặc không đầy đủ. Hãy mở lại thư "
                "và bấm vào liên kết, hoặc tìm bài trên trang chủ."
            ),
        )
    except tracking.LinkExpired as expired:
        item = tracking.item_get(label=expired.label, pk=expired.pk)
        return _link_page(
            request,
            title=_("Liên kết đã cũ"),
            message=_("Liên kết trong thư này đã quá một năm nên không còn được tính."),
            item=item,
            status=410,
        )
    item = tracking.item_get(label=label, pk=pk)
    if item is None:
        return _problem(
            request,
            title=_("Bài không còn được đăng"),
            message=_("Bài trong thư này đã được gỡ hoặc chưa được đăng công khai."),
            status=404,
        )
    if request.method == "GET" and not is_bot_agent(request):
        tracking.issue_click_record(
            issue_id=issue_id, item=item, visitor=client_fingerprint(request)
        )
    return redirect(tracking.item_target(item))


def _link_page(request, *, title, message, item, status):
    response = render(
        request,
        "newsletter/link.html",
        {"title": title, "message": message, "item": item},
        status=status,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_safe
def opened(request, token):
    """The open pixel: always the same image, counting a recipient's first open."""
    try:
        issue_id, recipient = tracking.open_read(token)
    except tracking.LinkInvalid:
        issue_id = None
    if issue_id is not None and request.method == "GET" and not is_bot_agent(request):
        tracking.issue_open_record(issue_id=issue_id, recipient=recipient)
    response = HttpResponse(PIXEL_GIF, content_type="image/gif")
    response["X-Robots-Tag"] = "noindex"
    return response
