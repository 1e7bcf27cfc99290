"""The search: one FilterSet behind the /find/ page and the JSON API."""

import copy
import functools

import django_filters
from django import forms
from django.http import QueryDict

from geo.geocoding import GeocodingError, geocode
from providers.catalog import catalog
from providers.models import Language, SearchEntry
from providers.validators import NPI_PATTERN

DEFAULT_RADIUS_MI = 25
MIN_RADIUS_MI = 1
MAX_RADIUS_MI = 500
MAX_TEXT_LENGTH = 200
RADIUS_CHOICES = [5, 10, 25, 50, 100, 250, 500]


class SortOrder:
    DISTANCE = "distance"
    NAME = "name"
    EXPERIENCE = "experience"
    choices = [
        (DISTANCE, "Nearest first"),
        (NAME, "Name (A to Z)"),
        (EXPERIENCE, "Most Medicare procedures first"),
    ]


def _error(message: str, **params) -> forms.ValidationError:
    """A field error whose text may quote what was typed. The typed text goes in
    as a parameter, never into the message itself: messages are %-formatted
    (by Django, and by django-filter for the API), so a typed "%" would break."""
    if not params:
        message, params = "%(message)s", {"message": message}
    return forms.ValidationError(message, params=params)


class SearchForm(forms.Form):
    """Turns the raw parameters into a place, a procedure and a specialty.

    Each `clean_` method gives the message shown beside its field.
    """

    page = forms.IntegerField(
        min_value=1,
        required=False,
        error_messages={
            "invalid": "The page must be a whole number.",
            "min_value": "Pages start at 1.",
        },
    )

    def clean_location(self):
        text = self.cleaned_data.get("location", "")
        if not text:
            return None
        try:
            place = geocode(text)
        except GeocodingError as error:
            raise _error(str(error)) from None
        if place is None:
            raise _error(
                "We could not find “%(text)s”. Try a 5-digit ZIP code, or a "
                "city and state such as Pittsburgh, PA.",
                text=text[:60],
            )
        return place

    def clean_procedure(self):
        text = self.cleaned_data.get("procedure", "").strip()
        if not text:
            return None
        # "balloon-kyphoplasty" in a hand-made link means "balloon kyphoplasty".
        procedure = catalog.procedure(text)
        if procedure is None:
            raise _error(
                "We don't list a procedure called “%(text)s”. Choose one from "
                "the list.",
                text=text[:60],
            )
        return procedure

    def clean_specialty(self):
        text = self.cleaned_data.get("specialty", "").strip()
        if not text:
            return None
        specialty = catalog.specialty(text)
        if specialty is None:
            raise _error(
                "We don't list a specialty called “%(text)s”. Choose one from "
                "the list.",
                text=text[:60],
            )
        return specialty

    def clean_npi(self):
        npi = self.cleaned_data.get("npi", "").strip()
        if npi and not NPI_PATTERN.match(npi):
            raise forms.ValidationError("An NPI is exactly 10 digits.")
        return npi

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sort") == SortOrder.DISTANCE and not self.data.get("location"):
            self.add_error("sort", "Give a location to sort by distance.")
        return cleaned


class SharedFields(dict):
    """A form class's fields that its instances share instead of copying.

    Django deep-copies a form's fields for each instance, so that one form may
    change its own (its choices, a widget's attributes): about 0.4 ms a search,
    a twentieth of an API search's CPU. The search form never changes a field
    (errors and values live on the form and its bound fields), so every search
    reads the same ones.
    """

    def __deepcopy__(self, memo):
        return dict(self)


