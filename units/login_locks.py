"""Login throttling on top of django-axes: two limits, and the office's unlock.

Axes counts failed logins in the database (so throttling keeps working while Redis
is down) and compares one number with one limit. The portal has two limits
(settings.AXES_LOCKOUT_PARAMETERS lists their keys in this order):
- one account from one address: LOGIN_FAILURES_PER_ACCOUNT (AXES_FAILURE_LIMIT);
- one address, whatever account names it tries: LOGIN_FAILURES_PER_ADDRESS.
Both last LOGIN_COOLOFF_MINUTES after the last failure.
"""

from datetime import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone


class LoginLockHandler(AxesDatabaseHandler):
    """Axes' database handler with a separate, higher limit for a whole address."""

    def get_failures(self, request, credentials=None) -> int:
        per_account, per_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if per_address >= settings.LOGIN_FAILURES_PER_ADDRESS:
            # Axes compares with the per-account limit: a locked address reaches it.
            return max(per_account, settings.AXES_FAILURE_LIMIT)
        return per_account

    def user_logged_in(self, sender, request, user, **kwargs):
        """A success forgets that account's own failures from that address, and
        nothing else. (Axes' AXES_RESET_ON_SUCCESS would reset every key, the whole
        address included: anyone with one valid account could clear the address's
        count, and other accounts' locks, by signing in between guesses.)"""
        super().user_logged_in(sender, request, user, **kwargs)
        AccessAttempt.objects.filter(
            username=user.get_username(), ip_address=request.axes_ip_address
        ).delete()

    def lock_ends_at(self, request, credentials=None) -> datetime | None:
        """When the failures that locked this request stop counting."""
        last = None
        for attempts in self.get_user_attempts(request, credentials):
            latest = attempts.aggregate(at=Max("attempt_time"))["at"]
            if latest and (last is None or latest > last):
                last = latest
        return last + settings.AXES_COOLOFF_TIME if last else None


def login_attempt_list(
    *, queryset: QuerySet[AccessAttempt] | None = None
) -> QuerySet[AccessAttempt]:
    """Recorded failures, newest first, each with `address_failures`: its address's
    failures that still count (within the cool-off)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    address_total = (
        AccessAttempt.objects.filter(
            ip_address=OuterRef("ip_address"), attempt_time__gte=since
        )
        .values("ip_address")
        .annotate(total=Sum("failures_since_start"))
        .values("total")
    )
    if queryset is None:
        queryset = AccessAttempt.objects.all()
    return queryset.annotate(
        address_failures=Coalesce(Subquery(address_total), 0)
    ).order_by("-attempt_time")


def login_attempt_is_locked(attempt) -> bool:
    """Is the account of this row, from its address, refused right now?"""
    if attempt.attempt_time < timezone.now() - settings.AXES_COOLOFF_TIME:
        return False
    address_failures = getattr(attempt, "address_failures", 0)
    return (
        attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT
        or address_failures >= settings.LOGIN_FAILURES_PER_ADDRESS
    )


def login_lock_clear(*, attempts: QuerySet[AccessAttempt]) -> int:
    """Unlock the accounts and addresses of `attempts`: forget every failure of those
    accounts (from any address) and of those addresses (for any account).

    Returns how many failure records were removed.
    """
    rows = list(attempts.values_list("username", "ip_address"))
    if not rows:
        return 0
    usernames = {username for username, _ip in rows if username is not None}
    addresses = {ip for _username, ip in rows if ip is not None}
    deleted, _by_model = AccessAttempt.objects.filter(
        Q(username__in=usernames) | Q(ip_address__in=addresses)
    ).delete()
    return deleted
