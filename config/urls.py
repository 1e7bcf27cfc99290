"""Root URLs."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from directory.api import SpecialistViewSet
from providers.accounts import SignInView, throttled_admin_login
from web.health import healthz

api = SimpleRouter()
api.register("specialists", SpecialistViewSet, basename="specialist")

# The admin's sign-in is throttled like the site's.
admin.site.login = throttled_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api.urls, "api"))),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/v1/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    path("accounts/login/", SignInView.as_view(), name="account_login"),
    path("fhir/", include("fhir_api.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("providers.urls")),
    path("", include("directory.urls")),
    path("", include("articles.urls")),
]

handler400 = "web.errors.bad_request"
handler403 = "web.errors.permission_denied"
handler404 = "web.errors.not_found"
handler500 = "web.errors.server_error"
# allauth answers its own rate limits through this one.
handler429 = "web.errors.allauth_too_many_requests"
