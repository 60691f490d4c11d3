"""Operational views: /healthz, and the admin's "check the worker" button."""

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .admin_home import user_role
from .circuits import task_enqueue
from .clientip import client_fingerprint
from .health import health_reasons, health_report
from .reads import is_bot, read_record, read_source
from .tasks import worker_ping


@require_GET
@never_cache
def healthz(request):
    """JSON state of database, cache, broker and scheduler: 200 healthy, 503 not."""
    healthy, checks = health_report()
    body = {"status": "ok" if healthy else "fail", "checks": checks}
    if not healthy:
        body["reasons"] = health_reasons(checks)
    return JsonResponse(
        body,
        status=200 if healthy else 503,
    )


@require_POST
@staff_member_required
def worker_ping_send(request):
    """The admin's "check the worker" button: a worker answers by recording a beat.

    For office staff only (the permission rule, through user_role): the warning
    that shows the button is theirs, and a ping puts a task on the shared queue.
    """
    if not user_role(request.user)[0]:
        raise PermissionDenied
    if task_enqueue(worker_ping):
        messages.info(
            request,
            _(
                "Đã gửi yêu cầu kiểm tra; tải lại trang sau vài giây để xem tiến trình "
                "nền có trả lời không."
            ),
        )
    else:
        messages.error(
            request,
            _(
                "Không gửi được yêu cầu kiểm tra: hàng đợi tác vụ (Redis) không phản "
                "hồi. Hãy thử lại sau ít phút."
            ),
        )
    return HttpResponseRedirect(reverse("admin:index"))


@csrf_exempt
@never_cache
def read_beacon(request):
    """Count one read, posted by static/js/reads.js from a public page: always 204.

    Exempt from CSRF on purpose: it takes only a public item's type and id, the
    page's utm_source and referrer, and its only effect is +1 on a public counter,
    once per reader and window (publishing.reads). A bot, a prefetch, a malformed or
    unknown item all get the same silent 204 and count nothing.
    """
    if request.method == "POST" and not is_bot(request):
        label = request.POST.get("t", "")[:100]
        try:
            pk = int(request.POST.get("i", ""))
        except ValueError:
            pk = 0
        if 0 < pk < 2**63:
            read_record(
                label=label,
                pk=pk,
                source=read_source(
                    utm_source=request.POST.get("u", ""),
                    referrer=request.POST.get("r", ""),
                    own_host=request.get_host(),
                ),
                visitor=client_fingerprint(request),
            )
    return HttpResponse(status=204)
