"""What each FHIR resource is built from: narrow `values()` rows of the public
listings, shared by the API and the bulk export. No model instances."""

from django.contrib.gis.db.models import GeometryField
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import CharField, F, FloatField, Func, OuterRef, QuerySet
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Cast, Greatest

from providers import listing_values
from providers.models import Location, Practice, Procedure, Specialist, Specialty

PRACTITIONER_FIELDS = [
    "id",
    "npi",
    "first_name",
    "middle_name",
    "last_name",
    "credentials",
    "languages",
    "licenses",
    "last_verified",
    "updated",
]
LOCATION_FIELDS = [
    "id",
    *listing_values.LOCATION_FIELDS,
    "latitude",
    "longitude",
    "updated",
]
ROLE_FIELDS = [
    "id",
    "specialist_id",
    "location_id",
    "first_name",
    "middle_name",
    "last_name",
    "credentials",
    "location_name",
    "phone",
    "accepting_new_patients",
    "last_verified",
    "specialty_ids",
    "procedure_ids",
    "last_updated",
]


# A FHIR instant (UTC, to the millisecond) as PostgreSQL writes it, for the
# bulk export: the same text resources.instant() makes from a datetime.
INSTANT = """to_char(%(expressions)s AT TIME ZONE 'UTC',
    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"""


def with_instant(queryset: QuerySet) -> QuerySet:
    """`queryset` with `instant`: its `last_updated` as FHIR instant text."""
    return queryset.annotate(
        instant=Func(F("last_updated"), template=INSTANT, output_field=CharField())
    )


def practitioners() -> QuerySet:
    """Published specialists, as Practitioner rows, with the state licenses the
    registry gave (None for a listing no import made)."""
    return Specialist.objects.published().annotate(
        last_updated=F("updated"),
        licenses=KeyTransform("licenses", "source_record__values"),
    )


def locations() -> QuerySet:
    """Locations where a published specialist practices, as Location rows, with
    the point's latitude and longitude as numbers (ST_Y and ST_X: building GEOS
    points in Python costs more than the rest of the resource)."""
    geometry = Cast("point", GeometryField(srid=4326))
    return Location.objects.public().annotate(
        last_updated=F("updated"),
        latitude=Func(geometry, function="ST_Y", output_field=FloatField()),
        longitude=Func(geometry, function="ST_X", output_field=FloatField()),
    )


def roles() -> QuerySet:
    """Practices (a published specialist at a location), as PractitionerRole
    rows: the specialist's specialty and procedure ids come as arrays, one
    subquery each, so a page or an export needs no query per row."""
    specialties = Specialist.specialties.through.objects.filter(
        specialist_id=OuterRef("specialist_id")
    ).values("specialty_id")
    procedures = Specialist.procedures.through.objects.filter(
        specialist_id=OuterRef("specialist_id")
    ).values("procedure_id")
    return Practice.objects.filter(specialist__status="published").annotate(
        first_name=F("specialist__first_name"),
        middle_name=F("specialist__middle_name"),
        last_name=F("specialist__last_name"),
        credentials=F("specialist__credentials"),
        location_name=F("location__name"),
        phone=F("location__phone"),
        accepting_new_patients=F("specialist__accepting_new_patients"),
        last_verified=F("specialist__last_verified"),
        specialty_ids=ArraySubquery(specialties),
        procedure_ids=ArraySubquery(procedures),
        last_updated=Greatest("specialist__updated", "location__updated"),
    )


def services() -> QuerySet:
    """Procedures, as HealthcareService rows."""
    return Procedure.objects.annotate(last_updated=F("updated"))


def catalog() -> tuple[dict, dict]:
    """Specialties and procedures by id: a few hundred rows, read once per
    request or export so that roles carry only ids."""
    specialties = {
        row["id"]: row for row in Specialty.objects.values("id", "code", "name")
    }
    procedures = {
        row["id"]: row for row in Procedure.objects.values("id", "slug", "name")
    }
    return specialties, procedures
