"""A unit's activities, mounted under /cdcs/<slug>/hoat-dong/ (units import no content app)."""

from django.urls import path

from . import views

app_name = "unit_activities"
urlpatterns = [path("", views.unit_activities, name="list")]
