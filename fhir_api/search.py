"""The search parameters of each resource type: one registry that the views
apply and the CapabilityStatement lists, so the two cannot drift apart.

Each parameter's `apply(search, values, modifier)` narrows a `Search`: the
rows of the resource type, and for PractitionerRole the published specialists
it draws from, both as listings and as rows of the search index, so that
`location.near` walks the index as /find/ does (`SearchEntry.objects.near`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from fhir_api import codes, rows, values
from fhir_api.values import BadParameter
from providers.catalog import catalog
from providers.choices import Assignment
from providers.models import Procedure, SearchEntry, Specialist, Specialty


@dataclass
class Search:
    rows: QuerySet
    # PractitionerRole: whose roles, as listings and as search index rows
    specialists: QuerySet | None = None
    entries: QuerySet | None = None
    near: values.Near | None = None
    # Organization: the hospitals beside the groups (`rows`)
    hospitals: QuerySet | None = None
    # PractitionerRole: the hospital affiliations beside the practices (`rows`)
    affiliations: QuerySet | None = None


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # the FHIR search parameter type
    definition: str
    documentation: str
    apply: Callable[[Search, list[str], str], None]
    modifiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    """An _include (from this type) or _revinclude (to this type)."""

    name: str  # such as PractitionerRole:practitioner
    target: str  # the resource type it brings


@dataclass(frozen=True)
class ResourceType:
    name: str
    rows: Callable[[], QuerySet]
    params: dict[str, Param]
    includes: tuple[Link, ...] = ()
    revincludes: tuple[Link, ...] = ()
    id_field: str = "pk"
    id_pattern: str = "[0-9]+"


def _each(values_: list[str]) -> list[str]:
    """A parameter's values: repeated parameters and commas (OR) together."""
    return [v for value in values_ for v in value.split(",") if v]


# Parameters every type has -------------------------------------------------


def _by_id(id_field: str):
    def apply(search: Search, given: list[str], modifier: str):
        ids = _each(given)
        if id_field == "pk":
            ids = values.integer_ids(ids)
        search.rows = search.rows.filter(**{f"{id_field}__in": ids})

    return apply


def _last_updated(fields: list[str]):
    def apply(search: Search, given: list[str], modifier: str):
        for value in given:  # repeated: each must hold (a range)
            search.rows = search.rows.filter(
                values.date_condition("_lastUpdated", fields, value)
            )

    return apply


def _active(search: Search, given: list[str], modifier: str):
    wanted = {v.lower() for v in _each(given)}
    if not wanted <= {"true", "false"}:
        raise BadParameter("active", "active is true or false.")
    if "true" not in wanted:  # every listing served is active
        search.rows = search.rows.none()
        for part in ("hospitals", "affiliations"):
            if getattr(search, part) is not None:
                setattr(search, part, getattr(search, part).none())


def _strings(name: str, fields: list[str]):
    def apply(search: Search, given: list[str], modifier: str):
        for value in given:
            condition = Q()
            for each in value.split(","):
                condition |= values.string(fields, each, modifier)
            search.rows = search.rows.filter(condition)

    return apply


def _id_param(id_field: str = "pk") -> Param:
    return Param(
        "_id",
        "token",
        codes.core_search_parameter("Resource-id"),
        "Logical id; several separated by commas.",
        _by_id(id_field),
    )


def _last_updated_param(fields: list[str] = ("updated",)) -> Param:
    return Param(
        "_lastUpdated",
        "date",
        codes.core_search_parameter("Resource-lastUpdated"),
        "When the resource last changed, with a prefix ge, gt, le or lt (eq when "
        "none); repeat it for a range. Sync: _lastUpdated=gt<time of the last sync>.",
        _last_updated(list(fields)),
    )


LAST_UPDATED = _last_updated_param()
ACTIVE = Param(
    "active",
    "token",
    codes.core_search_parameter("Practitioner-active"),
    "Every resource served is active: true matches all, false none.",
    _active,
)


