"""Searchset Bundles: the page's matches, then what `_include`/`_revinclude`
brought, with self/next/previous links and the distance of `near` matches.

What the API serves is not validated as it is served: fhir.resources takes
about a millisecond a resource, more than the rest of a search. The tests
validate every response (tests/fhir_api/conftest.py); `build` is for the
export's `--validate`."""

from datetime import date

from django.utils import timezone

from fhir_api import codes, resources, rows
from fhir_api.query import Page


def build(resource_type: str, row: dict, *, catalog, today: date) -> dict:
    """The resource for a row of `resource_type`, validated."""
    return resources.validated(resources.build(resource_type, row, catalog, today))


def searchset(page: Page, *, base: str, self_url: str, link_url) -> dict:
    """`link_url(number)` gives the address of another page of the same search."""
    catalog = rows.catalog()
    today = timezone.localdate()
    entries, seen = [], set()
    for row in [] if page.count_only else page.matches:
        entry = _entry(page.resource_type, row, "match", base, catalog, today)
        if page.elements is not None:
            entry["resource"] = _subset(entry["resource"], page.elements)
        entries.append(entry)
        seen.add((page.resource_type, _id(row)))
    for resource_type, row in page.included:
        if (resource_type, _id(row)) not in seen:
            seen.add((resource_type, _id(row)))
            entries.append(_entry(resource_type, row, "include", base, catalog, today))
    links = [{"relation": "self", "url": self_url}]
    if page.number > 1:
        links.append({"relation": "previous", "url": link_url(page.number - 1)})
    if page.has_next:
        links.append({"relation": "next", "url": link_url(page.number + 1)})
    bundle = {
        "resourceType": "Bundle",
        "type": "searchset",
        "timestamp": resources.instant(timezone.now()),
        "total": page.total,
        "link": links,
        "entry": entries,
    }
    if page.total is None or not page.show_total:
        del bundle["total"]  # more than a near search counts: follow `next`
    if not entries or page.count_only:
        del bundle["entry"]
    if page.count_only:
        bundle["link"] = links[:1]
    return bundle


def _id(row: dict):
    # An Organization row's id is text (pac-..., ccn-...), not its table's key.
    return row["fhir_id"] if "fhir_id" in row else row["id"]


def _subset(resource: dict, elements: list[str]) -> dict:
    """Only `elements` (and what every resource keeps), tagged SUBSETTED as
    FHIR asks of a resource with parts left out."""
    kept = {
        name: value
        for name, value in resource.items()
        if name in ("resourceType", "id", "meta") or name in elements
    }
    meta = dict(kept.get("meta", {}))
    meta["tag"] = [*meta.get("tag", []), codes.SUBSETTED]
    kept["meta"] = meta
    return kept


def _entry(resource_type, row, mode, base, catalog, today) -> dict:
    resource = resources.build(resource_type, row, catalog, today)
    search = {"mode": mode}
    if mode == "match" and "distance_mi" in row:
        search["extension"] = [
            {
                "url": codes.LOCATION_DISTANCE,
                "valueDistance": {
                    "value": round(row["distance_mi"], 3),
                    "unit": "mi",
                    "system": codes.UCUM,
                    "code": "[mi_i]",
                },
            }
        ]
    return {
        "fullUrl": f"{base}{resource_type}/{resource['id']}",
        "resource": resource,
        "search": search,
    }
