from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("lich.ics", views.calendar_ics, name="calendar_ics"),
    path("bai/<slug:slug>/", views.post_detail, name="post_detail"),
    path("<slug:slug>/", views.key_date_detail, name="key_date_detail"),
]