def _verification(specialist_prefix: str):
    def apply(search: Search, given: list[str], modifier: str):
        cutoff = timezone.localdate() - timedelta(
            days=settings.LISTING_STALE_AFTER_DAYS
        )
        field_ = f"{specialist_prefix}last_verified"
        condition = Q(pk__in=[])
        for value in _each(given):
            code = values.token("verification-status", value, system=codes.VERIFICATION)
            if code == "complete":
                condition |= Q(**{f"{field_}__gte": cutoff})
            elif code == "incomplete":
                condition |= Q(**{f"{field_}__lt": cutoff}) | Q(
                    **{f"{field_}__isnull": True}
                )
        search.rows = search.rows.filter(condition)

    return apply


# Practitioner ---------------------------------------------------------------


def _identifier(search: Search, given: list[str], modifier: str):
    npis = [values.token("identifier", v, system=codes.NPI) for v in _each(given)]
    search.rows = search.rows.filter(npi__in=[n for n in npis if n])


NAME_FIELDS = ["first_name", "middle_name", "last_name"]
STRING_MODIFIERS = ("contains", "exact")

PRACTITIONER = ResourceType(
    name="Practitioner",
    rows=rows.practitioners,
    params={
        p.name: p
        for p in [
            _id_param(),
            LAST_UPDATED,
            ACTIVE,
            Param(
                "identifier",
                "token",
                codes.core_search_parameter("Practitioner-identifier"),
                f"The NPI: {codes.NPI}|1234567893, or the number alone.",
                _identifier,
            ),
            Param(
                "name",
                "string",
                codes.core_search_parameter("Practitioner-name"),
                "The start of a given, middle or family name, ignoring case and "
                "accents.",
                _strings("name", NAME_FIELDS),
                STRING_MODIFIERS,
            ),
            Param(
                "family",
                "string",
                codes.core_search_parameter("individual-family"),
                "The start of the family name.",
                _strings("family", ["last_name"]),
                STRING_MODIFIERS,
            ),
            Param(
                "given",
                "string",
                codes.core_search_parameter("individual-given"),
                "The start of a given (or middle) name.",
                _strings("given", ["first_name", "middle_name"]),
                STRING_MODIFIERS,
            ),
            Param(
                "verification-status",
                "token",
                codes.ndh_search_parameter("practitioner-verification-status"),
                "complete: confirmed by the provider or a moderator within "
                f"{settings.LISTING_STALE_AFTER_DAYS} days; incomplete otherwise.",
                _verification(""),
            ),
        ]
    },
    revincludes=(Link("PractitionerRole:practitioner", "PractitionerRole"),),
)


# PractitionerRole -------------------------------------------------------------


def _practices_only(search: Search) -> None:
    """For a parameter on what only a practice role has (a location, services,
    new patients, Medicare assignment, verification): a hospital affiliation's
    role has none of them, so it never matches."""
    search.affiliations = search.affiliations.none()


def _role_id(search: Search, given: list[str], modifier: str):
    """Practice roles by number, affiliation roles by aff-<specialist>-<CCN>."""
    ids = _each(given)
    search.rows = search.rows.filter(pk__in=values.integer_ids(ids))
    condition = Q(pk__in=[])
    for specialist, ccn in filter(None, map(rows.affiliation_key, ids)):
        condition |= Q(specialist_id=specialist, hospital__ccn=ccn)
    search.affiliations = search.affiliations.filter(condition)


# What an affiliation role's meta.lastUpdated is the latest of.
AFFILIATION_UPDATED = ["updated", "specialist__updated", "hospital__updated"]


def _role_last_updated(search: Search, given: list[str], modifier: str):
    _last_updated(["specialist__updated", "location__updated"])(search, given, modifier)
    affiliations = Search(rows=search.affiliations)
    _last_updated(AFFILIATION_UPDATED)(affiliations, given, modifier)
    search.affiliations = affiliations.rows


