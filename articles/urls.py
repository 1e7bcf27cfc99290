"""The article pages."""

from django.urls import path

from articles import views

app_name = "articles"
urlpatterns = [
    path("articles/", views.article_index, name="index"),
    path("articles/<slug:slug>/", views.article, name="article"),
]
