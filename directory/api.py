"""The JSON API: published specialists, searched with the same FilterSet as /find/."""

from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from directory.filters import (
    MAX_RADIUS_MI,
    MAX_TEXT_LENGTH,
    MIN_RADIUS_MI,
    SortOrder,
    SpecialistFilter,
)
from directory.pagination import COUNT_CAP, PAGE_SIZE, CappedPaginator
from providers.evidence import SOURCE, procedure_evidence
from providers.models import (
    Language,
    Location,
    Procedure,
    SearchEntry,
    Specialist,
    Specialty,
)
from providers.practices import education, hospital_details, practice_details
from web.notice import NOTICE_TEXT

# Null when no location was searched.
PRECISION_HELP = (
    'How exactly latitude and longitude place this location: "rooftop" (the '
    'address itself), "street", "manual" (placed by hand), or "zip" and '
    '"city", where the point is only the centre of the ZIP code or the city '
    '(most listings imported from the registry). A distance to a "zip" or '
    '"city" point is a distance to that centre: the address may be a few miles '
    'either way, so pages say "In ZIP 15213, about 3 miles away (measured to '
    "the ZIP's centre)\" rather than a figure to a tenth of a mile."
)
DISTANCE_HELP = (
    "Miles from the searched place to the location's point, to a tenth of a "
    "mile; only as exact as the location's precision (see precision)."
)
DISTANCE = serializers.FloatField(allow_null=True, help_text=DISTANCE_HELP)

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Messages by parameter, such as "
    '{"radius": ["The distance can be at most 500 miles."]}; or a "detail" '
    "message for an address that cannot be read.",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
    },
}
ERRORS = {
    414: OpenApiResponse(
        DETAIL,
        description="The request line is longer than 4,094 bytes (past 8,190 "
        "bytes gunicorn itself answers, with a plain page).",
    ),
    429: OpenApiResponse(
        DETAIL, description="Too many requests from this client: see Retry-After."
    ),
    503: OpenApiResponse(
        DETAIL, description="The database is unavailable: see Retry-After."
    ),
}


def _parameter(name: str, schema: dict) -> OpenApiParameter:
    """A search parameter as the form reads it, which the schema django-filter
    gives would not say: its bounds, and that an empty value (as an HTML form
    sends) is the same as leaving it out."""
    help_text = SpecialistFilter.base_filters[name].extra.get("help_text", "")
    return OpenApiParameter(
        name,
        {"anyOf": [schema, {"type": "string", "maxLength": 0}]},
        description=help_text,
    )


# Medicare assignment as the API names it (ind_assgn Y, M); null: not known.
ASSIGNMENT_NAMES = {"Y": "accepts", "M": "may_accept"}
MEDICARE_ASSIGNMENT = ["accepts", "may_accept"]
YES_NO = {"type": "string", "enum": ["true", "false", "1", "0", "yes", "no"]}

SEARCH_PARAMETERS = [
    _parameter(
        "radius", {"type": "number", "minimum": MIN_RADIUS_MI, "maximum": MAX_RADIUS_MI}
    ),
    *[
        _parameter(name, {"type": "string", "maxLength": MAX_TEXT_LENGTH})
        for name in ("location", "procedure", "specialty", "q")
    ],
    _parameter("accepting_new_patients", YES_NO),
    _parameter("telehealth", YES_NO),
    _parameter("accepts_medicare", YES_NO),
    _parameter("language", {"type": "string", "enum": Language.values}),
    _parameter("sort", {"type": "string", "enum": [v for v, _ in SortOrder.choices]}),
    _parameter("npi", {"type": "string", "pattern": "^[0-9]{10}$"}),
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1},
        description=f"The page of results, from 1; {PAGE_SIZE} a page.",
    ),
]


class SpecialtySerializer(serializers.ModelSerializer):
    class Meta:
        model = Specialty
        fields = ["code", "name", "slug"]


class ProcedureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Procedure
        fields = ["slug", "name"]