def _role_code(search: Search, given: list[str], modifier: str):
    """role (PractitionerRole.code): only affiliation roles have one."""
    wanted = {values.token("role", v, system=codes.ROLE_KIND) for v in _each(given)}
    search.rows = search.rows.none()
    if codes.HOSPITAL_AFFILIATION not in wanted:
        search.affiliations = search.affiliations.none()


def _whose(search: Search) -> None:
    """Starts PractitionerRole's narrowing: every published specialist."""
    if search.specialists is None:
        search.specialists = Specialist.objects.published()
        search.entries = SearchEntry.objects.all()


def _narrow(search: Search, *, specialists: Q, entries: Q) -> None:
    """Narrows whose roles are searched, the same condition said twice: of
    the listings (a plain search) and of the search index (location.near)."""
    _whose(search)
    search.specialists = search.specialists.filter(specialists)
    search.entries = search.entries.filter(entries)


def _practitioner(search: Search, given: list[str], modifier: str):
    ids = values.integer_ids(
        [values.reference("practitioner", v, "Practitioner") for v in _each(given)]
    )
    _narrow(search, specialists=Q(pk__in=ids), entries=Q(specialist_id__in=ids))


def _practitioner_identifier(search: Search, given: list[str], modifier: str):
    npis = [
        values.token("practitioner.identifier", v, system=codes.NPI)
        for v in _each(given)
    ]
    npis = [n for n in npis if n]
    _narrow(search, specialists=Q(npi__in=npis), entries=Q(specialist__npi__in=npis))


def _practitioner_name(search: Search, given: list[str], modifier: str):
    for value in given:
        names = value.split(",")
        _narrow(
            search,
            specialists=_any_name(NAME_FIELDS, names, modifier),
            entries=_any_name(
                [f"specialist__{name}" for name in NAME_FIELDS], names, modifier
            ),
        )


def _any_name(fields: list[str], names: list[str], modifier: str) -> Q:
    condition = Q()
    for name in names:
        condition |= values.string(fields, name, modifier)
    return condition


def _role_location(search: Search, given: list[str], modifier: str):
    ids = values.integer_ids(
        [values.reference("location", v, "Location") for v in _each(given)]
    )
    search.rows = search.rows.filter(location_id__in=ids)
    _practices_only(search)


def _specialty(search: Search, given: list[str], modifier: str):
    wanted = [values.token("specialty", v, system=codes.NUCC) for v in _each(given)]
    found = Specialty.objects.filter(code__in=[c.upper() for c in wanted if c])
    _narrow(
        search,
        specialists=Q(specialties__in=found),
        entries=Q(specialty_ids__overlap=list(found.values_list("pk", flat=True))),
    )


def _service(search: Search, given: list[str], modifier: str):
    slugs = [values.reference("service", v, "HealthcareService") for v in _each(given)]
    found = Procedure.objects.filter(slug__in=slugs)
    _practices_only(search)
    _narrow(
        search,
        specialists=Q(procedures__in=found),
        entries=Q(procedure_ids__overlap=list(found.values_list("pk", flat=True))),
    )


def _procedure(search: Search, given: list[str], modifier: str):
    for text in given:
        procedure = catalog.procedure(text.strip())  # as /find/ reads it
        if procedure is None:
            raise BadParameter(
                "procedure",
                f"procedure: we don't list a procedure called “{text[:60]}”.",
            )
        _whose(search)
        _practices_only(search)
        search.specialists = search.specialists.performing(procedure)
        search.entries = search.entries.performing(procedure)


def _new_patient(search: Search, given: list[str], modifier: str):
    wanted = {
        values.token("new-patient", v, system=codes.ACCEPTING_PATIENTS)
        for v in _each(given)
    }
    accepting = [code == "newpt" for code in wanted if code in ("newpt", "nopt")]
    condition = Q(accepting_new_patients__in=accepting)
    _practices_only(search)
    _narrow(search, specialists=condition, entries=condition)


