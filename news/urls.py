from django.urls import path

from . import feeds, views

app_name = "news"
urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("rss/", feeds.LatestArticlesFeed(), name="feed_rss"),
    path("atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
    path("chuyen-muc/<slug:slug>/", views.category_detail, name="category_detail"),
    path("chuyen-muc/<slug:slug>/rss/", feeds.CategoryFeed(), name="category_feed"),
    path(
        "chuyen-muc/<slug:slug>/atom/", feeds.CategoryAtomFeed(), name="category_atom"
    ),
    path("<slug:slug>/", views.article_detail, name="article_detail"),
]
