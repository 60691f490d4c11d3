from django.urls import path

from . import views

app_name = "units"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("<slug:slug>/", views.unit_detail, name="unit_detail"),
    path("<slug:slug>/trang/<slug:page>/", views.page_detail, name="page_detail"),
]