class LocationSerializer(serializers.ModelSerializer):
    latitude = serializers.SerializerMethodField()
    longitude = serializers.SerializerMethodField()
    distance_miles = serializers.SerializerMethodField()

    class Meta:
        model = Location
        # The API's own contract: it does not change when moderation does.
        fields = [
            "name",
            "address_line1",
            "address_line2",
            "city",
            "state",
            "zip_code",
            "phone",
            "hours",
            "latitude",
            "longitude",
            "precision",
            "distance_miles",
        ]
        extra_kwargs = {"precision": {"help_text": PRECISION_HELP}}

    def get_latitude(self, location) -> float:
        return round(location.point.y, 6)

    def get_longitude(self, location) -> float:
        return round(location.point.x, 6)

    @extend_schema_field(DISTANCE)
    def get_distance_miles(self, location) -> float | None:
        distance = getattr(location, "distance", None)
        return None if distance is None else round(distance.mi, 1)


class SpecialistSerializer(serializers.ModelSerializer):
    """One listing, from the model: the detail view."""

    name = serializers.CharField(source="display_name")
    url = serializers.SerializerMethodField()
    distance_miles = serializers.SerializerMethodField()
    nearest_location = serializers.SerializerMethodField()
    specialties = SpecialtySerializer(many=True)
    procedures = ProcedureSerializer(many=True)
    notice = serializers.SerializerMethodField()

    class Meta:
        model = Specialist
        fields = [
            "slug",
            "url",
            "npi",
            "name",
            "first_name",
            "last_name",
            "credentials",
            "distance_miles",
            "nearest_location",
            "specialties",
            "procedures",
            "languages",
            "accepting_new_patients",
            "telehealth",
            "last_verified",
            "notice",
        ]

    def get_url(self, specialist) -> str:
        return _absolute(self.context.get("request"), specialist.get_absolute_url())

    @extend_schema_field(DISTANCE)
    def get_distance_miles(self, specialist) -> float | None:
        return None  # a listing on its own is at no distance from anything

    @extend_schema_field(LocationSerializer(allow_null=True))
    def get_nearest_location(self, specialist):
        locations = specialist.ordered_locations
        return LocationSerializer(locations[0]).data if locations else None

    def get_notice(self, specialist) -> str:
        return NOTICE_TEXT


class ProcedureEvidenceSerializer(serializers.Serializer):
    """A declared or Medicare-billed procedure, with its Medicare Part B volume."""

    procedure = ProcedureSerializer()
    declared = serializers.BooleanField(help_text="The specialist lists it.")
    source = serializers.SerializerMethodField()
    year = serializers.IntegerField(allow_null=True)
    services = serializers.IntegerField(
        allow_null=True, help_text="Null: not shown (fewer than 11 patients)."
    )
    beneficiaries = serializers.IntegerField(allow_null=True)
    text = serializers.CharField()

    def get_source(self, evidence) -> str | None:
        return SOURCE if evidence.year is not None else None


class ResultLocationSerializer(serializers.Serializer):
    name = serializers.CharField()
    address_line1 = serializers.CharField()
    address_line2 = serializers.CharField()
    city = serializers.CharField()
    state = serializers.CharField()
    zip_code = serializers.CharField()
    phone = serializers.CharField()
    hours = serializers.CharField()
    latitude = serializers.SerializerMethodField()
    longitude = serializers.SerializerMethodField()
    precision = serializers.CharField(help_text=PRECISION_HELP)

    def get_latitude(self, location) -> float:
        return round(location.latitude, 6)

    def get_longitude(self, location) -> float:
        return round(location.longitude, 6)


class NamedSpecialtySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    slug = serializers.CharField()


class NamedProcedureSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class SearchResultSerializer(serializers.Serializer):
    """One search result (a `directory.results.SearchResult`, not a model)."""

    slug = serializers.CharField()
    url = serializers.SerializerMethodField()
    npi = serializers.CharField()
    name = serializers.CharField(source="display_name")
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    credentials = serializers.CharField()
    distance_miles = serializers.SerializerMethodField(
        help_text="Miles to the nearest location, when a location was searched; "
        "only as exact as nearest_location.precision."
    )
    nearest_location = ResultLocationSerializer(source="location")
    specialties = NamedSpecialtySerializer(many=True)
    procedures = NamedProcedureSerializer(many=True)
    languages = serializers.ListField(child=serializers.CharField())
    accepting_new_patients = serializers.BooleanField(
        allow_null=True, help_text="Null: not known (no source and not the provider)."
    )
    telehealth = serializers.BooleanField(allow_null=True, help_text="Null: not known.")
    medicare_assignment = serializers.SerializerMethodField(
        help_text="At the location shown, from Medicare's Doctors and Clinicians "
        "file: accepts (ind_assgn Y), may_accept (M); null: not known."
    )
    last_verified = serializers.DateField(allow_null=True)
    notice = serializers.SerializerMethodField()

    def get_url(self, result) -> str:
        return _absolute(self.context.get("request"), result.get_absolute_url())

    @extend_schema_field(
        serializers.ChoiceField(choices=MEDICARE_ASSIGNMENT, allow_null=True)
    )
    def get_medicare_assignment(self, result) -> str | None:
        return ASSIGNMENT_NAMES.get(result.medicare_assignment)

    @extend_schema_field(DISTANCE)
    def get_distance_miles(self, result) -> float | None:
        return None if result.distance_mi is None else round(result.distance_mi, 1)

    def get_notice(self, result) -> str:
        return NOTICE_TEXT


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request else path


def request_origin(request) -> str:
    """The scheme and host the request came to: what `build_absolute_uri`
    puts before a path."""
    return request.build_absolute_uri("/").removesuffix("/")


def search_result_json(result, origin: str) -> dict:
    """One search result exactly as `SearchResultSerializer` gives it (the
    serializer stays the schema's description, and a test holds the two equal),
    built directly: DRF's fields cost about as much as the search itself.
    `origin`: the site's scheme and host, such as "https://example.org", read
    from the request once a page (`request_origin`)."""
    location = result.location
    return {
        "slug": result.slug,
        "url": origin + result.get_absolute_url(),
        "npi": result.npi,
        "name": result.display_name,
        "first_name": result.first_name,
        "last_name": result.last_name,
        "credentials": result.credentials,
        "distance_miles": (
            None if result.distance_mi is None else round(result.distance_mi, 1)
        ),
        "nearest_location": {
            "name": location.name,
            "address_line1": location.address_line1,
            "address_line2": location.address_line2,
            "city": location.city,
            "state": location.state,
            "zip_code": location.zip_code,
            "phone": location.phone,
            "hours": location.hours,
            "latitude": round(location.latitude, 6),
            "longitude": round(location.longitude, 6),
            "precision": location.precision,
        },
        "specialties": [
            {"code": s.code, "name": s.name, "slug": s.slug} for s in result.specialties
        ],
        "procedures": [{"slug": p.slug, "name": p.name} for p in result.procedures],
        "languages": list(result.languages),
        "accepting_new_patients": result.accepting_new_patients,
        "telehealth": result.telehealth,
        "medicare_assignment": ASSIGNMENT_NAMES.get(result.medicare_assignment),
        "last_verified": (
            None if result.last_verified is None else result.last_verified.isoformat()
        ),
        "notice": NOTICE_TEXT,
    }


class GroupSerializer(serializers.Serializer):
    pac_id = serializers.CharField(help_text="The group's Medicare PAC ID.")
    name = serializers.CharField()
    members = serializers.IntegerField(allow_null=True)


class PracticeSerializer(serializers.Serializer):
    """A practice location with what Medicare's files say of it, and which
    sources confirm it."""

    location = LocationSerializer()
    groups = GroupSerializer(many=True, help_text="Empty: solo or not known.")
    medicare_assignment = serializers.SerializerMethodField()
    telehealth = serializers.BooleanField(
        help_text="The Doctors and Clinicians file says telehealth here."
    )
    medicare_month = serializers.DateField(
        allow_null=True,
        help_text="The month of the Doctors and Clinicians file that lists the "
        "specialist here; null when none does.",
    )
    confirmed_by = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.ChoiceField(choices=MEDICARE_ASSIGNMENT, allow_null=True)
    )
    def get_medicare_assignment(self, practice) -> str | None:
        return ASSIGNMENT_NAMES.get(practice.assignment)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_confirmed_by(self, practice) -> list[str]:
        return [str(confirmation) for confirmation in practice.confirmations]


