"""The finder widget other sites show in an iframe."""

from functools import wraps

from csp.decorators import csp_update
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from directory.filters import DEFAULT_RADIUS_MI, SpecialistFilter
from directory.results import first_results
from providers.models import SearchEntry

WIDGET_RESULTS = 3
WIDGET_PARAMETERS = ("procedure", "location", "radius")


def framed_only_by_allowed_sites(view):
    """Let this site and the EMBED_ALLOWED_ORIGINS frame `view`, nobody else.

    The CSP frame-ancestors list replaces X-Frame-Options, which can name no
    site but this one. The setting is read on each request, so the header
    always matches the configuration.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        allowed = {"frame-ancestors": settings.EMBED_ALLOWED_ORIGINS}
        return csp_update(allowed)(view)(request, *args, **kwargs)

    return xframe_options_exempt(wrapped)


@require_GET
@framed_only_by_allowed_sites
def finder_widget(request: HttpRequest) -> HttpResponse:
    """A location box for one procedure; the nearest few when a location is given."""
    data = {
        name: request.GET[name] for name in WIDGET_PARAMETERS if request.GET.get(name)
    }
    filterset = SpecialistFilter(data or None, queryset=SearchEntry.objects.all())
    place = filterset.place  # None unless every parameter given is valid
    cleaned = getattr(filterset.form, "cleaned_data", {})
    return render(
        request,
        "embed/finder.html",
        {
            "form": filterset.form,
            "procedure": cleaned.get("procedure"),
            "place": place,
            "radius": cleaned.get("radius") or DEFAULT_RADIUS_MI,
            "results": first_results(
                filterset.qs, WIDGET_RESULTS, point=filterset.point
            )
            if place
            else None,
        },
    )
