"""The public pages."""

from django.urls import path

from directory import basemap, embed, views

app_name = "directory"
urlpatterns = [
    path("", views.home, name="home"),
    path("find/", views.find, name="find"),
    path("specialists/<slug:slug>/", views.specialist, name="specialist"),
    path("procedures/<slug:slug>/", views.procedure, name="procedure"),
    path("map/basemap.pmtiles", basemap.basemap_archive, name="basemap"),
]
urlpatterns += [
    path("embed/finder/", embed.finder_widget, name="embed_finder"),
]
