"""The client's address, trusting X-Forwarded-For only from the proxies we run.

One helper for every feature that keys on the client (the question form's rate limit,
login throttling through django-axes, the page-view counter).
"""

import ipaddress

from django.conf import settings
from django.utils.crypto import salted_hmac


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the
    address the outermost trusted proxy saw (X-Forwarded-For, counted from the right:
    anything further left was written by the client and cannot be trusted).

    "" when the address is not an IP address at all.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return ""


def client_fingerprint(request) -> str:
    """An opaque key for one visitor: a keyed hash of the address and the browser.

    Keyed with SECRET_KEY (salted_hmac), so the address cannot be recovered from a
    cache key or guessed by hashing candidate addresses.
    """
    agent = request.META.get("HTTP_USER_AGENT", "")[:512]
    value = f"{client_ip(request)}\n{agent}"
    return salted_hmac("publishing.clientip.fingerprint", value).hexdigest()[:32]
