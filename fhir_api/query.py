"""Runs a FHIR search: reads the request's parameters through the registry in
`search.py`, takes one page of rows, and finds what `_include` and
`_revinclude` ask for. Answers plain rows; `bundles.py` makes the Bundle."""

from dataclasses import dataclass, field

from django.contrib.gis.db.models.functions import Distance
from django.db.models import F, IntegerField, Value
from django.http import QueryDict

from directory.pagination import COUNT_CAP
from fhir_api import rows
from fhir_api.search import (
    CONTROL_PARAMETERS,
    COUNT_DEFAULT,
    COUNT_MAX,
    NEAR_COMPANIONS,
    PRACTITIONER_ROLE,
    RESOURCE_TYPES,
    SORTS,
    ResourceType,
    Search,
)
from fhir_api.values import BadParameter
from providers.models import SearchEntry

FIELDS = {
    "Practitioner": rows.PRACTITIONER_FIELDS,
    "PractitionerRole": rows.ROLE_FIELDS,
    "Location": rows.LOCATION_FIELDS,
    "HealthcareService": ["id", "slug", "name", "summary"],
    "Organization": rows.ORGANIZATION_FIELDS,
}


# A page further than this is past the end of any search (and its offset would
# overflow PostgreSQL's bigint long before): a 400, never a query.
MAX_PAGE = 1_000_000


@dataclass
class Page:
    resource_type: str
    matches: list[dict]  # rows, each with "last_updated", and "distance_mi" near
    total: int | None  # None: more than COUNT_CAP (near searches count no further)
    number: int
    size: int
    included: list[tuple[str, dict]] = field(default_factory=list)
    count_only: bool = False  # _summary=count: the total, no entries
    show_total: bool = True  # _total=none leaves it out
    elements: list[str] | None = None  # _elements: the top-level ones to keep

    @property
    def has_next(self) -> bool:
        return self.total is None or self.number * self.size < self.total


def _positive(name: str, value: str, *, maximum: int | None = None) -> int:
    # isascii: "²" is a digit to str.isdigit, and no number to int().
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise BadParameter(name, f"{name} must be a whole number from 1.")
    number = int(value)
    if maximum is not None and number > maximum:
        raise BadParameter(name, f"{name} can be at most {maximum}.")
    return number


def _one(params: QueryDict, name: str) -> str | None:
    given = params.getlist(name)
    if len(given) > 1:
        raise BadParameter(name, f"{name} can be given once.")
    return given[0] if given else None


def _links(kind: str, given: list[str], allowed) -> list:
    by_name = {link.name: link for link in allowed}
    chosen = []
    for value in given:
        name = value.rsplit(":", 1)[0] if value.count(":") == 2 else value
        link = by_name.get(name)
        if link is None or (value != name and not value.endswith(f":{link.target}")):
            supported = ", ".join(by_name) or "none"
            raise BadParameter(
                kind,
                f"{kind}={value[:60]} is not supported here (supported: {supported}).",
            )
        chosen.append(link)
    return chosen


def _untyped_chain(key: str) -> str:
    """practitioner:Practitioner.identifier (a chain naming its target type,
    as fhirpy writes it) is practitioner.identifier: the only type there is."""
    head, _, rest = key.partition(":")
    target, dot, chained = rest.partition(".")
    if dot and target[:1].isupper() and target.isalpha():
        return f"{head}.{chained}"
    return key


