"""The FHIR API's URLs, under /fhir/: no trailing slashes, as FHIR writes them."""

from django.urls import path, re_path

from fhir_api import views
from fhir_api.search import RESOURCE_TYPES

app_name = "fhir"
urlpatterns = [
    path("", views.unknown, name="base"),
    path("metadata", views.metadata, name="metadata"),
]
for name, resource_type in RESOURCE_TYPES.items():
    urlpatterns += [
        path(name, views.search, {"resource_type": name}, name=f"{name}-search"),
        re_path(
            rf"^{name}/(?P<id>{resource_type.id_pattern})$",
            views.read,
            {"resource_type": name},
            name=f"{name}-read",
        ),
    ]
urlpatterns.append(path("<path:rest>", views.unknown))