def _accepts_medicare(search: Search, given: list[str], modifier: str):
    """The page's and the API's accepts_medicare: the role's location accepts
    Medicare assignment (ind_assgn Y; "may accept" is not "accepts"), or with
    false, does not say so."""
    wanted = {v.lower() for v in _each(given)}
    if not wanted <= {"true", "false"}:
        raise BadParameter("accepts-medicare", "accepts-medicare is true or false.")
    _practices_only(search)
    if len(wanted) == 2:  # true OR false: every practice role
        return
    accepts = wanted == {"true"}
    accepting = Q(medicare_assignment=Assignment.ACCEPTS)
    search.rows = search.rows.filter(accepting if accepts else ~accepting)
    _whose(search)  # and the walk of location.near, row by row as /find/ does
    search.entries = search.entries.accepting_medicare(accepts)


def _organization_ids(parameter: str, given: list[str]) -> tuple[list, list]:
    """PAC IDs and CCNs of Organization references (pac-<PAC ID>, ccn-<CCN>)."""
    pac_ids, ccns = [], []
    for value in _each(given):
        id_ = values.reference(parameter, value, "Organization")
        if id_.startswith(rows.GROUP_PREFIX):
            pac_ids.append(id_.removeprefix(rows.GROUP_PREFIX))
        elif id_.startswith(rows.HOSPITAL_PREFIX):
            ccns.append(id_.removeprefix(rows.HOSPITAL_PREFIX))
    return pac_ids, ccns


def _role_organization(search: Search, given: list[str], modifier: str):
    """A group's practice roles (pac-<PAC ID>), a hospital's affiliation roles
    (ccn-<CCN>)."""
    pac_ids, ccns = _organization_ids("organization", given)
    search.rows = search.rows.filter(organization_pac_id__in=pac_ids)
    search.affiliations = search.affiliations.filter(hospital__ccn__in=ccns)


def _location_near(search: Search, given: list[str], modifier: str):
    if len(given) > 1:
        raise BadParameter("location.near", "location.near can be given once.")
    search.near = values.near("location.near", given[0])
    _whose(search)
    _practices_only(search)


def _role_verification(search: Search, given: list[str], modifier: str):
    _whose(search)
    _practices_only(search)
    specialists, entries = Search(rows=search.specialists), Search(rows=search.entries)
    _verification("")(specialists, given, modifier)
    _verification("specialist__")(entries, given, modifier)
    search.specialists, search.entries = specialists.rows, entries.rows


