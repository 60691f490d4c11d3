"""Facebook Page and Zalo OA clients against a real local HTTP server."""

import time
from datetime import UTC, datetime

import pytest

from channels.clients import (
    ChannelAuthError,
    ChannelDuplicate,
    ChannelRejected,
    ChannelTokenExpired,
    ChannelUnavailable,
    FacebookPageClient,
    Outcome,
    Post,
    ZaloArticlePending,
    ZaloArticleProcessing,
    ZaloOAClient,
    idempotency_marker,
)
from channels.clients.facebook import appsecret_proof
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
    facebook.find_published_post("delivery-42")

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
    assert "Mã truy cập Trang Facebook" in str(caught.value)


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

    found = facebook.find_published_post(POST.idempotency_key)

    assert found is not None
    assert found.external_id == f"{server.page_id}_1"
    assert found.url == f"https://www.facebook.com/{server.page_id}/posts/1"
    assert len(server.requests_to("POST", "/feed")) == 1


def test_find_published_post_ignores_other_posts(server, facebook):
    facebook.publish(POST)
    other = Post(title="Khác", message="Tin khác", link=POST.link, idempotency_key="7")
    facebook.publish(other)

    assert facebook.find_published_post("delivery-4") is None  # a prefix: no match
    assert facebook.find_published_post("7").external_id == f"{server.page_id}_2"
    found = facebook.find_published_post("delivery-42")
    assert found.external_id == f"{server.page_id}_1"
    (read, *_) = server.requests_to("GET", "/published_posts")
    assert read.query["fields"] == ["id,message,permalink_url,created_time,from"]
    assert server.requests_to("GET", "/feed") == []


def test_a_visitors_post_carrying_our_marker_is_never_adopted(server, facebook):
    # /feed holds visitors' posts; a copied marker there must not count as ours.
    server.add_post(f"Giả mạo {idempotency_marker('delivery-42')}", by="666")
    assert facebook.find_published_post("delivery-42") is None
    assert facebook.publish(POST).external_id.startswith(server.page_id)


def test_the_lookup_pages_back_past_many_newer_posts(server, facebook):
    facebook.publish(POST)
    for number in range(260):  # far more than one page of 100
        server.add_post(f"Tin mới {number}")
    since = datetime.fromtimestamp(time.time() - 3600, tz=UTC)
    found = facebook.find_published_post("delivery-42", since=since)
    assert found.external_id == f"{server.page_id}_1"
    reads = server.requests_to("GET", "/published_posts")
    assert len(reads) == 3 and reads[0].query["since"] == [str(int(since.timestamp()))]


def test_the_lookup_stops_at_the_deliverys_age(server, facebook):
    server.add_post(f"Cũ {idempotency_marker('delivery-42')}", age_seconds=7200)
    since = datetime.fromtimestamp(time.time() - 3600, tz=UTC)
    assert facebook.find_published_post("delivery-42", since=since) is None


def test_a_repeated_message_is_answered_506_as_a_duplicate(server, facebook):
    facebook.publish(POST)
    with pytest.raises(ChannelDuplicate) as caught:
        facebook.publish(POST)
    assert caught.value.code == 506
    assert caught.value.outcome == Outcome.RESOLVE
    assert len(server.page_posts()) == 1


def facebook_with_app(server, **options):
    return FacebookPageClient(
        server.page_id,
        server.facebook_token,
        app_id=server.facebook_app_id,
        app_secret=server.facebook_app_secret,
        base_url=server.url,
        **options,
    )


def test_facebook_token_info_reads_expiry_with_the_app_token():
    with social_server(
        facebook_token_expires_at=1798761600,
        facebook_data_access_expires_at=1801353600,
    ) as server:
        client = facebook_with_app(server)
        info = client.token_info()
        (call,) = server.requests_to("GET", "/debug_token")
    assert info.is_valid is True
    assert info.expires_at == datetime(2027, 1, 1, tzinfo=UTC)
    assert info.data_access_expires_at == datetime(2027, 1, 31, tzinfo=UTC)
    assert "pages_manage_posts" in info.scopes
    app_token = f"{server.facebook_app_id}|{server.facebook_app_secret}"
    assert call.headers["authorization"] == f"Bearer {app_token}"
    assert call.query["input_token"] == [server.facebook_token]


def test_debug_token_with_the_page_token_itself_is_refused_as_meta_does(server):
    # What the old check did: Meta answers (#100).
    import requests

    answer = requests.get(
        f"{server.url}/v23.0/debug_token",
        params={"input_token": server.facebook_token},
        headers={"Authorization": f"Bearer {server.facebook_token}"},
        timeout=2,
    )
    assert answer.status_code == 400 and answer.json()["error"]["code"] == 100


def test_token_info_without_app_credentials_says_what_is_missing(server, facebook):
    with pytest.raises(ChannelAuthError) as caught:
        facebook.token_info()
    assert caught.value.code == "no_app_credentials"
    assert server.requests == []


def test_facebook_token_that_never_expires_has_no_expiry(server):
    info = facebook_with_app(server).token_info()
    assert info.is_valid is True
    assert info.expires_at is None


def test_appsecret_proof_is_sent_when_the_app_requires_it():
    with social_server(require_appsecret_proof=True) as server:
        bare = FacebookPageClient(
            server.page_id, server.facebook_token, base_url=server.url
        )
        with pytest.raises(ChannelRejected) as caught:
            bare.publish(POST)
        assert "appsecret_proof" in str(caught.value)
        client = facebook_with_app(server)
        assert client.publish(POST).external_id == f"{server.page_id}_1"
        assert client.find_published_post(POST.idempotency_key) is not None
        assert client.token_info().is_valid
    expected = appsecret_proof(
        access_token=server.facebook_token, app_secret=server.facebook_app_secret
    )
    assert server.requests_to("POST", "/feed")[-1].form["appsecret_proof"] == expected


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
    (sent,) = server.zalo_broadcasts
    assert sent["message_id"] == "broadcast-2" and sent["article_id"] == article_id
    assert sent["target"] == {"gender": "0"}


def test_a_broadcast_is_accepted_before_moderation_lets_it_out():
    with social_server(zalo_moderation_seconds=600) as server:
        client = ZaloOAClient("zalo-access-1", base_url=server.url, author="CĐ")
        article_id = client.publish(POST).external_id
        assert client.broadcast(article_id) == "broadcast-2"
        assert server.zalo_broadcasts_delivered() == []
        server.clock = lambda: time.time() + 601
        assert len(server.zalo_broadcasts_delivered()) == 1


def test_verify_answers_214_while_the_article_is_processed():
    with social_server(zalo_verify_processing=2) as server:
        client = ZaloOAClient("zalo-access-1", base_url=server.url, author="CĐ")
        token = client.create_article(POST)
        for _ in range(2):
            with pytest.raises(ZaloArticleProcessing) as caught:
                client.verify_article(token)
            assert caught.value.code == -214
            assert caught.value.outcome == Outcome.RETRY
        assert client.verify_article(token) == "article-1"
        assert len(server.zalo_articles) == 1


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
    with pytest.raises(ChannelTokenExpired) as caught:
        zalo.publish(POST)
    assert caught.value.code == -216  # the OA API's code; -124 is ZNS's


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
