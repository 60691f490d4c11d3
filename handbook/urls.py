from django.urls import path

from . import views

app_name = "handbook"
urlpatterns = [
    path("", views.index, name="index"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("so-tay-cong-doan.pdf", views.booklet_pdf, name="booklet_pdf"),
    path("<slug:slug>/", views.section_detail, name="section_detail"),
]
