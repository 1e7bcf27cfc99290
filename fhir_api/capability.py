"""The CapabilityStatement at /fhir/metadata, generated from the search
registry (`search.py`) so that it lists exactly what the views accept."""

from django.conf import settings
from django.utils import timezone

from directory.pagination import COUNT_CAP
from fhir_api import codes, resources
from fhir_api.search import CONTROL_PARAMETERS, RESOURCE_TYPES
from web.errors import MAX_REQUEST_LINE

TOTAL_NOTE = (
    "Bundle.total is the true number of matches. Searches with near or "
    f"location.near (nearest first, as the site's own search) count up to "
    f"{COUNT_CAP:,}: with more matches Bundle.total is left out, and the next "
    "links go on to the last match."
)


def limits_note() -> str:
    """What a client meets before any search: the request rate and the length
    of an address (both answered with an OperationOutcome)."""
    per_minute = settings.FHIR_REQUESTS_PER_MINUTE
    rate = (
        f"At most {per_minute} requests a minute from one client (then 429 "
        "with Retry-After); "
        if per_minute
        else "No request limit; "
    )
    return (
        f"{rate}for a copy of the whole directory, ask the operator for the "
        "bulk export (NDJSON, manage.py export_fhir) rather than paging through "
        f"every search. A request line longer than {MAX_REQUEST_LINE:,} bytes "
        "is answered 414 (too-long)."
    )


def capability_statement(*, base: str) -> dict:
    return resources.validated(
        {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": timezone.localdate().isoformat(),
            "publisher": "Specialist Finder",
            "kind": "instance",
            "implementation": {
                "description": "Specialist Finder: a read-only FHIR directory of "
                "the published listings.",
                "url": base,
            },
            "software": {"name": "Specialist Finder"},
            "fhirVersion": codes.FHIR_VERSION,
            "format": [codes.FHIR_JSON, "json"],
            "implementationGuide": [f"{codes.NDH}/ImplementationGuide/hl7.fhir.us.ndh"],
            "rest": [
                {
                    "mode": "server",
                    "documentation": f"Public, no authentication. {TOTAL_NOTE} "
                    f"{limits_note()}",
                    "resource": [_resource(t) for t in RESOURCE_TYPES.values()],
                }
            ],
        }
    )


# The control parameters listed with each type's own (the rest: searchInclude,
# searchRevInclude and format say them).
CONTROL_TYPES = {
    "_count": "number",
    "page": "special",
    "_total": "token",
    "_summary": "token",
    "_elements": "special",
    "_sort": "special",
}


def _resource(resource_type) -> dict:
    params = [
        {
            "name": param.name,
            "definition": param.definition,
            "type": param.type,
            "documentation": param.documentation,
        }
        for param in resource_type.params.values()
    ]
    params += [
        {"name": name, "type": CONTROL_TYPES[name], "documentation": text}
        for name, text in CONTROL_PARAMETERS.items()
        if name in CONTROL_TYPES
    ]
    resource = {
        "type": resource_type.name,
        "profile": codes.PROFILE[resource_type.name],
        "supportedProfile": [codes.PROFILE[resource_type.name]],
        "interaction": [{"code": "read"}, {"code": "search-type"}],
        "versioning": "no-version",
        "readHistory": False,
        "searchParam": params,
    }
    if resource_type.includes:
        resource["searchInclude"] = [link.name for link in resource_type.includes]
    if resource_type.revincludes:
        resource["searchRevInclude"] = [link.name for link in resource_type.revincludes]
    return resource
