"""The public pages: home, search, profile, procedure."""

from django.core.cache import cache
from django.core.paginator import EmptyPage
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from articles.models import Article
from articles.search import remember_place_and_count_referral
from directory.filters import RADIUS_CHOICES, SpecialistFilter
from directory.pagination import PAGE_SIZE, CappedPaginator
from geo.geocoding import GeocodingError, geocode
from providers.catalog import catalog
from providers.evidence import SOURCE as EVIDENCE_SOURCE
from providers.evidence import procedure_evidence
from providers.models import Procedure, SearchEntry, Specialist
from providers.practices import education, hospital_details, practice_details

# The home page's "Search N specialists": counting a national directory takes
# tens of milliseconds, and a figure a minute old reads the same.
PUBLISHED_COUNT_SECONDS = 60


def published_specialist_count() -> int:
    """Published specialists, counted at most once a minute (shared cache)."""
    return cache.get_or_set(
        "directory:published-specialists",
        lambda: Specialist.objects.published().count(),
        PUBLISHED_COUNT_SECONDS,
    )


@require_GET
def home(request):
    return render(
        request,
        "directory/home.html",
        {
            "procedures": catalog.procedures(),
            "specialist_count": published_specialist_count(),
        },
    )


@require_GET
def find(request):
    """The search page: the form, and results when the form was sent and is valid."""
    searched = any(value for value in request.GET.values())
    filterset = SpecialistFilter(
        request.GET if searched else None,
        queryset=SearchEntry.objects.all(),
    )
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "procedures": catalog.procedures(),
        "specialties": catalog.specialties(),
        "radius_choices": RADIUS_CHOICES,
        "searched": searched,
    }
    if searched and filterset.is_valid():
        paginator = CappedPaginator(filterset.qs, PAGE_SIZE, point=filterset.point)
        number = filterset.form.cleaned_data.get("page") or 1
        try:
            page = paginator.page(number)
        except EmptyPage:
            filterset.form.add_error(
                "page",
                f"There is no page {number}: the results end at page "
                f"{paginator.num_pages}.",
            )
        else:
            context.update(
                page=page,
                paginator=paginator,
                place=filterset.place,
                procedure=filterset.form.cleaned_data.get("procedure"),
            )
    response = render(request, "directory/find.html", context)
    if searched:
        remember_place_and_count_referral(request, filterset, response)
    return response


def _searched_point(request):
    """The place a search was made from (?location=, as the results link
    carries it), or None: a place that cannot be found only loses the order."""
    text = request.GET.get("location", "").strip()[:200]
    if not text:
        return None
    try:
        place = geocode(text)
    except GeocodingError:
        return None
    return place.point if place else None


@require_GET
def specialist(request, slug):
    specialist = get_object_or_404(
        Specialist.objects.published()
        .select_related("source_record", "enrollment")
        .prefetch_related("specialties", "procedures"),
        slug=slug,
    )
    articles = Article.objects.published().about_procedures_of(specialist)
    return render(
        request,
        "directory/specialist.html",
        {
            "specialist": specialist,
            "practices": practice_details(specialist, near=_searched_point(request)),
            "hospitals": hospital_details(specialist),
            "education": education(specialist),
            "articles": articles,
            "evidence": procedure_evidence(specialist),
            "evidence_source": EVIDENCE_SOURCE,
        },
    )


@require_GET
def procedure(request, slug):
    procedure = get_object_or_404(
        Procedure.objects.prefetch_related("synonyms"), slug=slug
    )
    return render(
        request,
        "directory/procedure.html",
        {
            "procedure": procedure,
            "radius_choices": RADIUS_CHOICES,
            "articles": Article.objects.published().discussing(procedure),
        },
    )
