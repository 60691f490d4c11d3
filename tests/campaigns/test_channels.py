"""Facebook Page and Zalo OA clients against a real local HTTP server."""

import time
from datetime import UTC, datetime

import pytest

from campaigns.channels import (
    ChannelAuthError,
    ChannelRejected,
    ChannelUnavailable,
    FacebookPageClient,
    Post,
    ZaloArticlePending,
    ZaloOAClient,
    idempotency_marker,
)
from tests.support.social_servers import social_server

POST = Post(
    title="Chào mừng ngày Quốc tế Lao động 1/5",
    message="Công đoàn ĐHQG-HCM chúc mừng toàn thể đoàn viên.",
    link="https://congdoan.example.vn/tin-tuc/quoc-te-lao-dong",
    idempotency_key="delivery-42",
    image_url="https://congdoan.example.vn/media/1-5.jpg",
)


@pytest.fixture
def server():
    with social_server() as running:
        yield running


@pytest.fixture
def facebook(server):
    client = FacebookPageClient(
        server.page_id, server.facebook_token, base_url=server.url, timeout=0.5
    )
    yield client
    client.close()


@pytest.fixture
def zalo(server):
    client = ZaloOAClient(
        "zalo-access-1",
        base_url=server.url,
        oauth_url=server.url,
        app_id=server.zalo_app_id,
        secret_key=server.zalo_secret_key,
        refresh_token="zalo-refresh-1",
        author="Công đoàn ĐHQG-HCM",
        timeout=0.5,
    )
    yield client
    client.close()


# --- Facebook ---


def test_facebook_publish_returns_the_post_id(server, facebook):
    result = facebook.publish(POST)

    assert result.external_id == f"{server.page_id}_1"
    assert result.url == f"https://www.facebook.com/{server.page_id}_1"
    (sent,) = server.requests_to("POST", f"/v23.0/{server.page_id}/feed")
    assert sent.form["link"] == POST.link
    assert sent.form["message"].startswith(POST.title)
    assert POST.message in sent.form["message"]
    assert sent.form["message"].endswith(idempotency_marker("delivery-42"))


def test_facebook_token_goes_in_the_body_never_in_the_url(server, facebook):
    facebook.publish(POST)
    facebook.find_recent_post("delivery-42")

    post, read = server.requests
    assert post.form["access_token"] == server.facebook_token
    assert read.headers["authorization"] == f"Bearer {server.facebook_token}"
    for request in (post, read):
        assert server.facebook_token not in request.target
        assert request.query.get("access_token") is None


def test_facebook_rate_limit_is_temporary_with_retry_after(server, facebook):
    server.script("rate_limit")
    with pytest.raises(ChannelUnavailable) as caught:
        facebook.publish(POST)
    assert caught.value.code == 32
    assert caught.value.retry_after == 120  # 2 minutes, from X-Business-Use-Case-Usage
    assert server.facebook_posts == []


def test_facebook_http_429_is_temporary_with_retry_after(server, facebook):
    server.script("too_many_requests")
    with pytest.raises(ChannelUnavailable) as caught:
        facebook.publish(POST)
    assert caught.value.status == 429
    assert caught.value.retry_after == 7


def test_facebook_expired_token_is_an_auth_error(server, facebook):
    server.script("expired_token")
    with pytest.raises(ChannelAuthError) as caught:
        facebook.publish(POST)
    assert caught.value.code == 190
    assert "Mã truy cập Facebook" in str(caught.value)


def test_facebook_wrong_token_is_an_auth_error_not_a_rejection(server):
    client = FacebookPageClient(server.page_id, "revoked", base_url=server.url)
    with pytest.raises(ChannelAuthError):
        client.publish(POST)
    assert server.facebook_posts == []


def test_facebook_server_error_is_temporary(server, facebook):
    server.script("server_error")
    with pytest.raises(ChannelUnavailable) as caught:
        facebook.publish(POST)
    assert caught.value.status == 503
    # The next attempt goes through: nothing was left half done.
    assert facebook.publish(POST).external_id == f"{server.page_id}_1"


