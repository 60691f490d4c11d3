"""Social channel clients (Facebook Page, Zalo OA) behind one small interface.

Every documented answer has one decided outcome (#19). The clients turn an answer
into an exception whose `outcome` is below; channels.runtime and channels.services
(outbox._send_claimed, credentials.zalo_token_refresh) act on it. `server` names
the behaviour of the local server (tests/support/social_servers.py) that reproduces
the answer, with the page it follows; tests/channels/test_outcomes.py is generated
from this table, so a row added here is tested.

    | platform | documented answer                            | server            | outcome |
    | -------- | -------------------------------------------- | ----------------- | ------- |
    | facebook | #1 unknown error                             | graph:1           | retry   |
    | facebook | #2 service temporarily unavailable           | graph:2           | retry   |
    | facebook | #4 app rate limit (X-App-Usage)              | graph:4           | retry   |
    | facebook | #17 user rate limit                          | graph:17          | retry   |
    | facebook | #32 Page rate limit (X-Business-Use-Case)    | graph:32          | retry   |
    | facebook | #613 calls exceed the rate                   | graph:613         | retry   |
    | facebook | #80001 Page BUC rate limit                   | graph:80001       | retry   |
    | facebook | #341 feed action limit reached               | graph:341         | retry   |
    | facebook | #368 temporarily blocked (policy)            | graph:368         | retry   |
    | facebook | HTTP 429 with Retry-After                    | too_many_requests | retry   |
    | facebook | HTTP 5xx                                     | server_error      | retry   |
    | facebook | timeout (ambiguous: check before resending)  | slow              | retry   |
    | facebook | #190 token expired (no refresh path: stop)   | graph:190         | stop    |
    | facebook | #190/458 app not installed or deactivated    | graph:190/458     | stop    |
    | facebook | #102 session invalid                         | graph:102         | stop    |
    | facebook | #10 permission denied                        | graph:10          | stop    |
    | facebook | #200 permission revoked                      | graph:200         | stop    |
    | facebook | #506 duplicate post (find ours, store its id) | graph:506        | resolve |
    | facebook | #100 invalid parameter                       | graph:100         | fail    |
    | zalo     | -216 access token invalid                    | zalo:-216         | refresh |
    | zalo     | -220 access token expired                    | zalo:-220         | refresh |
    | zalo     | -240 endpoint shut down                      | zalo:-240         | stop    |
    | zalo     | -14014 refresh token invalid or used         | zalo:-14014       | stop    |
    | zalo     | -32 rate limit                               | zalo:-32          | retry   |
    | zalo     | -211 broadcast quota used up                 | zalo:-211         | retry   |
    | zalo     | -214 article still processing (bounded)      | zalo:-214         | retry   |
    | zalo     | HTTP 5xx                                     | server_error      | retry   |
    | zalo     | HTTP 429 with Retry-After                    | too_many_requests | retry   |
    | zalo     | timeout                                      | slow              | retry   |
    | zalo     | -201 invalid parameters                      | zalo:-201         | fail    |

retry: later with exponential backoff, at least Retry-After (or Meta's
estimated_time_to_regain_access), at most MAX_ATTEMPTS times; -214 keeps the article
token and only verifies again. refresh: Zalo refreshes the token (rotating the
refresh token) and sends again once. stop: the channel is marked rejected with the
reason, the admin warns about it, its deliveries wait for new credentials. fail:
this delivery fails with the Vietnamese reason; the others go on. resolve: the post
is looked up by its idempotency marker among the Page's own posts and its id stored.
"""

from .base import (
    ChannelAuthError,
    ChannelDuplicate,
    ChannelError,
    ChannelRejected,
    ChannelTokenExpired,
    ChannelUnavailable,
    Outcome,
    Post,
    PostResult,
    idempotency_key_for,
    idempotency_marker,
)
from .facebook import FacebookPageClient, TokenInfo
from .zalo import TokenPair, ZaloArticlePending, ZaloArticleProcessing, ZaloOAClient

__all__ = [
    "ChannelAuthError",
    "ChannelDuplicate",
    "ChannelError",
    "ChannelRejected",
    "ChannelTokenExpired",
    "ChannelUnavailable",
    "FacebookPageClient",
    "Outcome",
    "Post",
    "PostResult",
    "TokenInfo",
    "TokenPair",
    "ZaloArticlePending",
    "ZaloArticleProcessing",
    "ZaloOAClient",
    "idempotency_key_for",
    "idempotency_marker",
]
