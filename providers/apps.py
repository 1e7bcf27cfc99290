from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ProvidersConfig(AppConfig):
    name = "providers"
    verbose_name = "Providers"

    def ready(self):
        from providers.catalog import forget
        from providers.models import Procedure, ProcedureSynonym, Specialty

        # This process's catalog of procedures and specialties reloads after
        # any change it makes itself (others within CATALOG_TTL_SECONDS).
        for model in (Procedure, ProcedureSynonym, Specialty):
            post_save.connect(forget, sender=model, dispatch_uid=f"catalog-{model}")
            post_delete.connect(forget, sender=model, dispatch_uid=f"catalog-{model}-")
