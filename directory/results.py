"""What a search result shows, read in one narrow query for a whole page.

A page of results is plain data (`SearchResult`), never model instances: one
`values()` query joins the page's index rows to their specialists and
locations; the names of procedures and specialties come from memory.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.gis.geos import Point
from django.urls import reverse

from providers.catalog import Named, catalog
from providers.choices import Assignment
from providers.listing_values import LOCATION_FIELDS

SPECIALIST_FIELDS = [
    "slug",
    "npi",
    "first_name",
    "middle_name",
    "last_name",
    "credentials",
    "languages",
    "accepting_new_patients",
    "telehealth",
    "last_verified",
]


@dataclass
class ResultLocation:
    name: str
    address_line1: str
    address_line2: str
    city: str
    state: str
    zip_code: str
    phone: str
    hours: str
    precision: str
    latitude: float
    longitude: float

    @cached_property  # read twice a result by its template
    def address_lines(self) -> list[str]:
        street = ", ".join(p for p in (self.address_line1, self.address_line2) if p)
        return [street, f"{self.city}, {self.state} {self.zip_code}"]


@dataclass
class SearchResult:
    pk: int
    slug: str
    npi: str
    first_name: str
    middle_name: str
    last_name: str
    credentials: str
    languages: list[str]
    accepting_new_patients: bool | None
    telehealth: bool | None
    last_verified: object
    location: ResultLocation
    url: str
    distance_mi: float | None = None
    medicare_assignment: str = ""
    specialties: list[Named] = field(default_factory=list)
    procedures: list[Named] = field(default_factory=list)

    @cached_property  # read three times a result by its template
    def display_name(self) -> str:
        name = " ".join(
            p for p in (self.first_name, self.middle_name, self.last_name) if p
        )
        return f"{name}, {self.credentials}" if self.credentials else name

    def get_absolute_url(self) -> str:
        return self.url

    @property
    def medicare_assignment_label(self) -> str:
        """At the location shown: 'Accepts Medicare assignment', 'May accept
        ...', or empty (not known)."""
        if not self.medicare_assignment:
            return ""
        return Assignment(self.medicare_assignment).label


# A slug needs no escaping in a URL (letters, digits, "-", "_"): a page reverses
# the profile's URL once, not once a result (0.1 to 0.5 ms each).
SLUG = "__slug__"


def profile_url_pattern() -> str:
    """The profile's URL with SLUG for the slug."""
    return reverse("directory:specialist", kwargs={"slug": SLUG})


def load_results(
    search, entry_ids: list[int], *, point: Point | None = None
) -> list[SearchResult]:
    """The results for these rows of `search` (a `SearchEntryQuerySet`), in
    their order, with the spheroid distance in miles from `point` when the
    search was near one. One query."""
    if not entry_ids:
        return []
    # The rows by id alone: the search's filters and walk chose them already.
    # The index row's id is its practice's: the assignment at that location.
    rows = search.model._default_manager.db_manager(search.db).shown(
        entry_ids,
        specialist_fields=SPECIALIST_FIELDS,
        location_fields=[*LOCATION_FIELDS, "precision"],
        practice_fields=["medicare_assignment"],
        near=point,
    )
    by_id = {row["id"]: row for row in rows}
    url = profile_url_pattern()
    return [_result(by_id[pk], url) for pk in entry_ids if pk in by_id]


def _result(row: dict, url: str) -> SearchResult:
    procedures, specialties = catalog.names(row["procedure_ids"], row["specialty_ids"])
    location = ResultLocation(
        **{name: row[f"location__{name}"] for name in [*LOCATION_FIELDS, "precision"]},
        latitude=row["latitude"],
        longitude=row["longitude"],
    )
    return SearchResult(
        pk=row["specialist_id"],
        **{name: row[f"specialist__{name}"] for name in SPECIALIST_FIELDS},
        location=location,
        url=url.replace(SLUG, row["specialist__slug"]),
        distance_mi=row.get("distance_mi"),
        medicare_assignment=row["practice__medicare_assignment"] or "",
        specialties=specialties,
        procedures=procedures,
    )


def first_results(
    search, count: int, *, point: Point | None = None
) -> list[SearchResult]:
    """The first `count` specialists of `search`, without counting the rest;
    `point`: the search is a walk near it. Two queries."""
    found = search.specialist_page(offset=0, size=count, cap=0, near=point is not None)
    return load_results(search, found.entry_ids, point=point)
