"""Social channel clients (Facebook Page, Zalo OA) behind one small interface."""

from .base import (
    ChannelAuthError,
    ChannelError,
    ChannelRejected,
    ChannelUnavailable,
    Post,
    PostResult,
    idempotency_marker,
)
from .facebook import FacebookPageClient, TokenInfo
from .zalo import TokenPair, ZaloArticlePending, ZaloOAClient

__all__ = [
    "ChannelAuthError",
    "ChannelError",
    "ChannelRejected",
    "ChannelUnavailable",
    "FacebookPageClient",
    "Post",
    "PostResult",
    "TokenInfo",
    "TokenPair",
    "ZaloArticlePending",
    "ZaloOAClient",
    "idempotency_marker",
]
