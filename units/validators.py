"""Validators for the social links of a unit: each must point where it says."""

from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class HostValidator:
    """The URL's host must be one of `hosts` or a subdomain of one."""

    def __init__(self, hosts: tuple[str, ...], label: str):
        self.hosts = hosts
        self.label = label

    def __call__(self, value: str) -> None:
        host = (urlparse(value).hostname or "").lower()
        if not any(host == h or host.endswith("." + h) for h in self.hosts):
            raise ValidationError(
                _("Đường dẫn %(label)s phải thuộc %(hosts)s."),
                code="wrong_host",
                params={"label": self.label, "hosts": ", ".join(self.hosts)},
            )

    def __eq__(self, other):
        return (
            isinstance(other, HostValidator)
            and self.hosts == other.hosts
            and self.label == other.label
        )


validate_facebook_url = HostValidator(("facebook.com", "fb.com", "fb.me"), "Facebook")
validate_zalo_url = HostValidator(("zalo.me",), "Zalo")
validate_youtube_url = HostValidator(("youtube.com", "youtu.be"), "YouTube")