def test_facebook_other_client_errors_are_rejected(server):
    client = FacebookPageClient("999", server.facebook_token, base_url=server.url)
    with pytest.raises(ChannelRejected) as caught:
        client.publish(POST)
    assert caught.value.code == 100
    assert caught.value.status == 400
    assert "Unsupported request" in str(caught.value)


def test_a_post_without_idempotency_key_is_refused():
    with pytest.raises(ValueError):
        Post(title="T", message="M", link=POST.link, idempotency_key=" ")


def test_facebook_timeout_is_temporary_and_quick(server, facebook):
    server.script("slow")
    began = time.monotonic()
    with pytest.raises(ChannelUnavailable) as caught:
        facebook.publish(POST)
    assert time.monotonic() - began < 1.5  # timeout=0.5, server answers after 2 s
    assert caught.value.code == "timeout"
    assert caught.value.__cause__ is None  # requests' message would carry the URL
    assert caught.value.__suppress_context__


def test_after_an_ambiguous_timeout_the_post_is_found_not_sent_again(server, facebook):
    server.script("slow")
    with pytest.raises(ChannelUnavailable):
        facebook.publish(POST)
    # The server went on and created the post after the client had given up.
    server.wait_until(lambda: len(server.facebook_posts) == 1)

    found = facebook.find_recent_post(POST.idempotency_key)

    assert found is not None
    assert found.external_id == f"{server.page_id}_1"
    assert found.url == f"https://www.facebook.com/{server.page_id}/posts/1"
    assert len(server.requests_to("POST", "/feed")) == 1


def test_find_recent_post_ignores_other_posts(server, facebook):
    facebook.publish(POST)
    other = Post(title="Khác", message="Tin khác", link=POST.link, idempotency_key="7")
    facebook.publish(other)

    assert facebook.find_recent_post("delivery-4") is None  # a prefix is no match
    assert facebook.find_recent_post("7").external_id == f"{server.page_id}_2"
    assert facebook.find_recent_post("delivery-42").external_id == f"{server.page_id}_1"
    (read, *_) = server.requests_to("GET", "/feed")
    assert read.query["limit"] == ["25"]
    assert read.query["fields"] == ["id,message,permalink_url"]


def test_facebook_token_info_reads_expiry():
    with social_server(facebook_token_expires_at=1798761600) as server:
        client = FacebookPageClient(
            server.page_id, server.facebook_token, base_url=server.url
        )
        info = client.token_info()
    assert info.is_valid is True
    assert info.expires_at == datetime(2027, 1, 1, tzinfo=UTC)
    assert "pages_manage_posts" in info.scopes


def test_facebook_token_that_never_expires_has_no_expiry(server, facebook):
    info = facebook.token_info()
    assert info.is_valid is True
    assert info.expires_at is None


def test_facebook_repr_hides_the_token(facebook, server):
    assert server.facebook_token not in repr(facebook)


# --- Zalo ---


def test_zalo_publish_creates_and_verifies_the_article(server, zalo):
    result = zalo.publish(POST)

    assert result.external_id == "article-1"
    create, verify = server.requests
    assert create.path == "/v2.0/article/create"
    assert create.headers["access_token"] == "zalo-access-1"
    assert "zalo-access-1" not in create.target
    assert create.json["type"] == "normal"
    assert create.json["title"] == POST.title
    assert create.json["author"] == "Công đoàn ĐHQG-HCM"
    assert create.json["cover"] == {
        "cover_type": "photo",
        "photo_url": POST.image_url,
        "status": "show",
    }
    assert create.json["body"][0] == {"type": "text", "content": POST.message}
    assert POST.link in create.json["body"][1]["content"]
    assert (create.json["status"], create.json["comment"]) == ("show", "show")
    assert verify.path == "/v2.0/article/verify"
    assert verify.json == {"token": "article-token-1"}


def test_zalo_broadcast_sends_the_article(server, zalo):
    article_id = zalo.publish(POST).external_id

    message_id = zalo.broadcast(article_id)

    assert message_id == "broadcast-2"
    assert server.zalo_broadcasts == [
        {
            "message_id": "broadcast-2",
            "article_id": article_id,
            "target": {"gender": "0"},
        }
    ]


