"""A unit's news, mounted under /cdcs/<slug>/tin-tuc/ (units import no content app)."""

from django.urls import path

from . import feeds, views

app_name = "unit_news"
urlpatterns = [
    path("", views.unit_news, name="list"),
    path("rss/", feeds.UnitFeed(), name="rss"),
    path("atom/", feeds.UnitAtomFeed(), name="atom"),
]
