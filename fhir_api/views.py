"""The FHIR API's views: metadata, search and read. JSON only
(application/fhir+json); every error is an OperationOutcome, never a page."""

import orjson
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from fhir_api import codes, query, resources, rows
from fhir_api.bundles import searchset
from fhir_api.capability import capability_statement
from fhir_api.search import RESOURCE_TYPES
from fhir_api.values import BadParameter
from providers.models import Affiliation, Practice, Specialist

MAX_VALUE_LENGTH = 200


def fhir_response(body: dict, status: int = 200) -> HttpResponse:
    return HttpResponse(
        orjson.dumps(body),
        status=status,
        content_type=f"{codes.FHIR_JSON}; charset=utf-8",
    )


def outcome(
    status: int, code: str, message: str, *, parameter: str = ""
) -> HttpResponse:
    return fhir_response(
        resources.operation_outcome(code, message, parameter=parameter), status
    )


# The OperationOutcome issue code of each status (FHIR's issue-type value set).
ISSUE_CODES = {
    400: "invalid",
    403: "forbidden",
    404: "not-found",
    406: "not-supported",
    414: "too-long",
    429: "throttled",
    500: "exception",
    503: "transient",
}


def error_shape(status: int, message: str) -> HttpResponse:
    """The site's errors (404, 429, 503, ...) under /fhir/, as OperationOutcomes."""
    return outcome(status, ISSUE_CODES[status], message)


def _base(request) -> str:
    return request.build_absolute_uri(reverse("fhir:base"))


def fhir_view(view):
    """GET (and HEAD) only; anything else is a 405 OperationOutcome. Exempt from
    CSRF, so that a POST is told so rather than shown Django's HTML 403."""

    @csrf_exempt
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = outcome(
                405, "not-supported", "This FHIR server is read-only: use GET."
            )
            response["Allow"] = "GET, HEAD"
            return response
        if not _accepts_json(request):
            return outcome(
                406,
                "not-supported",
                "This server answers in JSON only (application/fhir+json); "
                "XML is not served.",
            )
        return view(request, *args, **kwargs)

    return wrapper


# application/json+fhir: the DSTU2 name, which older clients still send.
JSON_TYPES = ("application/fhir+json", "application/json", "application/json+fhir")


def _accepts_json(request) -> bool:
    """Whether the Accept header (none means anything) takes JSON; a client
    asking for XML alone is told so rather than sent JSON it cannot read."""
    if not request.headers.get("Accept", "").strip():
        return True
    return any(request.accepts(media_type) for media_type in JSON_TYPES)


@fhir_view
def metadata(request):
    return fhir_response(capability_statement(base=_base(request)))


@fhir_view
def search(request, resource_type: str):
    for key, value in request.GET.items():
        if len(value) > MAX_VALUE_LENGTH or "\x00" in value or "\x00" in key:
            return outcome(
                400,
                "invalid",
                f"{key[:60]}: value too long or not text.",
                parameter=key[:60],
            )
    try:
        page = query.run(RESOURCE_TYPES[resource_type], request.GET)
    except BadParameter as error:
        return outcome(400, "invalid", error.message, parameter=error.parameter)
    except query.NotAcceptable as error:
        return outcome(406, "not-supported", error.message, parameter="_format")

    def link_url(number: int) -> str:
        params = request.GET.copy()
        params["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    bundle = searchset(
        page,
        base=_base(request),
        self_url=request.build_absolute_uri(),
        link_url=link_url,
    )
    return fhir_response(bundle)


@fhir_view
def read(request, resource_type: str, id: str):
    resource_type_ = RESOURCE_TYPES[resource_type]
    fields = query.FIELDS[resource_type]
    affiliation = (
        rows.affiliation_key(id) if resource_type == "PractitionerRole" else None
    )
    if resource_type == "Organization":
        found = _organization(id)
    elif affiliation is not None:
        specialist, ccn = affiliation
        found = rows.affiliations().filter(specialist_id=specialist, hospital__ccn=ccn)
        fields = rows.AFFILIATION_FIELDS
    else:
        found = resource_type_.rows().filter(**{resource_type_.id_field: id})
    row = found.values(*fields, "last_updated").first()
    if row is None:
        if _suspended(resource_type, id):
            return outcome(
                410,
                "deleted",
                f"{resource_type}/{id} has been withdrawn from the directory.",
            )
        return outcome(404, "not-found", f"There is no {resource_type}/{id}.")
    resource = resources.build(resource_type, row, rows.catalog(), timezone.localdate())
    return fhir_response(resource)


def _organization(id: str):
    """The group (pac-<PAC ID>) or hospital (ccn-<CCN>) of an Organization id,
    by its unique key."""
    if id.startswith(rows.GROUP_PREFIX):
        return rows.groups().filter(pac_id=id.removeprefix(rows.GROUP_PREFIX))
    return rows.hospitals().filter(ccn=id.removeprefix(rows.HOSPITAL_PREFIX))


def _suspended(resource_type: str, id: str) -> bool:
    """Whether `id` was public and has been suspended by a moderator."""
    suspended = Specialist.Status.SUSPENDED
    if resource_type == "Practitioner":
        return Specialist.objects.filter(pk=id, status=suspended).exists()
    if resource_type == "PractitionerRole" and id.startswith(rows.AFFILIATION_PREFIX):
        specialist, ccn = rows.affiliation_key(id)
        return Affiliation.objects.filter(
            specialist_id=specialist, hospital__ccn=ccn, specialist__status=suspended
        ).exists()
    if resource_type == "PractitionerRole":
        return Practice.objects.filter(pk=id, specialist__status=suspended).exists()
    return False


@fhir_view
def unknown(request, rest: str = ""):
    return outcome(
        404,
        "not-found",
        f"There is nothing at /fhir/{rest[:100]}. Resources: "
        f"{', '.join(RESOURCE_TYPES)}; the CapabilityStatement is at /fhir/metadata.",
    )
