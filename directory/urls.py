"""The public pages."""

from django.urls import path

from directory import embed, views

app_name = "directory"
urlpatterns = [
    path("", views.home, name="home"),
    path("find/", views.find, name="find"),
    path("specialists/<slug:slug>/", views.specialist, name="specialist"),
    path("procedures/<slug:slug>/", views.procedure, name="procedure"),
]
urlpatterns += [
    path("embed/finder/", embed.finder_widget, name="embed_finder"),
]