def test_zalo_broadcast_of_an_unknown_article_is_rejected(server, zalo):
    with pytest.raises(ChannelRejected) as caught:
        zalo.broadcast("no-such-article")
    assert caught.value.code == -201


def test_zalo_article_without_cover_is_rejected_before_any_call(server, zalo):
    no_cover = Post(title="T", message="M", link=POST.link, idempotency_key="k")
    with pytest.raises(ChannelRejected):
        zalo.publish(no_cover)
    assert server.requests == []


def test_zalo_rate_limit_is_temporary(server, zalo):
    server.script("rate_limit")
    with pytest.raises(ChannelUnavailable) as caught:
        zalo.publish(POST)
    assert caught.value.code == -32
    assert caught.value.retry_after is None  # Zalo does not say how long


def test_zalo_http_429_is_temporary_with_retry_after(server, zalo):
    server.script("too_many_requests")
    with pytest.raises(ChannelUnavailable) as caught:
        zalo.publish(POST)
    assert caught.value.retry_after == 7


def test_zalo_expired_token_is_an_auth_error(server, zalo):
    server.script("expired_token")
    with pytest.raises(ChannelAuthError) as caught:
        zalo.publish(POST)
    assert caught.value.code == -124


def test_zalo_invalid_token_is_an_auth_error(server):
    client = ZaloOAClient("stolen", base_url=server.url)
    with pytest.raises(ChannelAuthError) as caught:
        client.publish(POST)
    assert caught.value.code == -216


def test_zalo_server_error_is_temporary(server, zalo):
    server.script("server_error")
    with pytest.raises(ChannelUnavailable) as caught:
        zalo.publish(POST)
    assert caught.value.status == 502
    assert server.zalo_articles == {}


def test_zalo_timeout_is_temporary_and_quick(server, zalo):
    server.script("slow")
    began = time.monotonic()
    with pytest.raises(ChannelUnavailable) as caught:
        zalo.publish(POST)
    assert time.monotonic() - began < 1.5
    assert caught.value.code == "timeout"


def test_zalo_verify_failure_keeps_the_token_so_the_article_is_not_recreated(
    server, zalo
):
    server.script("ok", "server_error")
    with pytest.raises(ZaloArticlePending) as caught:
        zalo.publish(POST)
    assert isinstance(caught.value, ChannelUnavailable)

    assert zalo.verify_article(caught.value.token) == "article-1"
    assert len(server.requests_to("POST", "/v2.0/article/create")) == 1


def test_zalo_refresh_rotates_the_tokens(server, zalo):
    pair = zalo.refresh_access_token()

    assert pair.access_token != "zalo-access-1"
    assert pair.refresh_token != "zalo-refresh-1"
    assert pair.expires_in == 90000
    (sent,) = server.requests
    assert sent.headers["secret_key"] == server.zalo_secret_key
    assert sent.form == {
        "app_id": server.zalo_app_id,
        "refresh_token": "zalo-refresh-1",
        "grant_type": "refresh_token",
    }
    assert "zalo-refresh-1" not in sent.target
    # The client uses the new access token from now on.
    zalo.publish(POST)
    assert server.requests[-1].headers["access_token"] == pair.access_token


def test_zalo_old_refresh_token_is_refused_after_use(server, zalo):
    first = zalo.refresh_access_token()
    stale = ZaloOAClient(
        "zalo-access-1",
        base_url=server.url,
        oauth_url=server.url,
        app_id=server.zalo_app_id,
        secret_key=server.zalo_secret_key,
        refresh_token="zalo-refresh-1",
    )
    with pytest.raises(ChannelAuthError) as caught:
        stale.refresh_access_token()
    assert caught.value.code == -14014

    # The rotated refresh token still works, once.
    second = zalo.refresh_access_token()
    assert second.refresh_token not in (first.refresh_token, "zalo-refresh-1")


def test_zalo_refresh_without_credentials_is_an_auth_error(server):
    client = ZaloOAClient("zalo-access-1", base_url=server.url, oauth_url=server.url)
    with pytest.raises(ChannelAuthError):
        client.refresh_access_token()
    assert server.requests == []
