"""Root URLs."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from directory.api import SpecialistViewSet

api = SimpleRouter()
api.register("specialists", SpecialistViewSet, basename="specialist")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include((api.urls, "api"))),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/v1/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    path("fhir/", include("directory.fhir.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("providers.urls")),
    path("", include("directory.site_urls")),
    path("", include("articles.urls")),
]

handler404 = "directory.fhir.views.handler404"
handler500 = "directory.fhir.views.handler500"