class HospitalSerializer(serializers.Serializer):
    """A hospital the specialist is affiliated with (Medicare's Facility
    Affiliation file); in FHIR, the PractitionerRole aff-<id>-<CCN>."""

    ccn = serializers.CharField(help_text="CMS Certification Number.")
    name = serializers.CharField()
    city = serializers.CharField()
    state = serializers.CharField()
    source = serializers.CharField(
        help_text="Where the affiliation comes from, with the file's month: "
        '"Medicare\'s Facility Affiliation file, November 2026".'
    )
    month = serializers.DateField(
        allow_null=True,
        help_text="The month (its first day) of the Facility Affiliation file "
        "that lists the affiliation; null when not known.",
    )


class EducationSerializer(serializers.Serializer):
    text = serializers.CharField()
    source = serializers.CharField()


class SpecialistDetailSerializer(SpecialistSerializer):
    locations = LocationSerializer(many=True, source="ordered_locations")
    practices = serializers.SerializerMethodField()
    hospitals = serializers.SerializerMethodField()
    education = serializers.SerializerMethodField()
    profile = serializers.CharField(source="bio")
    procedure_volumes = serializers.SerializerMethodField()

    class Meta(SpecialistSerializer.Meta):
        fields = [
            *SpecialistSerializer.Meta.fields,
            "locations",
            "practices",
            "hospitals",
            "education",
            "profile",
            "procedure_volumes",
        ]

    @extend_schema_field(PracticeSerializer(many=True))
    def get_practices(self, specialist):
        return PracticeSerializer(practice_details(specialist), many=True).data

    @extend_schema_field(HospitalSerializer(many=True))
    def get_hospitals(self, specialist):
        return HospitalSerializer(hospital_details(specialist), many=True).data

    @extend_schema_field(EducationSerializer(allow_null=True))
    def get_education(self, specialist):
        found = education(specialist)
        return EducationSerializer(found).data if found else None

    @extend_schema_field(ProcedureEvidenceSerializer(many=True))
    def get_procedure_volumes(self, specialist):
        evidence = procedure_evidence(specialist)
        return ProcedureEvidenceSerializer(evidence, many=True).data


class SearchPagination(PageNumberPagination):
    """Pages of 20 with the count capped at 500 ("more": true beyond it)."""

    page_size = PAGE_SIZE
    invalid_page_message = "There is no page {page_number}: {message}."
    # The place the search walks from, set by the view before paging.
    point = None

    def django_paginator_class(self, queryset, page_size):
        return CappedPaginator(queryset, page_size, point=self.point)

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as error:
            # A page past the end is a bad parameter, not a missing resource.
            raise ValidationError({"page": [str(error.detail)]}) from None

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "more": self.page.paginator.more,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["more"] = {
            "type": "boolean",
            "description": f"True when more than {COUNT_CAP} specialists match; "
            f"count stops at {COUNT_CAP}.",
        }
        return response


@extend_schema_view(
    list=extend_schema(
        parameters=SEARCH_PARAMETERS,
        responses={
            200: SearchResultSerializer(many=True),
            400: OpenApiResponse(FIELD_ERRORS, description="Bad parameters."),
            **ERRORS,
        },
    ),
    retrieve=extend_schema(
        parameters=[OpenApiParameter("slug", str, OpenApiParameter.PATH)],
        responses={
            200: SpecialistDetailSerializer,
            400: OpenApiResponse(DETAIL, description="An address that cannot be read."),
            404: OpenApiResponse(DETAIL, description="No published listing here."),
            **ERRORS,
        },
    ),
)
class SpecialistViewSet(viewsets.ReadOnlyModelViewSet):
    """Published specialists. With `location`, nearest first within `radius` miles."""

    queryset = SearchEntry.objects.all()
    filter_backends = [DjangoFilterBackend]
    filterset_class = SpecialistFilter
    pagination_class = SearchPagination
    lookup_field = "slug"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return SpecialistDetailSerializer
        return SearchResultSerializer

    def list(self, request, *args, **kwargs):
        filterset = DjangoFilterBackend().get_filterset(
            request, self.get_queryset(), self
        )
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        self.paginator.point = filterset.point
        page = self.paginate_queryset(filterset.qs)
        origin = request_origin(request)
        return self.get_paginated_response(
            [search_result_json(result, origin) for result in page]
        )

    def get_object(self):
        # The detail view takes no search parameters: just the listing.
        specialist = get_object_or_404(
            Specialist.objects.published().for_listing(), slug=self.kwargs["slug"]
        )
        self.check_object_permissions(self.request, specialist)
        return specialist
