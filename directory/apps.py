from django.apps import AppConfig
from django.http import HttpResponse, JsonResponse


def json_error(status: int, message: str) -> HttpResponse:
    """The JSON API's errors: {"detail": "..."}, as REST framework writes its own."""
    return JsonResponse({"detail": message}, status=status)


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Directory"

    def ready(self):
        from web.errors import register_error_shape

        register_error_shape("/api/", json_error)
