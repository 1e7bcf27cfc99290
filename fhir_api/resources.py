"""Builds FHIR R4 resources (NDH STU1 profiles) from the rows in `rows.py`.

Builders return plain JSON-ready dicts; `validated()` checks one against the
`fhir.resources` R4B model of its type: the tests validate everything the API
serves and the export writes (`export_fhir --validate` too); serving does not.
The API and the bulk export use the same builders.
"""

from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache
from html import escape

from django.conf import settings
from django.utils import timezone
from fhir.resources.R4B import get_fhir_model_class

from fhir_api import codes
from fhir_api.hours import parse_hours
from fhir_api.rows import AFFILIATION
from geo.gazetteer import STATES
from providers.practices import AFFILIATIONS_FILE
from web.notice import NOTICE_TEXT


def validated(resource: dict) -> dict:
    """`resource` unchanged, once the fhir.resources model of its type accepts
    it. Raises pydantic's ValidationError otherwise (a bug: a test catches it)."""
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    return resource


def instant(moment: datetime) -> str:
    """A FHIR instant: UTC, to the millisecond."""
    moment = timezone.localtime(moment, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _meta(resource_type: str, row: dict) -> dict:
    # The bulk export reads the instant as text from PostgreSQL (rows.INSTANT):
    # parsing a timestamp and formatting it again is a fifth of its CPU time.
    updated = row.get("instant") or instant(row["last_updated"])
    return {
        "lastUpdated": updated,
        "profile": [codes.PROFILE[resource_type]],
    }


def _narrative(*paragraphs: str) -> dict:
    body = "".join(
        _FIXED_PARAGRAPHS.get(p) or f"<p>{escape(p)}</p>" for p in paragraphs if p
    )
    return {
        "status": "generated",
        "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>',
    }


def _full_name(row: dict) -> str:
    parts = (row["first_name"], row["middle_name"], row["last_name"])
    name = " ".join(p for p in parts if p)
    return f"{name}, {row['credentials']}" if row["credentials"] else name


# Paragraphs every role repeats, escaped once.
_FIXED_PARAGRAPHS = {NOTICE_TEXT: f"<p>{escape(NOTICE_TEXT)}</p>"}


@lru_cache(maxsize=4096)
def _credentials(text: str) -> tuple[str, ...]:
    """The degrees in a credentials text ("MD, PhD"); a directory has a few
    thousand distinct texts and millions of practitioners."""
    return tuple(c.strip() for c in text.replace(";", ",").split(",") if c.strip())


def verification_status(last_verified: date | None, *, today: date) -> str:
    """NDH verification status: `complete` when the listing was confirmed within
    LISTING_STALE_AFTER_DAYS days, `incomplete` otherwise (or never)."""
    cutoff = today - timedelta(days=settings.LISTING_STALE_AFTER_DAYS)
    return "complete" if last_verified and last_verified >= cutoff else "incomplete"


def _verification_extensions(last_verified: date | None, today: date) -> list[dict]:
    return list(_verification(last_verified, today))


@lru_cache(maxsize=4096)
def _verification(last_verified: date | None, today: date) -> tuple[dict, ...]:
    """Built once per (date, today): a directory has a few thousand distinct
    verification dates and millions of resources. Callers copy the tuple."""
    status = verification_status(last_verified, today=today)
    extensions = [
        {
            "url": codes.VERIFICATION_STATUS,
            "valueCodeableConcept": {
                "coding": [
                    {
                        "system": codes.VERIFICATION,
                        "code": status,
                        "display": status.capitalize(),
                    }
                ]
            },
        }
    ]
    if last_verified:
        extensions.append(
            {"url": codes.LAST_VERIFIED, "valueDate": last_verified.isoformat()}
        )
    return tuple(extensions)


def practitioner(row: dict, *, today: date) -> dict:
    """An NDH Practitioner: NPI, name, degrees and state licenses as
    qualifications, languages."""
    name = {"text": _full_name(row), "family": row["last_name"]}
    given = [g for g in (row["first_name"], row["middle_name"]) if g]
    if given:
        name["given"] = given
    credentials = _credentials(row["credentials"])
    if row["credentials"]:
        name["suffix"] = list(credentials)
    resource = {
        "resourceType": "Practitioner",
        "id": str(row["id"]),
        "meta": _meta("Practitioner", row),
        "extension": _verification_extensions(row["last_verified"], today),
        "identifier": [
            {
                "use": "official",
                "type": {
                    "coding": [
                        {
                            "system": codes.IDENTIFIER_TYPE,
                            "code": "NPI",
                            "display": "National provider identifier",
                        }
                    ]
                },
                "system": codes.NPI,
                "value": row["npi"],
            }
        ],
        "active": True,
        "name": [name],
    }
    qualifications = [_degree(c) for c in credentials]
    qualifications += [_license(item) for item in row.get("licenses") or []]
    if qualifications:
        resource["qualification"] = qualifications
    if row["languages"]:
        resource["communication"] = [_language(code) for code in row["languages"]]
    return resource


# The builders below that are cached answer one dict for every resource that
# has it: a resource is serialized, never changed, once built.
@lru_cache(maxsize=4096)
def _degree(credential: str) -> dict:
    code = credential.replace(".", "").upper()
    if code in codes.DEGREES:
        coding = {"system": codes.DEGREE, "code": code, "display": codes.DEGREES[code]}
        return {"code": {"coding": [coding], "text": credential}}
    return {"code": {"text": credential}}


def _license(item: dict) -> dict:
    """A state license as NPPES gives it (number, state, the taxonomy it is
    for): the number as a license-number identifier, the taxonomy as the code,
    the state as issuer and, in NDH's extension, where it is valid."""
    state, taxonomy = item["state"], item["taxonomy"]
    qualification = {
        "identifier": [{"type": _LICENSE_NUMBER, "value": item["number"]}],
        "code": _license_code(taxonomy),
    }
    if state:
        qualification["extension"], qualification["issuer"] = _license_state(state)
    return qualification


_LICENSE_NUMBER = {
    "coding": [
        {
            "system": codes.IDENTIFIER_TYPE,
            "code": "LN",
            "display": "License number",
        }
    ]
}


@lru_cache(maxsize=1024)
def _license_code(taxonomy: str | None) -> dict:
    if taxonomy:
        return {
            "coding": [{"system": codes.NUCC, "code": taxonomy}],
            "text": f"State license ({taxonomy})",
        }
    return {"text": "State license"}


@lru_cache(maxsize=256)
def _license_state(state: str) -> tuple[list, dict]:
    """The license's extension (where it is valid) and its issuer."""
    name = STATES.get(state, state)
    return (
        [
            {
                "url": codes.PRACTITIONER_QUALIFICATION,
                "extension": [
                    {"url": "status", "valueCode": "active"},
                    {
                        "url": "whereValid",
                        "valueCodeableConcept": {
                            "coding": [{"system": codes.USPS_STATE, "code": state}],
                            "text": name,
                        },
                    },
                ],
            }
        ],
        {"display": f"State of {name}"},
    )


@cache
def _language_names() -> dict[str, str]:
    from providers.models import Language

    return dict(Language.choices)


def _language(code: str) -> dict:
    display = _language_names().get(code, code)
    coding = {"system": codes.LANGUAGE, "code": code, "display": display}
    return {"coding": [coding], "text": display}


def _new_patients(accepting: bool) -> dict:
    return {
        "url": codes.NEW_PATIENTS,
        "extension": [
            {
                "url": "acceptingPatients",
                "valueCodeableConcept": {
                    "coding": [
                        {
                            "system": codes.ACCEPTING_PATIENTS,
                            "code": "newpt" if accepting else "nopt",
                            "display": "Accepting" if accepting else "Not Accepting",
                        }
                    ]
                },
            }
        ],
    }


# What Practice.medicare_assignment's codes (ind_assgn) say, in our code system.
ASSIGNMENT = {
    "Y": ("accepts", "Accepts Medicare assignment"),
    "M": ("may-accept", "May accept Medicare assignment"),
}


def _medicare_assignment(value: str) -> dict:
    code, display = ASSIGNMENT[value]
    coding = {"system": codes.MEDICARE_ASSIGNMENT_CODES, "code": code}
    return {
        "url": codes.MEDICARE_ASSIGNMENT,
        "valueCodeableConcept": {
            "coding": [{**coding, "display": display}],
            "text": display,
        },
    }


def practitioner_role(row: dict, *, catalog: tuple[dict, dict], today: date) -> dict:
    """An NDH PractitionerRole: a published specialist at one location, with
    specialties (NUCC), procedures (references to HealthcareService), phone,
    new patients, verification, and the non-endorsement notice as narrative."""
    specialties, procedures = catalog
    name = _full_name(row)
    accepting = row["accepting_new_patients"]
    resource = {
        "resourceType": "PractitionerRole",
        "id": str(row["id"]),
        "meta": _meta("PractitionerRole", row),
        "text": _narrative(
            f"{name} at {row['location_name']}.",
            NOTICE_TEXT,
        ),
        "extension": [
            # Not known (no source, not the provider): no newpt, no nopt.
            *([] if accepting is None else [_new_patients(accepting)]),
            # Not known (no Medicare line at this location): nothing said.
            *(
                [_medicare_assignment(row["medicare_assignment"])]
                if row.get("medicare_assignment")
                else []
            ),
            *_verification_extensions(row["last_verified"], today),
        ],
        "active": True,
        "practitioner": {
            "reference": f"Practitioner/{row['specialist_id']}",
            "display": name,
        },
        "location": [
            {
                "reference": f"Location/{row['location_id']}",
                "display": row["location_name"],
            }
        ],
    }
    if row["specialty_ids"]:
        resource["specialty"] = _specialties(row["specialty_ids"], specialties)
    procedure_rows = [procedures[i] for i in sorted(row["procedure_ids"] or [])]
    if procedure_rows:
        resource["healthcareService"] = [
            {"reference": f"HealthcareService/{p['slug']}", "display": p["name"]}
            for p in procedure_rows
        ]
    if row["phone"]:
        resource["telecom"] = [
            {"system": "phone", "value": row["phone"], "use": "work"}
        ]
    if row.get("organization_pac_id"):
        resource["organization"] = {
            "reference": f"Organization/pac-{row['organization_pac_id']}",
            "display": row["organization_name"],
        }
    return resource


def _specialties(ids: list[int], specialties: dict) -> list[dict]:
    return [
        {
            "coding": [{"system": codes.NUCC, "code": s["code"], "display": s["name"]}],
            "text": s["name"],
        }
        for s in (specialties[i] for i in sorted(ids))
    ]


def hospital_affiliation(row: dict, *, catalog: tuple[dict, dict]) -> dict:
    """An NDH PractitionerRole for a hospital affiliation: the practitioner's
    role at the hospital (`organization`, Organization/ccn-<CCN>), with their
    specialties; no location, service, phone, new patients or Medicare
    assignment, as the Facility Affiliation file says none of them."""
    specialties, _ = catalog
    name = _full_name(row)
    hospital = ", ".join(
        part
        for part in (row["hospital_name"], row["hospital_city"], row["hospital_state"])
        if part
    )
    source = AFFILIATIONS_FILE
    if row["file_date"]:
        source += f" of {row['file_date']:%B %Y}"
    resource = {
        "resourceType": "PractitionerRole",
        "id": row["fhir_id"],
        "meta": _meta("PractitionerRole", row),
        "text": _narrative(
            f"{name}: hospital affiliation with {hospital}, as {source} lists it.",
            NOTICE_TEXT,
        ),
        "active": True,
        "practitioner": {
            "reference": f"Practitioner/{row['specialist_id']}",
            "display": name,
        },
        "organization": {
            "reference": f"Organization/ccn-{row['hospital_ccn']}",
            "display": row["hospital_name"],
        },
        "code": [
            {
                "coding": [
                    {
                        "system": codes.ROLE_KIND,
                        "code": codes.HOSPITAL_AFFILIATION,
                        "display": "Hospital affiliation",
                    }
                ],
                "text": "Hospital affiliation",
            }
        ],
    }
    if row["specialty_ids"]:
        resource["specialty"] = _specialties(row["specialty_ids"], specialties)
    return resource


# Organization.type of each kind of organization (NDH OrgTypeCS), and the
# identifier each is known by.
ORGANIZATION_KINDS = {
    "group": (("prvgrp", "Provider Group"), codes.PAC_ID, "Medicare PAC ID"),
    "hospital": (("fac", "Facility"), codes.CCN, "CMS Certification Number"),
}


def organization(row: dict) -> dict:
    """An NDH Organization: a Medicare group (by PAC ID, with its number of
    members) or a hospital (by CCN, with its address and phone)."""
    (code, display), system, identifier_text = ORGANIZATION_KINDS[row["kind"]]
    coding = {"system": codes.ORGANIZATION_TYPE, "code": code, "display": display}
    resource = {
        "resourceType": "Organization",
        "id": row["fhir_id"],
        "meta": _meta("Organization", row),
        "identifier": [
            {
                "use": "official",
                "type": {"text": identifier_text},
                "system": system,
                "value": row["org_identifier"],
            }
        ],
        "active": True,
        "type": [
            {
                "coding": [coding],
                "text": display,
            }
        ],
        "name": row["org_name"],
    }
    if row["org_members"] is not None:
        resource["text"] = _narrative(
            f"{row['org_name']}: {row['org_members']:,} clinicians enrolled in "
            "Medicare, as Medicare's Doctors and Clinicians file counts them."
        )
    if row["org_phone"]:
        resource["telecom"] = [
            {"system": "phone", "value": row["org_phone"], "use": "work"}
        ]
    if row["org_address"] or row["org_city"]:
        address = {"use": "work", "type": "physical", "country": "US"}
        if row["org_address"]:
            address["line"] = [row["org_address"]]
        for key, field_ in (
            ("city", "org_city"),
            ("state", "org_state"),
            ("postalCode", "org_zip_code"),
        ):
            if row[field_]:
                address[key] = row[field_]
        resource["address"] = [address]
    return resource


def location(row: dict) -> dict:
    """An NDH Location: address, position (longitude and latitude), phone, hours."""
    resource = {
        "resourceType": "Location",
        "id": str(row["id"]),
        "meta": _meta("Location", row),
        "status": "active",
        "name": row["name"],
        "mode": "instance",
        "address": {
            "use": "work",
            "type": "physical",
            "line": [
                line for line in (row["address_line1"], row["address_line2"]) if line
            ],
            "city": row["city"],
            "state": row["state"],
            "postalCode": row["zip_code"],
            "country": "US",
        },
        "position": {
            "longitude": round(row["longitude"], 6),
            "latitude": round(row["latitude"], 6),
        },
    }
    if row["phone"]:
        resource["telecom"] = [
            {"system": "phone", "value": row["phone"], "use": "work"}
        ]
    if row["hours"]:
        hours = parse_hours(row["hours"])
        if hours:
            resource["hoursOfOperation"] = list(hours)
        else:
            resource["availabilityExceptions"] = row["hours"]
    return resource


def healthcare_service(row: dict) -> dict:
    """An NDH HealthcareService for one procedure: the service that the
    PractitionerRoles performing it reference."""
    resource = {
        "resourceType": "HealthcareService",
        "id": row["slug"],
        "meta": _meta("HealthcareService", row),
        "active": True,
        "category": [
            {
                "coding": [
                    {
                        "system": codes.SERVICE_CATEGORY,
                        "code": "prov",
                        "display": "Medical Provider",
                    }
                ]
            }
        ],
        "type": [{"text": row["name"]}],
        "name": row["name"],
    }
    if row["summary"]:
        resource["comment"] = row["summary"]
    return resource


def build(resource_type: str, row: dict, catalog: tuple[dict, dict], today: date):
    """The resource of `resource_type` for `row` (not validated: see validated)."""
    if resource_type == "Practitioner":
        return practitioner(row, today=today)
    if resource_type == "PractitionerRole":
        if row.get("kind") == AFFILIATION:
            return hospital_affiliation(row, catalog=catalog)
        return practitioner_role(row, catalog=catalog, today=today)
    if resource_type == "Location":
        return location(row)
    if resource_type == "Organization":
        return organization(row)
    return healthcare_service(row)


def operation_outcome(code: str, diagnostics: str, *, parameter: str = "") -> dict:
    """An OperationOutcome with one error; `parameter` names the search parameter
    at fault (in `expression`, as HTTP query parameters are addressed)."""
    issue = {"severity": "error", "code": code, "diagnostics": diagnostics}
    if parameter:
        issue["expression"] = [f"http.{parameter}"]
    return {"resourceType": "OperationOutcome", "issue": [issue]}
