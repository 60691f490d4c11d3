from django.urls import path

from . import views

app_name = "newsletter"
urlpatterns = [
    path("dang-ky/", views.subscribe, name="subscribe"),
    path("dang-ky/da-gui/", views.subscribe_sent, name="subscribe_sent"),
    path("xac-nhan/<str:token>/", views.confirm, name="confirm"),
    path("tuy-chon/<str:token>/", views.manage, name="manage"),
    path("huy/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("doc/<str:token>/", views.click, name="click"),
    path("mo/<str:token>/anh.gif", views.opened, name="opened"),
]
