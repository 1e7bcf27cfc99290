"""Reads of the search index (`SearchEntry`): the filters, and one page of
specialists with its capped count."""

from dataclasses import dataclass

from django.contrib.gis.db.models.functions import Distance, GeometryDistance
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.db import connections, models
from django.db.models import Q

# The first walk reads this many index rows: enough for COUNT_CAP + 1
# specialists when most have one or two locations near the place. A search
# whose walk ends before that many distinct specialists walks again, four
# times as far, so the count never depends on how many locations each has.
FIRST_WALK = 1024
WALK_GROWTH = 4


@dataclass(frozen=True)
class SpecialistPage:
    """One page of a search: the index rows to show (one a specialist, in
    order) and how many specialists match, counted up to `cap` + 1."""

    entry_ids: list[int]
    counted: int


class SearchEntryQuerySet(models.QuerySet):
    def near(self, point: Point, *, radius_mi: float) -> "SearchEntryQuerySet":
        """Rows within `radius_mi` miles of `point` (ST_DWithin on the spheroid),
        nearest first: an ordered walk of the GiST index (`<->`, sphere
        distance; ties by specialist), which stops as soon as a page has what it
        needs. Annotated
        with `distance`, the spheroid distance (a Distance measure)."""
        return (
            self.filter(point__dwithin=(point, D(mi=radius_mi)))
            .annotate(distance=Distance("point", point))
            .order_by(GeometryDistance("point", point), "specialist_id")
        )

    def by_name(self, point: Point | None = None) -> "SearchEntryQuerySet":
        """Ordered by last name, then first name, ignoring case (the
        `search_name_idx` order); a specialist's rows nearest `point` first."""
        order = ["last_name_key", "first_name_key", "specialist_id"]
        if point is not None:
            order.append(GeometryDistance("point", point))
        return self.order_by(*order)

    def performing(self, procedure) -> "SearchEntryQuerySet":
        """Specialists who perform `procedure`: an index condition of the walk."""
        return self.filter(procedure_ids__contains=[procedure.pk])

    def practicing(self, specialty) -> "SearchEntryQuerySet":
        """Specialists with `specialty`: an index condition of the walk."""
        return self.filter(specialty_ids__contains=[specialty.pk])

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

    def specialist_page(self, *, offset: int, size: int, cap: int) -> SpecialistPage:
        """The rows of `size` specialists from `offset` in this queryset's order,
        each specialist once (at their first row: with `near`, the nearest
        location), and the number of matching specialists up to `cap` + 1.

        One query, usually. SQL by hand because the ORM cannot select from a
        subquery: the walk (this queryset, as the ORM compiles it, cut at
        FIRST_WALK rows) is numbered in its order, reduced to each specialist's
        first row, then paged and counted. When the walk ran to its end the
        count is exact; when it stopped short of `cap` + 1 specialists, or of
        the page, it walks again, further.
        """
        walk = FIRST_WALK
        while True:
            walked, specialists, entry_ids = self._walk(walk, offset=offset, size=size)
            enough = max(cap + 1, offset + size)
            if walked < walk or specialists >= enough:
                break
            walk *= WALK_GROWTH
        return SpecialistPage(entry_ids, min(specialists, cap + 1))

    def _walk(self, limit: int, *, offset: int, size: int) -> tuple[int, int, list]:
        walk = self.values_list("id", "specialist_id")[:limit]
        sql, params = walk.query.sql_with_params()
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                f"""
                WITH walk AS MATERIALIZED (
                    SELECT w.*, row_number() OVER () AS position FROM ({sql}) w
                ), firsts AS MATERIALIZED (
                    SELECT DISTINCT ON (w.specialist_id) w.id, w.position
                    FROM walk w ORDER BY w.specialist_id, w.position
                )
                SELECT (SELECT count(*) FROM walk),
                       (SELECT count(*) FROM firsts),
                       ARRAY(SELECT f.id FROM firsts f ORDER BY f.position
                             LIMIT %s OFFSET %s)
                """,
                (*params, size, offset),
            )
            return cursor.fetchone()
