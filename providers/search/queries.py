"""Reads of the search index (`SearchEntry`): the filters, and one page of
specialists with its capped count."""

from dataclasses import dataclass

from django.contrib.gis.db.models.functions import Distance, GeometryDistance
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.db import connections, models
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.lookups import GreaterThan

from providers.search.walk import WALK_OFFSET_M

# The first walk reads this many index rows: enough for COUNT_CAP + 1
# specialists when most have one or two locations near the place. A search
# whose walk ends before that many distinct specialists walks again, four
# times as far, so the count never depends on how many locations each has.
FIRST_WALK = 1024
WALK_GROWTH = 4
METERS_A_MILE = D(mi=1).m


@dataclass(frozen=True)
class IndexPage:
    """One page of a search: the index rows to show (one a specialist, or one
    a location, in order) and how many specialists (or locations) match,
    counted up to `cap` + 1."""

    entry_ids: list[int]
    counted: int


class SearchEntryQuerySet(models.QuerySet):
    def near(self, point: Point, *, radius_mi: float) -> "SearchEntryQuerySet":
        """Nearest first from `point`: an ordered walk of the GiST index (`<->`,
        sphere distance to each row's `walk_point`: the listing's point moved
        by 0.2 to 1.2 m in a direction fixed by the row's id) that stops as
        soon as a page has what it needs. The order is thus by the distance to
        the walk point, then id: doctors sharing one point (a ZIP centroid)
        come one after another in a fixed order instead of as one tie of
        thousands, so a page walks only what it shows, and listings more than
        2.4 m apart in distance keep the order of their true distances.

        The radius (ST_DWithin on the spheroid) is not a filter of the walk but
        a column of it, `within`, applied by `specialist_page` to the rows
        walked: as a filter, PostgreSQL guesses a few hundred rows inside any
        radius and sorts all of them (100,000 in a city) instead of walking.
        `beyond` marks rows surely outside the radius (sphere and spheroid
        differ by under 1%): the walk has then passed every row inside it.
        The radius is measured to the listing's true point; `near_index` asks
        for the walk point inside the radius plus the largest move (true of
        every row `within`), so that the searches sorted by name or experience
        filter through the index.
        `with_distance(point)` adds the spheroid distance to the true point,
        for the rows shown.
        Orders and pages of a walk are told so: `by_name(inside_radius=True)`,
        `specialist_page(near=True)`.
        """
        meters = D(mi=radius_mi).m
        walk_distance = GeometryDistance("walk_point", point)
        index_margin = D(m=meters + WALK_OFFSET_M[1] + 1)
        return self.annotate(
            walk_distance=walk_distance,
            within=ExpressionWrapper(
                Q(point__dwithin=(point, D(m=meters))), output_field=BooleanField()
            ),
            near_index=ExpressionWrapper(
                Q(walk_point__dwithin=(point, index_margin)),
                output_field=BooleanField(),
            ),
            beyond=ExpressionWrapper(
                GreaterThan(walk_distance, meters * 1.01), output_field=BooleanField()
            ),
        ).order_by("walk_distance")

    def with_distance(self, point: Point) -> "SearchEntryQuerySet":
        """Annotated with `distance`: the spheroid distance from `point` (a
        Distance measure). For the rows shown, so the walk does not build
        GeoDjango's Distance for nothing."""
        return self.annotate(distance=Distance("point", point))

    def by_name(self, *, inside_radius: bool = False) -> "SearchEntryQuerySet":
        """Ordered by last name, then first name, ignoring case (the
        `search_name_idx` order). With `inside_radius` (after `near`), only rows
        inside the radius (every one of them is sorted), a specialist's nearest
        first."""
        order = ["last_name_key", "first_name_key", "specialist_id"]
        if inside_radius:
            inside = self.filter(near_index=True, within=True)
            return inside.order_by(*order, "walk_distance")
        return self.order_by(*order)

    def by_experience(
        self, procedure=None, *, inside_radius: bool = False
    ) -> "SearchEntryQuerySet":
        """Most Medicare services of the latest data year first (of `procedure`,
        or of every procedure); specialists without a volume last, then nearest
        (with `inside_radius`, after `near`: every row inside is sorted) or by
        name."""
        from providers.models import ServiceVolume

        year = ServiceVolume.objects.aggregate(year=Max("year"))["year"]
        volumes = ServiceVolume.objects.filter(
            specialist=OuterRef("specialist_id"), year=year
        )
        if procedure is not None:
            volumes = volumes.filter(procedure=procedure)
        total = volumes.values("specialist").annotate(total=Sum("services"))
        ranked = self.annotate(services=Subquery(total.values("total")))
        then = []
        if inside_radius:
            ranked = ranked.filter(near_index=True, within=True)
            then = ["walk_distance"]
        return ranked.order_by(
            F("services").desc(nulls_last=True),
            *then,
            "last_name_key",
            "first_name_key",
            "specialist_id",
        )

    def with_npi(self, npi: str) -> "SearchEntryQuerySet":
        """The listing with this NPI."""
        return self.filter(specialist__npi=npi)

    def performing(self, procedure) -> "SearchEntryQuerySet":
        """Specialists who perform `procedure`: an index condition of the walk."""
        return self.filter(procedure_ids__contains=[procedure.pk])

    def practicing(self, specialty) -> "SearchEntryQuerySet":
        """Specialists with `specialty`: an index condition of the walk."""
        return self.filter(specialty_ids__contains=[specialty.pk])

    def accepting_medicare(self, accepts: bool = True) -> "SearchEntryQuerySet":
        """Rows whose practice accepts Medicare assignment (or, with False,
        does not say so): a probe of the practice by primary key per row
        walked, as the index row's id is its practice's. "May accept" is not
        "accepts"."""
        from providers.models import Practice

        accepting = Exists(
            Practice.objects.filter(pk=OuterRef("pk"), medicare_assignment="Y")
        )
        return self.filter(accepting if accepts else ~accepting)

    def speaking(self, language: str) -> "SearchEntryQuerySet":
        """Specialists whose office speaks `language` (an ISO 639 code)."""
        return self.filter(languages__contains=[language])

    def named(self, text: str) -> "SearchEntryQuerySet":
        """Every word of `text` in the first or last name, ignoring case and
        accents (a join to the specialist)."""
        for word in text.split():
            self = self.filter(
                Q(specialist__first_name__unaccent__icontains=word)
                | Q(specialist__last_name__unaccent__icontains=word)
            )
        return self

    def shown(
        self,
        entry_ids: list[int],
        *,
        specialist_fields: list[str],
        location_fields: list[str],
        practice_fields: list[str] = (),
        near: Point | None = None,
    ) -> list[dict]:
        """These index rows as a page shows them, in no particular order: one
        dict a row with `id`, `specialist_id`, `procedure_ids`, `specialty_ids`,
        `latitude` and `longitude` (of the listing's true point), the
        specialist's, the location's and the practice's fields named (as
        `specialist__<name>`, `location__<name>` and `practice__<name>`: the
        index row's id is its practice's) and, with `near`, `distance_mi`
        (spheroid miles to the true point).

        SQL by hand, the columns named from the models: the rows are chosen (by
        id) and the joins are plain, but the ORM took longer to build and
        compile this query of 25 columns than PostgreSQL took to run it (about
        a fifth of a search's CPU).
        """
        if not entry_ids:
            return []
        from providers.models import Practice

        specialist = self.model._meta.get_field("specialist").related_model
        location = self.model._meta.get_field("location").related_model

        def columns(model, alias, names):
            return [
                (f"{alias}.{model._meta.get_field(name).column}", f"{alias}__{name}")
                for name in names
            ]

        selected = [
            ("e.id", "id"),
            ("e.specialist_id", "specialist_id"),
            ("e.procedure_ids", "procedure_ids"),
            ("e.specialty_ids", "specialty_ids"),
            ("ST_Y(e.point::geometry)", "latitude"),
            ("ST_X(e.point::geometry)", "longitude"),
            *columns(specialist, "specialist", specialist_fields),
            *columns(location, "location", location_fields),
            *columns(Practice, "practice", practice_fields),
        ]
        params = {"ids": list(entry_ids)}
        if near is not None:
            selected.append(
                (
                    f"ST_Distance(e.point, %(near)s::geography) / {D(mi=1).m}",
                    "distance_mi",
                )
            )
            params["near"] = f"SRID=4326;POINT({near.x!r} {near.y!r})"
        sql = f"""
            SELECT {", ".join(expression for expression, _ in selected)}
            FROM {self.model._meta.db_table} e
            JOIN {specialist._meta.db_table} specialist
                ON specialist.id = e.specialist_id
            JOIN {location._meta.db_table} location ON location.id = e.location_id
            LEFT JOIN {Practice._meta.db_table} practice ON practice.id = e.id
            WHERE e.id = ANY(%(ids)s)
        """
        names = [name for _, name in selected]
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def specialist_page(
        self, *, offset: int, size: int, cap: int, near: bool
    ) -> IndexPage:
        """The rows of `size` specialists from `offset` in this queryset's order,
        each specialist once (at their first row: with `near`, the nearest
        location inside the radius), and the number of matching specialists up
        to `cap` + 1. Nearest first, specialists at the same distance go by id.

        One query, usually. SQL by hand because the ORM cannot select from a
        subquery: the walk (this queryset, as the ORM compiles it, cut at
        FIRST_WALK rows) is reduced to each specialist's first row inside the
        radius, then paged and counted. When the walk passed every match the
        count is exact. When it stopped short of `cap` + 1 specialists, or in
        the middle of the specialists at the page's last distance (a building
        full of them), it walks again, four times as far. `near`: this queryset
        is a walk from `near()`, whose rows outside the radius are left out
        (a required word: a walk paged as if it were not one would show rows
        outside the radius).
        """
        return self._page("specialist_id", offset, size, cap, near)

    def location_page(
        self, *, offset: int, size: int, cap: int, near: bool
    ) -> IndexPage:
        """As `specialist_page`, one row per location instead (the first row of
        each location: where published specialists practice, as FHIR's
        Location search lists them), locations at the same distance by id."""
        return self._page("location_id", offset, size, cap, near)

    def _page(
        self, one_per: str, offset: int, size: int, cap: int, near: bool
    ) -> IndexPage:
        walk = FIRST_WALK
        enough = max(cap + 1, offset + size)
        while True:
            walked, passed_all, found, settled, entry_ids = self._walk(
                walk, one_per, offset, size, near
            )
            if walked < walk or passed_all or (found >= enough and settled):
                break
            walk *= WALK_GROWTH
        return IndexPage(entry_ids, min(found, cap + 1))

    def _walk(
        self, limit: int, one_per: str, offset: int, size: int, near: bool
    ) -> tuple:
        by_distance = near and self.query.order_by[:1] == ("walk_distance",)
        columns = ["id", one_per]
        if near:
            columns += ["within", "beyond", "walk_distance"]
        walk = self.values_list(*columns)[:limit]
        sql, params = walk.query.sql_with_params()
        inside = "w.within" if near else "true"
        if by_distance:
            key, passed = "w.walk_distance", "w.beyond"
        else:  # an order with no ties: the walk's own
            key, passed = "w.position", "false"
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                f"""
                WITH walk AS MATERIALIZED (
                    SELECT w.*, row_number() OVER () AS position FROM ({sql}) w
                ), firsts AS MATERIALIZED (
                    SELECT DISTINCT ON (w.{one_per})
                        w.id, w.{one_per} AS one, {key} AS key
                    FROM walk w WHERE {inside}
                    ORDER BY w.{one_per}, w.position
                ), page AS MATERIALIZED (
                    SELECT f.* FROM firsts f ORDER BY f.key, f.one
                    LIMIT %s OFFSET %s
                )
                SELECT (SELECT count(*) FROM walk),
                       (SELECT coalesce(bool_or({passed}), false) FROM walk w),
                       (SELECT count(*) FROM firsts),
                       coalesce((SELECT max(key) FROM page)
                                < (SELECT max({key}) FROM walk w), true),
                       ARRAY(SELECT id FROM page ORDER BY key, one)
                """,
                (*params, size, offset),
            )
            return cursor.fetchone()