PRACTITIONER_ROLE = ResourceType(
    name="PractitionerRole",
    rows=rows.roles,
    params={
        p.name: p
        for p in [
            Param(
                "_id",
                "token",
                codes.core_search_parameter("Resource-id"),
                "Logical id: a number for a practice role, aff-<Practitioner "
                "id>-<CCN> for a hospital affiliation; several separated by commas.",
                _role_id,
            ),
            Param(
                LAST_UPDATED.name,
                LAST_UPDATED.type,
                LAST_UPDATED.definition,
                LAST_UPDATED.documentation,
                _role_last_updated,
            ),
            Param(
                "active",
                "token",
                codes.core_search_parameter("PractitionerRole-active"),
                "Every role served is active: true matches all, false none.",
                _active,
            ),
            Param(
                "practitioner",
                "reference",
                codes.core_search_parameter("PractitionerRole-practitioner"),
                "Practitioner/<id>: that practitioner's roles, at their practice "
                "locations and their hospital affiliations.",
                _practitioner,
            ),
            Param(
                "practitioner.identifier",
                "token",
                codes.core_search_parameter("Practitioner-identifier"),
                "Chained: the roles of the practitioner with this NPI, "
                f"{codes.NPI}|1234567893 or the number alone.",
                _practitioner_identifier,
            ),
            Param(
                "practitioner.name",
                "string",
                codes.core_search_parameter("Practitioner-name"),
                "Chained: the roles of practitioners whose given, middle or "
                "family name starts with this, ignoring case and accents.",
                _practitioner_name,
                STRING_MODIFIERS,
            ),
            Param(
                "location",
                "reference",
                codes.ndh_search_parameter("practitionerrole-location"),
                "Location/<id>: the roles at that location (practice roles: a "
                "hospital affiliation has no location).",
                _role_location,
            ),
            Param(
                "organization",
                "reference",
                codes.core_search_parameter("PractitionerRole-organization"),
                "Organization/pac-<PAC ID>: the practice roles through that "
                "Medicare group; Organization/ccn-<CCN>: the hospital's "
                "affiliated practitioners (their affiliation roles).",
                _role_organization,
            ),
            Param(
                "role",
                "token",
                codes.core_search_parameter("PractitionerRole-role"),
                f"{codes.ROLE_KIND}|{codes.HOSPITAL_AFFILIATION} (or the code "
                "alone): hospital affiliations only (practice roles have no code).",
                _role_code,
            ),
            Param(
                "specialty",
                "token",
                codes.core_search_parameter("PractitionerRole-specialty"),
                f"A NUCC taxonomy code: {codes.NUCC}|207X00000X, or the code alone.",
                _specialty,
            ),
            Param(
                "service",
                "reference",
                codes.core_search_parameter("PractitionerRole-service"),
                "HealthcareService/<procedure>: roles of practitioners who "
                "perform the procedure, such as HealthcareService/kyphoplasty "
                "(practice roles only).",
                _service,
            ),
            Param(
                "procedure",
                "string",
                codes.our_search_parameter("practitionerrole-procedure"),
                "A procedure's id (slug), name or synonym, as on /find/: "
                "procedure=balloon kyphoplasty (practice roles only). Unknown "
                "procedures are a 400.",
                _procedure,
            ),
            Param(
                "new-patient",
                "token",
                codes.ndh_search_parameter("practitionerrole-new-patient"),
                "newpt (accepting new patients) or nopt (practice roles only).",
                _new_patient,
            ),
            Param(
                "accepts-medicare",
                "token",
                codes.our_search_parameter("practitionerrole-accepts-medicare"),
                "true: roles whose location accepts Medicare assignment (the "
                "Doctors and Clinicians file's ind_assgn Y; 'may accept' is "
                "not 'accepts'), as accepts_medicare=yes on /find/; false: the "
                "other practice roles (a hospital affiliation has no location, "
                "so neither matches it). Goes with location.near.",
                _accepts_medicare,
            ),
            Param(
                "verification-status",
                "token",
                codes.ndh_search_parameter("practitionerrole-verification-status"),
                "complete or incomplete, as for Practitioner (practice roles only).",
                _role_verification,
            ),
            Param(
                "location.near",
                "special",
                codes.core_search_parameter("Location-near"),
                "Chained: latitude|longitude|distance|units. Each practitioner "
                "once, at the role of their nearest location within the "
                "distance, nearest first: the search index of /find/ (practice "
                "roles only). Goes with specialty, service, procedure, "
                "new-patient, accepts-medicare, practitioner (and its chains), "
                "verification-status and active only.",
                _location_near,
            ),
        ]
    },
    includes=(
        Link("PractitionerRole:practitioner", "Practitioner"),
        Link("PractitionerRole:location", "Location"),
        Link("PractitionerRole:service", "HealthcareService"),
        Link("PractitionerRole:organization", "Organization"),
    ),
    id_pattern=rf"[0-9]+|{rows.AFFILIATION_PREFIX}[0-9]+-[0-9A-Z]{{6}}",
)
# What location.near can be combined with (the rest act on roles, not on the
# specialists the near search walks).
NEAR_COMPANIONS = {
    "specialty",
    "service",
    "procedure",
    "new-patient",
    "accepts-medicare",
    "practitioner",
    "practitioner.identifier",
    "practitioner.name",
    "verification-status",
    "active",
    "location.near",
}