class YesNoField(forms.Field):
    """true or false (1 or 0, yes or no too). Anything else is an error, never
    silently ignored: "telehealth=maybe" must not show everyone."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "1", "yes"):
            return True
        if text in ("false", "0", "no"):
            return False
        raise forms.ValidationError("Use true or false.", code="invalid")


class YesNoFilter(django_filters.BooleanFilter):
    field_class = YesNoField


def _text(label: str, **kwargs) -> dict:
    return {"label": label, "max_length": MAX_TEXT_LENGTH, **kwargs}


# The filters `SpecialistFilter.filter_queryset` applies as one: a walk from
# the place, within the radius, in the order asked for.
ACTING_TOGETHER = ("location", "radius", "sort")


class SpecialistFilter(django_filters.FilterSet):
    """Searches the search index (`SearchEntry.objects`): every row is a
    published listing at one location; `CappedPaginator` pages it by
    specialist."""

    # Location, radius and sort act together, in `filter_queryset`.
    location = django_filters.CharFilter(
        **_text(
            "ZIP code, city or address",
            help_text="A ZIP code (15213), a city and state (Pittsburgh, PA), an "
            "address, or latitude,longitude.",
        ),
    )
    radius = django_filters.NumberFilter(
        label="Within (miles)",
        min_value=MIN_RADIUS_MI,
        max_value=MAX_RADIUS_MI,
        help_text=f"Miles from the location, {MIN_RADIUS_MI} to {MAX_RADIUS_MI}; "
        f"{DEFAULT_RADIUS_MI} if not given.",
        error_messages={
            "invalid": "The distance must be a number of miles, such as 25.",
            "min_value": f"The distance must be at least {MIN_RADIUS_MI} mile.",
            "max_value": f"The distance can be at most {MAX_RADIUS_MI} miles.",
        },
    )
    procedure = django_filters.CharFilter(
        method="by_procedure",
        **_text("Procedure", help_text="A procedure's slug or any of its names."),
    )
    specialty = django_filters.CharFilter(
        method="by_specialty",
        **_text("Specialty", help_text="A specialty's slug or NUCC taxonomy code."),
    )
    q = django_filters.CharFilter(
        method="by_name", **_text("Name", help_text="All or part of the name.")
    )
    accepting_new_patients = YesNoFilter(
        field_name="accepting_new_patients",
        lookup_expr="exact",
        label="Accepting new patients",
    )
    telehealth = YesNoFilter(
        field_name="telehealth", lookup_expr="exact", label="Offers telehealth"
    )
    accepts_medicare = YesNoFilter(
        method="by_medicare",
        label="Accepts Medicare assignment",
        help_text="yes: only specialists whose location shown accepts Medicare "
        "assignment (Doctors and Clinicians file, ind_assgn Y); no: only the "
        "others.",
    )
    language = django_filters.ChoiceFilter(
        method="by_language",
        choices=Language.choices,
        label="Language spoken",
        error_messages={"invalid_choice": "Choose a language from the list."},
    )
    sort = django_filters.ChoiceFilter(
        choices=SortOrder.choices,
        label="Sort",
        help_text="Nearest first when a location is given, otherwise by name.",
        error_messages={
            "invalid_choice": "Sort by distance, by name or by experience."
        },
    )
    npi = django_filters.CharFilter(
        method="by_npi",
        label="NPI",
        max_length=10,
        min_length=10,
        help_text="The 10-digit National Provider Identifier.",
        error_messages={
            "min_length": "An NPI is exactly 10 digits.",
            "max_length": "An NPI is exactly 10 digits.",
        },
    )

    class Meta:
        model = SearchEntry
        form = SearchForm
        fields = []

    # django-filter deep-copies every filter, and builds the form class and
    # each of its fields, for every search: about a millisecond of CPU, as much
    # as the rest of the form. A filter here holds nothing of a search but its
    # `parent` and `model`, so a shallow copy a search does; the fields are the
    # same for every search, so the form class is built once (and its form
    # instances share them: `SharedFields`).
    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, base in self.base_filters.items():
            filter_ = copy.copy(base)
            filter_.method = base.method  # a method filter calls the copy's parent
            filter_.model, filter_.parent = queryset.model, self
            self.filters[name] = filter_

    @classmethod
    @functools.cache
    def _form_class(cls) -> type[forms.Form]:
        fields = {
            name: copy.deepcopy(filter_).field
            for name, filter_ in cls.base_filters.items()
        }
        form_class = type(f"{cls.__name__}Form", (cls._meta.form,), fields)
        form_class.base_fields = SharedFields(form_class.base_fields)
        return form_class

    def get_form_class(self) -> type[forms.Form]:
        return self._form_class()

    @property
    def place(self):
        """The geocoded location, once the form is valid; else None."""
        return self.form.cleaned_data.get("location") if self.is_valid() else None

    @property
    def point(self):
        """The point the search walks from (`SearchEntryQuerySet.near`), or None."""
        place = self.place
        return place.point if place is not None else None

    def by_procedure(self, queryset, name, procedure):
        return queryset.performing(procedure)

    def by_specialty(self, queryset, name, specialty):
        return queryset.practicing(specialty)

    def by_name(self, queryset, name, text):
        # A 10-digit NPI typed in the name box finds that listing.
        if NPI_PATTERN.match(text.strip()):
            return queryset.with_npi(text.strip())
        return queryset.named(text)

    def by_npi(self, queryset, name, npi):
        return queryset.with_npi(npi)

    def by_medicare(self, queryset, name, accepts):
        return queryset.accepting_medicare(accepts)

    def by_language(self, queryset, name, language):
        return queryset.speaking(language)

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        # Not super(): the form also carries `page`, which is not a filter, and
        # location, radius and sort act together, below.
        for name, filter_ in self.filters.items():
            if name not in ACTING_TOGETHER:
                queryset = filter_.filter(queryset, data.get(name))
        place = data.get("location")
        if place is not None:
            radius = data.get("radius") or DEFAULT_RADIUS_MI
            queryset = queryset.near(place.point, radius_mi=float(radius))
        inside_radius = place is not None
        if data.get("sort") == SortOrder.EXPERIENCE:
            queryset = queryset.by_experience(
                data.get("procedure"), inside_radius=inside_radius
            )
        elif place is None or data.get("sort") == SortOrder.NAME:
            queryset = queryset.by_name(inside_radius=inside_radius)
        return queryset
