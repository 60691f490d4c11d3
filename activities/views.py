"""Public activity pages, registration without an account, the ticket, and the door.

- /hoat-dong/ and /cdcs/<slug>/hoat-dong/: lists (cached public pages);
- /hoat-dong/<slug>/: an activity; /hoat-dong/<slug>/dang-ky/: its form (never cached:
  a CSRF token and a signed timestamp);
- /hoat-dong/ve/<token>/ and /hoat-dong/huy/<token>/: the registrant's private pages,
  reachable only with the signed token of the e-mail;
- /hoat-dong/<pk>/diem-danh/: check-in for the activity's unit editors and office staff
  (units.permissions), with a typed-code form that works without JavaScript and a
  camera scanner (static/js/activities-checkin.js) where the browser has
  BarcodeDetector.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from publishing.clientip import client_ip
from publishing.http import public_page
from publishing.models import Status
from publishing.pagination import page_of
from publishing.ratelimit import RateLimit
from publishing.redirects import slug_redirect_target
from units.models import Unit
from units.permissions import get_viewable_or_404

from . import calendar, emails, selectors, services, tokens
from .forms import CheckinForm, RegistrationForm, WalkInForm
from .models import Activity, Registration

ACTIVITIES_PER_PAGE = 12
PAST_PARAMETER = "da-dien-ra"
IP_LIMIT = RateLimit(
    "activities-ip",
    *getattr(settings, "ACTIVITIES_RATE_LIMIT_PER_IP", (30, 60 * 60)),
)
CONTACT_LIMIT = RateLimit(
    "activities-contact",
    *getattr(settings, "ACTIVITIES_RATE_LIMIT_PER_CONTACT", (10, 24 * 60 * 60)),
)
ADMIN_LOGIN = reverse_lazy("admin:login")


def _list_context(request, *, unit=None) -> dict:
    past = request.GET.get(PAST_PARAMETER) == "1"
    queryset = selectors.activity_list(now=timezone.now(), unit=unit, past=past)
    return {
        "page": page_of(request, queryset, per_page=ACTIVITIES_PER_PAGE),
        "past": past,
        "past_parameter": PAST_PARAMETER,
        "unit": unit,
    }


@require_safe
@public_page
def activity_list(request):
    return render(request, "activities/activity_list.html", _list_context(request))


@require_safe
@public_page
def unit_activities(request, slug):
    unit = get_object_or_404(
        Unit.objects.only("pk", "name", "short_name", "slug"), slug=slug
    )
    context = _list_context(request, unit=unit)
    return render(request, "activities/unit_activities.html", context)


def _activity_for_page(request, slug):
    """The published activity (or its editors' preview); follows renamed slugs."""
    return get_viewable_or_404(
        request=request,
        queryset=selectors.activity_get_for_page(slug=slug),
        public=Q(status=Status.PUBLISHED),
        unit_field="unit",
    )


@require_safe
@public_page
def activity_detail(request, slug):
    try:
        activity = _activity_for_page(request, slug)
    except Http404:
        old = slug_redirect_target(model=Activity, old_slug=slug)
        target = Activity.objects.published().filter(pk=old).only("slug").first()
        if target is None:
            raise
        return redirect(target, permanent=True)
    now = timezone.now()
    context = {
        "activity": activity,
        "closed_reason": services.registration_closed_reason(
            activity=activity, now=now
        ),
        "places_left": _places_left(activity),
        "ended": now >= activity.ends_at,
        **selectors.activity_references(activity=activity),
    }
    return render(request, "activities/activity_detail.html", context)


def _places_left(activity) -> int | None:
    if activity.capacity is None:
        return None
    return max(activity.capacity - activity.places_held, 0)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def registration_create(request, slug):
    activity = get_object_or_404(
        selectors.activity_get_for_page(slug=slug), status=Status.PUBLISHED
    )
    context = {"activity": activity, "places_left": _places_left(activity)}
    closed = services.registration_closed_reason(activity=activity, now=timezone.now())
    if request.method != "POST" or closed:
        context.update(form=RegistrationForm(), closed_reason=closed)
        status = 200 if request.method != "POST" or not closed else 400
        return render(
            request, "activities/registration_form.html", context, status=status
        )
    form = RegistrationForm(data=request.POST)
    context["form"] = form
    if not IP_LIMIT.hit(client_ip(request) or "unknown"):
        return _refused(request, context, _("Quá nhiều lượt đăng ký từ mạng này."))
    if not form.is_valid():
        form.data = form.refreshed_data()
        return render(request, "activities/registration_form.html", context)
    data = form.cleaned_data
    if not CONTACT_LIMIT.hit(f"{activity.pk}:{data['email'].lower() or data['phone']}"):
        return _refused(request, context, _("Quá nhiều lượt đăng ký với liên hệ này."))
    try:
        registration = services.registration_create(
            activity_id=activity.pk,
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            unit=data["unit"],
        )
    except ValidationError as error:
        form.data = form.refreshed_data()
        form.add_error(None, error)
        return render(request, "activities/registration_form.html", context, status=400)
    token = tokens.ticket_token(registration.pk)
    return redirect(reverse("activities:ticket", kwargs={"token": token}) + "?moi=1")


def _refused(request, context, reason):
    form = context["form"]
    form.data = form.refreshed_data()
    context["refused"] = _(
        "%(reason)s Đăng ký chưa được nhận; thông tin bạn nhập vẫn còn nguyên. Hãy thử "
        "lại sau ít phút."
    ) % {"reason": reason}
    return render(request, "activities/registration_form.html", context, status=429)


def _private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_safe
def ticket(request, token):
    """The registrant's ticket: status, the QR code and the code, the cancel link."""
    pk = tokens.ticket_token_read(token)
    registration = selectors.registration_get(pk=pk) if pk else None
    if registration is None:
        raise Http404
    holds_place = registration.status == Registration.Status.CONFIRMED
    code = emails.registration_checkin_code(registration) if holds_place else ""
    context = {
        "registration": registration,
        "activity": registration.activity,
        "code": code,
        "qr_data_uri": emails.qr_data_uri(code) if code else "",
        "cancel_url": reverse(
            "activities:cancel",
            kwargs={"token": tokens.cancel_token(registration.pk)},
        ),
        "just_sent": request.GET.get("moi") == "1",
    }
    return _private(render(request, "activities/ticket.html", context))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request, token):
    pk = tokens.cancel_token_read(token)
    registration = selectors.registration_get(pk=pk) if pk else None
    if registration is None:
        raise Http404
    context = {"registration": registration, "activity": registration.activity}
    status = 200
    if request.method == "POST":
        try:
            result = services.registration_cancel(registration_id=registration.pk)
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
            status = 400
        else:
            context.update(done=True, changed=result.changed)
            context["registration"] = result.registration
    return _private(render(request, "activities/cancel.html", context, status=status))


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
@public_page
def calendar_ics(request):
    now = timezone.now()
    body = calendar.calendar_document(
        activities=selectors.activity_ics_list(now=now),
        now=now,
        name=_("Hoạt động – %(org)s") % {"org": settings.ORGANIZATION["short_name"]},
    )
    return _ics_response(body, "hoat-dong.ics")


