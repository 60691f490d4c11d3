"""URL wiring: each app brings its own urls.py under its namespace."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.shortcuts import redirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.generic import TemplateView

from handbook.sitemaps import SectionSitemap
from news import views as news_views
from news.sitemaps import ArticleSitemap, CategorySitemap
from publishing.media import media_file
from publishing.views import healthz
from units import views as units_views

from .views import language_choose

SITEMAPS = {
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "handbook": SectionSitemap,
}

urlpatterns = [
    path("", news_views.home, name="home"),
    path("tin-tuc/", include("news.urls")),
    path("cdcs/<slug:slug>/tin-tuc/", include("news.unit_urls")),
    path("cdcs/<slug:slug>/hoat-dong/", include("activities.unit_urls")),
    path("tim-kiem/", news_views.search, name="search"),
    path(
        "sitemap.xml",
        sitemap_view,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("healthz", healthz, name="healthz"),
    # Resolved per request: the manifest of hashed names may not exist at import.
    path("favicon.ico", lambda request: redirect(static_url("img/favicon.svg"))),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
    ),
    path("cdcs/", include("units.urls")),
    path("tai-lieu/", include("guidance.urls")),
    path("su-kien/", include("campaigns.urls")),
    path("hoi-dap/", include("consultation.urls")),
    path("ban-tin/", include("newsletter.urls")),
    path("so-tay/", include("handbook.urls")),
    path("hoat-dong/", include("activities.urls")),
    path("da-doc/", include("publishing.urls")),
    path("ngon-ngu/<str:code>/", language_choose, name="language_choose"),
    path(
        "admin/tai-anh-len/",
        units_views.editor_image_upload,
        name="editor_image_upload",
    ),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    # Only what production would serve by path: public images, never documents.
    urlpatterns.append(
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media_file, name="media")
    )

# Error pages in the site's chrome (templates/400.html, 403.html, 404.html are found
# by Django's own handlers); the 500 page must not touch the database (#11).
handler500 = "unionportal.views.server_error"
