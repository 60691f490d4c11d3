"""On PostgreSQL and Redis with a real Celery worker: an article published from the
admin with “Chia sẻ lên” reaches the local Facebook server once, its link tagged for
attribution (#14 point 2)."""

import pytest

from channels.models import Delivery
from news.models import Article
from publishing.workflow import Intent
from tests.campaigns.factories import SocialChannelFactory
from tests.campaigns.test_integration import worker  # noqa: F401 - a fixture
from tests.news.factories import ArticleFactory
from tests.support import processes
from tests.support.forms import form_data
from tests.units.factories import office_unit

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_shared_article_is_posted_once_by_the_worker(
    server,
    worker,  # noqa: F811
    office_client,
):
    channel = SocialChannelFactory(
        name="Trang Văn phòng", unit=office_unit(), page_id=server.page_id,
        access_token=server.facebook_token,
    )  # fmt: skip
    article = ArticleFactory(intent=Intent.DRAFT, title="Hội nghị người lao động")
    url = f"/admin/news/article/{article.pk}/change/"
    data = form_data(office_client.get(url).text)
    assert data["share_to"] == [str(channel.pk)]  # shared by default
    data["intent"] = ["publish"]
    data["publish_at"] = [""]
    assert office_client.post(url, data).status_code == 302
    article = Article.objects.get(pk=article.pk)
    processes.wait_for(
        lambda: Delivery.objects.filter(status=Delivery.Status.SENT).count() == 1,
        timeout=60,
        what="the article's delivery sent",
    )
    (sent,) = server.requests_to("POST", "/feed")
    assert sent.form["link"].endswith(
        f"{article.get_absolute_url()}?utm_source=facebook&utm_medium=social"
        f"&utm_campaign={article.slug}"
    )
    # A second save as shown changes nothing: the delivery exists and was sent.
    assert (
        office_client.post(url, form_data(office_client.get(url).text)).status_code
        == 302
    )
    assert Delivery.objects.count() == 1 and len(server.page_posts()) == 1