def run(resource_type: ResourceType, params: QueryDict) -> Page:
    """One page of a search. Raises BadParameter for anything it cannot use."""
    search = Search(rows=resource_type.rows())
    if resource_type.name == "Organization":
        search.hospitals = rows.hospitals()
    if resource_type.name == "PractitionerRole":
        search.affiliations = rows.affiliations()
    given = {}
    for key in params:
        if key in CONTROL_PARAMETERS:
            continue
        name, _, modifier = _untyped_chain(key).partition(":")
        param = resource_type.params.get(name)
        if param is None:
            known = ", ".join([*resource_type.params, *CONTROL_PARAMETERS])
            raise BadParameter(
                key,
                f"{resource_type.name} has no search parameter “{key[:60]}”. "
                f"Supported: {known}.",
            )
        if modifier and modifier not in param.modifiers:
            raise BadParameter(
                key, f"{name} does not take the modifier :{modifier[:30]}."
            )
        values_ = params.getlist(key)
        if not all(v.strip() for v in values_):
            raise BadParameter(key, f"{key} needs a value.")
        given[name] = (param, values_, modifier)
    if "location.near" in given and set(given) - NEAR_COMPANIONS:
        extra = sorted(set(given) - NEAR_COMPANIONS)[0]
        raise BadParameter(extra, f"{extra} cannot be combined with location.near.")
    for param, values_, modifier in given.values():
        param.apply(search, values_, modifier)

    fmt = _one(params, "_format")
    if fmt is not None and fmt not in (
        "json",
        "application/fhir+json",
        "application/json",
    ):
        raise NotAcceptable("_format: this server answers in JSON only.")
    count = _one(params, "_count")
    # _count=0 asks for the total alone, as _summary=count does (FHIR R4;
    # fhirpy's count() sends it).
    count_only = count == "0"
    size = _positive(
        "_count",
        str(COUNT_DEFAULT) if count in (None, "0") else count,
        maximum=COUNT_MAX,
    )
    number = _positive("page", _one(params, "page") or "1", maximum=MAX_PAGE)
    includes = _links("_include", params.getlist("_include"), resource_type.includes)
    revincludes = _links(
        "_revinclude", params.getlist("_revinclude"), resource_type.revincludes
    )
    total = _choice(params, "_total", ("none", "estimate", "accurate"))
    # fhirpy's count() also sends _totalMethod=count (Aidbox's name for _total).
    _choice(params, "_totalMethod", ("count", "estimate", "none"))
    summary = _choice(params, "_summary", ("count", "false"))
    elements = _elements(params)
    order = _sort(params, resource_type, near=search.near is not None)

    if resource_type.name == "PractitionerRole" and search.near:
        page = _roles_near(search, number, size)
    elif search.near:
        page = _locations_near(search, number, size, narrowed=len(given) > 1)
    elif search.hospitals is not None:
        page = _organizations(search, number, size, order)
    elif search.affiliations is not None:
        page = _roles(search, number, size, order)
    else:
        page = _page(resource_type, search, number, size, order)
    if number > 1 and not page.matches:
        last = -(-page.total // size) if page.total else 1
        raise BadParameter(
            "page", f"There is no page {number}: the results end at page {last}."
        )
    page.count_only = count_only or summary == "count"
    page.show_total = total != "none"
    page.elements = elements
    if not page.count_only:
        page.included = _included(page, includes, revincludes)
    return page


class NotAcceptable(Exception):
    """The client asked for a format this server does not write (406)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _choice(params: QueryDict, name: str, allowed: tuple[str, ...]) -> str | None:
    value = _one(params, name)
    if value is not None and value not in allowed:
        raise BadParameter(
            name, f"{name} is one of {', '.join(allowed)}, not {value[:30]!r}."
        )
    return value


def _elements(params: QueryDict) -> list[str] | None:
    value = _one(params, "_elements")
    if value is None:
        return None
    names = [name.strip() for name in value.split(",") if name.strip()]
    if not names or not all(name.isalnum() for name in names):
        raise BadParameter(
            "_elements",
            "_elements lists top-level element names, such as name,telecom.",
        )
    return names


def _sort(params: QueryDict, resource_type: ResourceType, *, near: bool) -> list[str]:
    """The order of a search that is not near: by id unless _sort says."""
    value = _one(params, "_sort")
    if value is None:
        return ["pk"]
    keys = [key.strip() for key in value.split(",") if key.strip()]
    if near:
        if keys != ["distance"]:
            raise BadParameter(
                "_sort", "A near search is nearest first: _sort=distance, or none."
            )
        return ["pk"]
    order = []
    for key in keys:
        descending, name = key.startswith("-"), key.removeprefix("-")
        if name == "_lastUpdated":
            fields = ["last_updated"]
        elif name == "name":
            fields = SORTS[resource_type.name]
        else:
            raise BadParameter(
                "_sort",
                f"_sort by {name[:30]!r} is not supported: _lastUpdated or name, "
                "- in front for the reverse (distance for near searches).",
            )
        order += [f"-{field_}" if descending else field_ for field_ in fields]
    return [*order, "pk"]


def _page(
    resource_type: ResourceType, search: Search, number: int, size: int, order
) -> Page:
    queryset = search.rows
    if search.specialists is not None:
        queryset = queryset.filter(specialist__in=search.specialists.values("pk"))
    bottom = (number - 1) * size
    fields = [*FIELDS[resource_type.name], "last_updated"]
    matches = list(queryset.order_by(*order).values(*fields)[bottom : bottom + size])
    return Page(resource_type.name, matches, queryset.count(), number, size)


def _organizations(search: Search, number: int, size: int, order) -> Page:
    """Groups and hospitals as one list (a UNION ALL of the two, each filtered
    on its own table first), ordered by the FHIR id unless _sort says."""
    fields = [*FIELDS["Organization"], "last_updated"]
    order = ["fhir_id" if key == "pk" else key for key in order]
    both = search.rows.values(*fields).union(search.hospitals.values(*fields), all=True)
    bottom = (number - 1) * size
    matches = list(both.order_by(*order)[bottom : bottom + size])
    total = search.rows.count() + search.hospitals.count()
    return Page("Organization", matches, total, number, size)


# The columns practice and affiliation roles are ordered by, side by side in
# a UNION: the kind (practices first), the row's key, and the _sort fields.
ROLE_KEYS = {
    "role_kind": None,
    "role_pk": F("pk"),
    "role_updated": F("last_updated"),
    "role_family": F("last_name"),
    "role_given": F("first_name"),
}
ROLE_ORDER = {
    "pk": ["role_kind", "role_pk"],
    "last_updated": ["role_updated"],
    "specialist__last_name": ["role_family"],
    "specialist__first_name": ["role_given"],
}
PRACTICE, AFFILIATION = 0, 1


def _role_keys(queryset, kind: int, names: list[str]):
    """The `names` of ROLE_KEYS (only those: the UNION sorts whole rows)."""
    keys = {**ROLE_KEYS, "role_kind": Value(kind, output_field=IntegerField())}
    # order_by(): no branch keeps its model's ordering (Affiliation's would
    # sort a million rows by hospital name before the UNION's own sort).
    chosen = {name: keys[name] for name in names}
    return queryset.order_by().annotate(**chosen).values(*names)


def _roles(search: Search, number: int, size: int, order) -> Page:
    """Practice roles, then hospital affiliation roles (by id within each
    kind), or both together as _sort says."""
    practices, affiliations = search.rows, search.affiliations
    if search.specialists is not None:
        whose = search.specialists.values("pk")
        practices = practices.filter(specialist__in=whose)
        affiliations = affiliations.filter(specialist__in=whose)
    if affiliations.query.is_empty():  # a parameter only practices answer
        search.specialists = None
        search.rows = practices
        return _page(PRACTITIONER_ROLE, search, number, size, order)
    practice_fields = [*FIELDS["PractitionerRole"], "last_updated"]
    affiliation_fields = ["pk", *rows.AFFILIATION_FIELDS, "last_updated"]
    bottom = (number - 1) * size
    in_practices = practices.count()
    total = in_practices + affiliations.count()
    if order == ["pk"]:
        # One after the other, each by its key's index: no sort of the two.
        matches = []
        if bottom < in_practices:
            page = practices.order_by("pk").values(*practice_fields)
            matches += page[bottom : bottom + size]
        if len(matches) < size:
            start = max(0, bottom - in_practices)
            page = affiliations.order_by("pk").values(*affiliation_fields)
            for row in page[start : start + size - len(matches)]:
                row.pop("pk")
                matches.append(row)
        return Page("PractitionerRole", matches, total, number, size)
    # _sort: a UNION ALL of the columns the two kinds are ordered by picks
    # the page, then one narrow read of each kind's rows on it.
    keys = []
    for key in order:
        descending, name = key.startswith("-"), key.removeprefix("-")
        keys += [f"-{k}" if descending else k for k in ROLE_ORDER[name]]
    names = [name for name in ROLE_KEYS if name in {k.lstrip("-") for k in keys}]
    both = _role_keys(practices, PRACTICE, names).union(
        _role_keys(affiliations, AFFILIATION, names), all=True
    )
    on_page = [
        (row["role_kind"], row["role_pk"])
        for row in both.order_by(*keys)[bottom : bottom + size]
    ]
    found = {}
    wanted = [pk for kind, pk in on_page if kind == PRACTICE]
    if wanted:
        for row in practices.filter(pk__in=wanted).values(*practice_fields):
            found[PRACTICE, row["id"]] = row
    wanted = [pk for kind, pk in on_page if kind == AFFILIATION]
    if wanted:
        for row in affiliations.filter(pk__in=wanted).values(*affiliation_fields):
            found[AFFILIATION, row.pop("pk")] = row
    matches = [found[key] for key in on_page if key in found]
    return Page("PractitionerRole", matches, total, number, size)


def _roles_near(search: Search, number: int, size: int) -> Page:
    """Practitioners near a place, on the search index as /find/ walks it: each
    practitioner once, as the role at their nearest location within the
    distance, nearest first."""
    if search.rows.query.is_empty():  # active=false
        return Page("PractitionerRole", [], 0, number, size)
    near, bottom = search.near, (number - 1) * size
    cap = max(COUNT_CAP, bottom + size)
    found = search.entries.near(near.point, radius_mi=near.radius_mi).specialist_page(
        offset=bottom, size=size, cap=cap, near=True
    )
    roles = search.rows.filter(pk__in=found.entry_ids).annotate(
        distance=Distance("location__point", near.point)
    )
    return _nearest_first(
        "PractitionerRole", roles, found.entry_ids, found.counted, cap, number, size
    )


def _locations_near(search: Search, number: int, size: int, *, narrowed: bool) -> Page:
    """Locations where published specialists practice near a place, nearest
    first, on the search index: its first row of each location."""
    near, bottom = search.near, (number - 1) * size
    cap = max(COUNT_CAP, bottom + size)
    walk = SearchEntry.objects.near(near.point, radius_mi=near.radius_mi)
    if narrowed:  # by the other parameters: name, address, _lastUpdated...
        walk = walk.filter(location__in=search.rows.values("pk"))
    found = walk.location_page(offset=bottom, size=size, cap=cap, near=True)
    located = dict(
        SearchEntry.objects.filter(pk__in=found.entry_ids).values_list(
            "pk", "location_id"
        )
    )
    ids = [located[pk] for pk in found.entry_ids if pk in located]
    locations = search.rows.filter(pk__in=ids).annotate(
        distance=Distance("point", near.point)
    )
    return _nearest_first("Location", locations, ids, found.counted, cap, number, size)


def _nearest_first(
    resource_type: str, queryset, ids: list[int], counted: int, cap, number, size
) -> Page:
    """The page's rows (`queryset`, annotated with `distance`) in the walk's
    order, `ids`, each with `distance_mi`; the total when `counted` is at most
    `cap` (the walk counts to `cap` + 1)."""
    fields = [*FIELDS[resource_type], "distance", "last_updated"]
    by_id = {row["id"]: row for row in queryset.values(*fields)}
    matches = []
    for pk in ids:
        if pk in by_id:  # else unpublished between the two reads
            row = by_id[pk]
            row["distance_mi"] = row.pop("distance").mi
            matches.append(row)
    total = counted if counted <= cap else None
    return Page(resource_type, matches, total, number, size)


def _included(page: Page, includes, revincludes) -> list[tuple[str, dict]]:
    included = []
    for link in includes:
        if link.name == "PractitionerRole:practitioner":
            ids = {row["specialist_id"] for row in page.matches}
            queryset = rows.practitioners().filter(pk__in=ids)
        elif link.name == "PractitionerRole:location":
            # an affiliation role has no location (nor services, nor group)
            ids = {row.get("location_id") for row in page.matches}
            queryset = rows.locations().filter(pk__in=ids - {None})
        elif link.name == "PractitionerRole:organization":
            ids = {row.get("organization_pac_id") for row in page.matches}
            ccns = {row.get("hospital_ccn") for row in page.matches}
            groups = rows.groups().filter(pac_id__in=ids - {None})
            included += _rows(link.target, groups)
            queryset = rows.hospitals().filter(ccn__in=ccns - {None})
        else:  # PractitionerRole:service
            ids = {i for row in page.matches for i in row.get("procedure_ids") or []}
            queryset = rows.services().filter(pk__in=ids)
        included += _rows(link.target, queryset)
    for link in revincludes:
        if link.name == "PractitionerRole:organization":
            keys = {"group": [], "hospital": []}
            for row in page.matches:
                keys[row["kind"]].append(row["org_identifier"])
            practices = rows.roles().filter(organization_pac_id__in=keys["group"])
            affiliations = rows.affiliations().filter(
                hospital__ccn__in=keys["hospital"]
            )
        elif link.name == "PractitionerRole:practitioner":
            ids = [row["id"] for row in page.matches]
            practices = rows.roles().filter(specialist_id__in=ids)
            affiliations = rows.affiliations().filter(specialist_id__in=ids)
        else:  # PractitionerRole:location
            ids = [row["id"] for row in page.matches]
            practices = rows.roles().filter(location_id__in=ids)
            affiliations = None
        included += _rows(link.target, practices)
        if affiliations is not None:
            included += _rows(link.target, affiliations, rows.AFFILIATION_FIELDS)
    return included


def _rows(resource_type: str, queryset, fields=None) -> list[tuple[str, dict]]:
    fields = [*(fields or FIELDS[resource_type]), "last_updated"]
    return [(resource_type, row) for row in queryset.order_by("pk").values(*fields)]


def resource_types() -> dict[str, ResourceType]:
    return RESOURCE_TYPES
