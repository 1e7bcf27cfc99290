"""The CapabilityStatement at /fhir/metadata, generated from the search
registry (`search.py`) so that it lists exactly what the views accept."""

from django.utils import timezone

from directory.pagination import COUNT_CAP
from fhir_api import codes, resources
from fhir_api.search import CONTROL_PARAMETERS, RESOURCE_TYPES

TOTAL_NOTE = (
    "Bundle.total is the true number of matches. Searches with near or "
    f"location.near (nearest first, as the site's own search) count up to "
    f"{COUNT_CAP:,}: with more matches Bundle.total is left out, and the next "
    "links go on to the last match."
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
                    "documentation": f"Public, no authentication. {TOTAL_NOTE}",
                    "resource": [_resource(t) for t in RESOURCE_TYPES.values()],
                }
            ],
        }
    )


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
        {
            "name": name,
            "type": "special" if name != "_count" else "number",
            "documentation": text,
        }
        for name, text in CONTROL_PARAMETERS.items()
        if name in ("_count", "page")
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
