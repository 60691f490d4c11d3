"""Phone numbers are checked by publishing.phones, shared with activities (#15)."""

from publishing.phones import PHONE_MAX_INPUT_CHARS, phone_normalize

__all__ = ["PHONE_MAX_INPUT_CHARS", "phone_normalize"]
