from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "fhir_api"
    verbose_name = "FHIR API"

    def ready(self):
        from fhir_api.views import error_shape
        from web.errors import register_error_shape

        register_error_shape("/fhir/", error_shape, answers_nul_itself=True)
