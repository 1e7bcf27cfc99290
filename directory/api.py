"""The JSON API: published specialists, searched with the same FilterSet as /find/."""

from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from directory.filters import SpecialistFilter
from directory.notice import NOTICE_TEXT
from directory.pagination import COUNT_CAP, PAGE_SIZE, CappedPaginator
from providers.evidence import SOURCE, procedure_evidence
from providers.models import Location, Procedure, SearchEntry, Specialist, Specialty


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

    def get_latitude(self, location) -> float:
        return round(location.point.y, 6)

    def get_longitude(self, location) -> float:
        return round(location.point.x, 6)

    @extend_schema_field(OpenApiTypes.FLOAT)
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

    @extend_schema_field(OpenApiTypes.FLOAT)
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
    precision = serializers.CharField()

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
        help_text="Miles to the nearest location, when a location was searched."
    )
    nearest_location = ResultLocationSerializer(source="location")
    specialties = NamedSpecialtySerializer(many=True)
    procedures = NamedProcedureSerializer(many=True)
    languages = serializers.ListField(child=serializers.CharField())
    accepting_new_patients = serializers.BooleanField()
    telehealth = serializers.BooleanField()
    last_verified = serializers.DateField(allow_null=True)
    notice = serializers.SerializerMethodField()

    def get_url(self, result) -> str:
        return _absolute(self.context.get("request"), result.get_absolute_url())

    @extend_schema_field(OpenApiTypes.FLOAT)
    def get_distance_miles(self, result) -> float | None:
        return None if result.distance_mi is None else round(result.distance_mi, 1)

    def get_notice(self, result) -> str:
        return NOTICE_TEXT


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request else path


class SpecialistDetailSerializer(SpecialistSerializer):
    locations = LocationSerializer(many=True, source="ordered_locations")
    profile = serializers.CharField(source="bio")
    procedure_volumes = serializers.SerializerMethodField()

    class Meta(SpecialistSerializer.Meta):
        fields = [
            *SpecialistSerializer.Meta.fields,
            "locations",
            "profile",
            "procedure_volumes",
        ]

    @extend_schema_field(ProcedureEvidenceSerializer(many=True))
    def get_procedure_volumes(self, specialist):
        evidence = procedure_evidence(specialist)
        return ProcedureEvidenceSerializer(evidence, many=True).data


class SearchPagination(PageNumberPagination):
    """Pages of 20 with the count capped at 500 ("more": true beyond it)."""

    page_size = PAGE_SIZE
    django_paginator_class = CappedPaginator
    invalid_page_message = "There is no page {page_number}: {message}."

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
    retrieve=extend_schema(
        parameters=[OpenApiParameter("slug", str, OpenApiParameter.PATH)]
    )
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

    def get_object(self):
        # The detail view takes no search parameters: just the listing.
        specialist = get_object_or_404(
            Specialist.objects.published().for_listing(), slug=self.kwargs["slug"]
        )
        self.check_object_permissions(self.request, specialist)
        return specialist
