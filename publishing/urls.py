"""Public endpoints of the shared machinery: the read beacon (#14)."""

from django.urls import path

from . import views

app_name = "publishing"
urlpatterns = [
    path("", views.read_beacon, name="read"),
]