# Location -----------------------------------------------------------------------


def _location_near_param(search: Search, given: list[str], modifier: str):
    if len(given) > 1:
        raise BadParameter("near", "near can be given once.")
    search.near = values.near("near", given[0])


def _address_part(name: str, fields: list[str]) -> Param:
    return Param(
        name,
        "string",
        codes.core_search_parameter(f"Location-{name}"),
        f"The start of the {name.removeprefix('address-')}, ignoring case.",
        _strings(name, fields),
        STRING_MODIFIERS,
    )


LOCATION = ResourceType(
    name="Location",
    rows=rows.locations,
    params={
        p.name: p
        for p in [
            _id_param(),
            LAST_UPDATED,
            Param(
                "near",
                "special",
                codes.core_search_parameter("Location-near"),
                "latitude|longitude|distance|units (km when no units, as FHIR "
                "says; m, mi or [mi_i] too; 25 miles when no distance, at most "
                "500 miles): nearest first, each entry's distance in "
                "entry.search.extension (location-distance).",
                _location_near_param,
            ),
            Param(
                "name",
                "string",
                codes.core_search_parameter("Location-name"),
                "The start of the location's name.",
                _strings("name", ["name"]),
                STRING_MODIFIERS,
            ),
            Param(
                "address",
                "string",
                codes.core_search_parameter("Location-address"),
                "The start of any part of the address.",
                _strings(
                    "address",
                    ["address_line1", "address_line2", "city", "state", "zip_code"],
                ),
                STRING_MODIFIERS,
            ),
            _address_part("address-city", ["city"]),
            _address_part("address-state", ["state"]),
            _address_part("address-postalcode", ["zip_code"]),
        ]
    },
    revincludes=(Link("PractitionerRole:location", "PractitionerRole"),),
)


# HealthcareService ----------------------------------------------------------------

HEALTHCARE_SERVICE = ResourceType(
    name="HealthcareService",
    rows=rows.services,
    params={
        p.name: p
        for p in [
            _id_param("slug"),
            LAST_UPDATED,
            Param(
                "name",
                "string",
                codes.core_search_parameter("HealthcareService-name"),
                "The start of the procedure's name.",
                _strings("name", ["name"]),
                STRING_MODIFIERS,
            ),
        ]
    },
    id_field="slug",
    id_pattern="[a-z0-9-]+",
)


# Organization ---------------------------------------------------------------------


def _groups_and_hospitals(apply):
    """A parameter applied to the groups (`rows`) and to the hospitals alike:
    the fields it reads (name, updated) have the same names in both."""

    def both(search: Search, given: list[str], modifier: str):
        for part in ("rows", "hospitals"):
            half = Search(rows=getattr(search, part))
            apply(half, given, modifier)
            setattr(search, part, half.rows)

    return both


def _organization_id(search: Search, given: list[str], modifier: str):
    pac_ids, ccns = _organization_ids("_id", given)
    search.rows = search.rows.filter(pac_id__in=pac_ids)
    search.hospitals = search.hospitals.filter(ccn__in=ccns)


def _organization_identifier(search: Search, given: list[str], modifier: str):
    pac_ids, ccns = [], []
    for value in _each(given):
        system, _, code = value.rpartition("|")
        if "|" in value and not code:
            raise BadParameter("identifier", "identifier: give a value after '|'.")
        if system in ("", codes.PAC_ID):
            pac_ids.append(code)
        if system in ("", codes.CCN):
            ccns.append(code.upper())
    search.rows = search.rows.filter(pac_id__in=pac_ids)
    search.hospitals = search.hospitals.filter(ccn__in=ccns)


ORGANIZATION_TYPES = {"prvgrp": "rows", "fac": "hospitals"}


