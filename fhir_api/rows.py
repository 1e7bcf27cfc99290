"""What each FHIR resource is built from: narrow `values()` rows of the public
listings, shared by the API and the bulk export. No model instances."""

from django.contrib.gis.db.models import GeometryField
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Cast, Concat, Greatest

from providers import listing_values
from providers.choices import ListingStatus
from providers.models import (
    Affiliation,
    EnrollmentLine,
    Group,
    Hospital,
    Location,
    Practice,
    Procedure,
    Specialist,
    Specialty,
)

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
    "medicare_assignment",
    "last_verified",
    "specialty_ids",
    "procedure_ids",
    "organization_pac_id",
    "organization_name",
    "last_updated",
]
# Groups and hospitals side by side (a UNION): every column an annotation of
# its own name, so that both halves select the same columns in the same order.
ORGANIZATION_FIELDS = [
    "fhir_id",
    "kind",
    "org_identifier",
    "org_name",
    "org_members",
    "org_address",
    "org_city",
    "org_state",
    "org_zip_code",
    "org_phone",
]
# A hospital affiliation's role (NDH: the practitioner's role at the hospital,
# with no location): what its resource is built from.
AFFILIATION_FIELDS = [
    "fhir_id",
    "kind",
    "specialist_id",
    "first_name",
    "middle_name",
    "last_name",
    "credentials",
    "specialty_ids",
    "hospital_ccn",
    "hospital_name",
    "hospital_city",
    "hospital_state",
    "file_date",
]
GROUP_PREFIX = "pac-"
HOSPITAL_PREFIX = "ccn-"
# aff-<Practitioner id>-<CCN>: the keys of the practitioner and the hospital,
# so the id stays the same across imports (the table's own key need not).
AFFILIATION_PREFIX = "aff-"
AFFILIATION = "affiliation"  # the `kind` of an affiliation's row


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
    procedures = Specialist.procedures.through.objects.filter(
        specialist_id=OuterRef("specialist_id")
    ).values("procedure_id")
    # A role names one group: the first by name (as the profile lists them)
    # when the clinician bills through several at this address.
    lines = EnrollmentLine.objects.filter(
        specialist_id=OuterRef("specialist_id"),
        location_id=OuterRef("location_id"),
        group__isnull=False,
    )
    group = lines.order_by("group__name", "group__pac_id")[:1]
    # Most roles bill through no group: asking first whether a line exists
    # (a probe, or one hash of the lines for a whole export) spares them the
    # sorted subquery, which was most of the role query's time in the bulk
    # export (bench/RESULTS.md).
    billed = Exists(lines)
    return Practice.objects.filter(specialist__status="published").annotate(
        first_name=F("specialist__first_name"),
        middle_name=F("specialist__middle_name"),
        last_name=F("specialist__last_name"),
        credentials=F("specialist__credentials"),
        location_name=F("location__name"),
        phone=F("location__phone"),
        accepting_new_patients=F("specialist__accepting_new_patients"),
        last_verified=F("specialist__last_verified"),
        specialty_ids=_specialties(),
        procedure_ids=ArraySubquery(procedures),
        organization_pac_id=Case(
            When(billed, then=Subquery(group.values("group__pac_id")))
        ),
        organization_name=Case(
            When(billed, then=Subquery(group.values("group__name")))
        ),
        last_updated=Greatest("specialist__updated", "location__updated"),
    )


def _specialties() -> ArraySubquery:
    """The ids of the specialist's specialties (OuterRef specialist_id)."""
    return ArraySubquery(
        Specialist.specialties.through.objects.filter(
            specialist_id=OuterRef("specialist_id")
        ).values("specialty_id")
    )


def affiliations() -> QuerySet:
    """Hospital affiliations of published specialists (Medicare's Facility
    Affiliation file), as PractitionerRole rows (id aff-<specialist>-<CCN>).
    A role changes when its specialist, its hospital or the affiliation (the
    month of the file that lists it) does."""
    return Affiliation.objects.filter(
        specialist__status=ListingStatus.PUBLISHED
    ).annotate(
        fhir_id=Concat(
            _text(AFFILIATION_PREFIX),
            Cast("specialist_id", CharField()),
            _text("-"),
            "hospital__ccn",
        ),
        kind=_text(AFFILIATION),
        first_name=F("specialist__first_name"),
        middle_name=F("specialist__middle_name"),
        last_name=F("specialist__last_name"),
        credentials=F("specialist__credentials"),
        specialty_ids=_specialties(),
        hospital_ccn=F("hospital__ccn"),
        hospital_name=F("hospital__name"),
        hospital_city=F("hospital__city"),
        hospital_state=F("hospital__state"),
        last_updated=Greatest("updated", "specialist__updated", "hospital__updated"),
    )


def affiliation_key(id_: str) -> tuple[int, str] | None:
    """(specialist id, CCN) of an affiliation role's id; None for any other."""
    specialist, dash, ccn = id_.removeprefix(AFFILIATION_PREFIX).partition("-")
    if not id_.startswith(AFFILIATION_PREFIX) or not dash:
        return None
    if not (specialist.isascii() and specialist.isdigit()) or len(specialist) > 18:
        return None
    return int(specialist), ccn


def _text(value: str = "") -> Value:
    return Value(value, output_field=CharField())


def groups() -> QuerySet:
    """Medicare groups (PAC IDs) through which a published clinician bills, as
    Organization rows (id pac-<PAC ID>)."""
    published = EnrollmentLine.objects.filter(
        group=OuterRef("pk"), specialist__status=ListingStatus.PUBLISHED
    )
    return Group.objects.filter(Exists(published)).annotate(
        fhir_id=Concat(_text(GROUP_PREFIX), "pac_id"),
        kind=_text("group"),
        org_identifier=F("pac_id"),
        org_name=F("name"),
        org_members=F("members"),
        org_address=_text(),
        org_city=_text(),
        org_state=_text(),
        org_zip_code=_text(),
        org_phone=_text(),
        last_updated=F("updated"),
    )


def hospitals() -> QuerySet:
    """Hospitals of Hospital General Information, as Organization rows (id
    ccn-<CCN>)."""
    return Hospital.objects.annotate(
        fhir_id=Concat(_text(HOSPITAL_PREFIX), "ccn"),
        kind=_text("hospital"),
        org_identifier=F("ccn"),
        org_name=F("name"),
        org_members=Value(None, output_field=IntegerField()),
        org_address=F("address"),
        org_city=F("city"),
        org_state=F("state"),
        org_zip_code=F("zip_code"),
        org_phone=F("phone"),
        last_updated=F("updated"),
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
