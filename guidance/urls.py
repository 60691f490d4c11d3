from django.urls import path

from . import feeds, views

app_name = "guidance"
urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("rss/", feeds.LatestDocumentsFeed(), name="feed_rss"),
    path(
        "bao-cao/tep/<int:pk>/",
        views.report_file_download,
        name="report_file_download",
    ),
    path("<slug:slug>/", views.document_detail, name="document_detail"),
    path(
        "<slug:slug>/tep/<int:pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
]