def _organization_type(search: Search, given: list[str], modifier: str):
    wanted = {
        values.token("type", v, system=codes.ORGANIZATION_TYPE) for v in _each(given)
    }
    for code, part in ORGANIZATION_TYPES.items():
        if code not in wanted:
            setattr(search, part, getattr(search, part).none())


ORGANIZATION = ResourceType(
    name="Organization",
    rows=rows.groups,
    params={
        p.name: p
        for p in [
            Param(
                "_id",
                "token",
                codes.core_search_parameter("Resource-id"),
                "Logical id: pac-<PAC ID> for a group, ccn-<CCN> for a hospital; "
                "several separated by commas.",
                _organization_id,
            ),
            Param(
                LAST_UPDATED.name,
                LAST_UPDATED.type,
                LAST_UPDATED.definition,
                LAST_UPDATED.documentation,
                _groups_and_hospitals(_last_updated(["updated"])),
            ),
            Param(
                "identifier",
                "token",
                codes.core_search_parameter("Organization-identifier"),
                f"A group's Medicare PAC ID ({codes.PAC_ID}|<PAC ID>) or a "
                f"hospital's CMS Certification Number ({codes.CCN}|<CCN>), or "
                "the value alone.",
                _organization_identifier,
            ),
            Param(
                "name",
                "string",
                codes.core_search_parameter("Organization-name"),
                "The start of the organization's name, ignoring case and accents.",
                _groups_and_hospitals(_strings("name", ["name"])),
                STRING_MODIFIERS,
            ),
            Param(
                "type",
                "token",
                codes.core_search_parameter("Organization-type"),
                f"prvgrp (a Medicare group) or fac (a hospital), of "
                f"{codes.ORGANIZATION_TYPE}.",
                _organization_type,
            ),
        ]
    },
    revincludes=(Link("PractitionerRole:organization", "PractitionerRole"),),
    id_field="fhir_id",
    id_pattern="(?:pac|ccn)-[0-9A-Za-z]{1,10}",
)

RESOURCE_TYPES = {
    t.name: t
    for t in (
        PRACTITIONER,
        PRACTITIONER_ROLE,
        LOCATION,
        HEALTHCARE_SERVICE,
        ORGANIZATION,
    )
}

# Parameters that shape the answer rather than select rows.
COUNT_DEFAULT = 20
COUNT_MAX = 100
CONTROL_PARAMETERS = {
    "_count": f"Results a page, 1 to {COUNT_MAX} ({COUNT_DEFAULT} when not given); "
    "0 for the total alone.",
    "page": "The page, from 1: follow the Bundle's next and previous links.",
    "_include": "Resources the matches refer to (see searchInclude).",
    "_revinclude": "Resources that refer to the matches (see searchRevInclude).",
    "_format": "json or application/fhir+json: the only format served (xml: 406).",
    "_total": "none, estimate or accurate. A search that is not near counts "
    "accurately; a near search counts up to 500 (or the end of the page asked "
    "for) and leaves Bundle.total out beyond; none leaves it out always.",
    "_summary": "count: Bundle.total alone, no entries (as _count=0); false: "
    "everything (the default).",
    "_totalMethod": "count, estimate or none: Aidbox's name for _total, which "
    "fhirpy's count() sends with _count=0; accepted, and counts as _total does.",
    "_elements": "Top-level elements to keep in each match, separated by "
    "commas (id, meta and resourceType always stay; meta.tag says SUBSETTED).",
    "_sort": "_lastUpdated, name (Practitioner: family then given; Location and "
    "HealthcareService: name), -_lastUpdated or -name for the reverse; near "
    "searches are nearest first only (_sort=distance, or none). By id when none.",
}
# The fields _sort=name orders each type by (_lastUpdated: last_updated).
SORTS = {
    "Practitioner": ["last_name", "first_name"],
    "PractitionerRole": ["specialist__last_name", "specialist__first_name"],
    "Location": ["name"],
    "HealthcareService": ["name"],
    "Organization": ["org_name"],
}