@require_safe
@public_page
def activity_ics(request, slug):
    activity = get_object_or_404(Activity.objects.published(), slug=slug)
    body = calendar.calendar_document(
        activities=[activity], now=timezone.now(), name=activity.title
    )
    return _ics_response(body, f"{activity.slug}.ics")


@require_safe
@public_page
def speaker_list(request):
    page = page_of(request, selectors.speaker_public_list(), per_page=24)
    return render(request, "activities/speaker_list.html", {"page": page})


@require_safe
@public_page
def speaker_detail(request, slug):
    """A public profile: only for speakers who agreed to be listed (else 404)."""
    speaker = selectors.speaker_get_public(slug=slug)
    if speaker is None:
        raise Http404
    talks = selectors.speaker_talks(speaker=speaker)
    return render(
        request, "activities/speaker_detail.html", {"speaker": speaker, "talks": talks}
    )


# -- at the door -------------------------------------------------------------------
def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@never_cache
@login_required(login_url=ADMIN_LOGIN)
@require_http_methods(["GET", "HEAD", "POST"])
def checkin(request, pk):
    """Check in by code (scanned or typed) and add walk-ins; editors and the office."""
    activity = selectors.activity_for_checkin(user=request.user, pk=pk)
    if activity is None:
        raise Http404
    code_form, walkin_form, result, added = CheckinForm(), WalkInForm(), None, None
    status = 200
    if request.method == "POST" and request.POST.get("action") == "walk_in":
        walkin_form = WalkInForm(data=request.POST)
        if walkin_form.is_valid():
            data = walkin_form.cleaned_data
            added = services.registration_walk_in(
                activity=activity,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                unit=data["unit"],
                user=request.user,
            )
            walkin_form = WalkInForm()
        else:
            status = 400
    elif request.method == "POST":
        code_form = CheckinForm(data=request.POST)
        if code_form.is_valid():
            result = services.registration_check_in(
                activity=activity,
                code=code_form.cleaned_data["code"],
                user=request.user,
            )
            if _wants_json(request):
                # The scanner reads the outcome from the body: a refused code is an
                # answer, not a failed request (and a 4xx would log a console error).
                return JsonResponse(
                    {
                        "outcome": result.outcome,
                        "ok": result.ok,
                        "message": result.message,
                        "attended": result.attended,
                    }
                )
            status = 200 if result.outcome in ("ok", "already") else 400
            code_form = CheckinForm()
        else:
            status = 400
    context = {
        "activity": activity,
        "code_form": code_form,
        "walkin_form": walkin_form,
        "result": result,
        "added": added,
        "figures": selectors.checkin_figures(activity=activity),
        "recent": selectors.checkin_recent(activity=activity),
    }
    return render(request, "activities/checkin.html", context, status=status)
