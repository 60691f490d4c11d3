from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("lich.ics", views.calendar_ics, name="calendar_ics"),
    path("ve/<str:token>/", views.ticket, name="ticket"),
    path("huy/<str:token>/", views.cancel, name="cancel"),
    path("<int:pk>/diem-danh/", views.checkin, name="checkin"),
    path("bao-cao-vien/", views.speaker_list, name="speaker_list"),
    path("bao-cao-vien/<slug:slug>/", views.speaker_detail, name="speaker_detail"),
    path("<slug:slug>/", views.activity_detail, name="activity_detail"),
    path("<slug:slug>/dang-ky/", views.registration_create, name="register"),
    path("<slug:slug>/lich.ics", views.activity_ics, name="activity_ics"),
]
