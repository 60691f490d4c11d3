from django.urls import path

from . import views

app_name = "consultation"
urlpatterns = [
    path("", views.question_list, name="question_list"),
    path("dat-cau-hoi/", views.question_create, name="question_create"),
    path("theo-doi/<str:token>/", views.question_tracking, name="question_tracking"),
    path("chu-de/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("<slug:slug>/", views.faq_detail, name="faq_detail"),
]
