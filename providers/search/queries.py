"""Reads of the search index (`SearchEntry`): the filters, and one page of
specialists with its capped count."""

import math
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.gis.db.models import PointField
from django.contrib.gis.db.models.functions import Distance, GeometryDistance
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.db import connections, models
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.utils.asyncio import async_unsafe

from providers.search.walk import WALK_OFFSET_M

# The first walk reads enough index rows for the specialists (or locations) a
# page and its count need, at as many rows each as the index holds on average
# (the planner's row counts: 1 after a national NPPES import, 1.8 in
# bench/generate.py's directory), and an eighth more (`first_walk`). Reading a
# row of a walk is most of a search's CPU in PostgreSQL, and a fixed 1,024 read
# twice what an NPPES directory needs. A search whose walk ends before that
# many distinct specialists walks again, four times as far, so the count
# never depends on how many locations each has. FIRST_WALK is the first walk
# of a table without statistics (never analysed).
FIRST_WALK = 1024
FIRST_WALK_MARGIN = 1.125
SHORTEST_WALK = 64
WALK_GROWTH = 4
# The statistics change only when the table is analysed: read again after this.
STATISTICS_SECONDS = 600
METERS_A_MILE = D(mi=1).m


# Walks built and compiled once a shape (`SearchEntryQuerySet._built` and
# `_walk_sql`), at most this many of each.
COMPILED_WALKS = 512
_compiled_walks: dict[tuple, tuple[str, list]] = {}
_built_walks: dict[tuple, models.QuerySet] = {}
# (database alias, table, of table) -> (read until, rows of table a row of
# of table, or None).
_rows_each: dict[tuple, tuple[float, float | None]] = {}


@async_unsafe
@contextmanager
def prepared_cursor(db: str):
    """A cursor of the `db` connection that binds parameters on the server,
    for the page walk and the page's fields: psycopg prepares a statement
    that a connection has run `prepare_threshold` times (DATABASES OPTIONS),
    and PostgreSQL then skips reading and planning it again. Reading and
    planning the page's fields took twice as long as running them (1.3 ms of
    CPU in PostgreSQL against 0.4 prepared, at 6.3M). Django's own cursors
    bind on the client and never prepare. Run through Django's cursor
    wrapper, so that its query log and errors are as for any query."""
    connection = connections[db]
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    server_bound = ServerBindingCursor(connection.connection)
    if connection.queries_logged:
        cursor = connection.make_debug_cursor(server_bound)
    else:
        cursor = connection.make_cursor(server_bound)
    with cursor:
        yield cursor


def first_walk(enough: int, rows_each: float | None) -> int:
    """The index rows a page's first walk reads, for `enough` distinct
    specialists (or locations) when each has `rows_each` rows on average
    (`rows_each_in`; None: not known)."""
    if rows_each is None:
        return FIRST_WALK
    return max(SHORTEST_WALK, math.ceil(enough * rows_each * FIRST_WALK_MARGIN))


def rows_each_in(db: str, table: str, of_table: str) -> float | None:
    """How many rows of `table` each row of `of_table` has on average (at
    least 1), from the planner's row counts (pg_class.reltuples, as VACUUM
    and ANALYZE left them), or None when either was never counted. Read once
    every STATISTICS_SECONDS a process: one small query, not one a search.
    (The planner's distinct values of a column would do, but they are
    estimated from a sample and run low: 2.4 rows a specialist for 1.8 in
    bench/generate.py's directory.)"""
    key = (db, table, of_table)
    now = time.monotonic()
    cached = _rows_each.get(key)  # once, into a local (other threads clear it)
    if cached is not None and cached[0] > now:
        return cached[1]
    with connections[db].cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)), "
            "(SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s))",
            [table, of_table],
        )
        rows, of_rows = cursor.fetchone()
    # -1 (PostgreSQL 14 on): never counted; 0: empty, or never counted before.
    rows_each = max(rows / of_rows, 1.0) if rows and of_rows and of_rows > 0 else None
    _rows_each[key] = (now + STATISTICS_SECONDS, rows_each)
    return rows_each


class Parameter(Expression):
    """A value of one search, written into the SQL only when it is compiled:
    the query holds `Parameter("point")` and its `search_values` the point.
    The query of every search of one shape (the same filters, different
    places, radii and procedures) is then the same, so its SQL is compiled
    once a shape and reused with new values (`SearchEntryQuerySet._walk`)."""

    def __init__(self, name: str, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def __repr__(self):
        return f"Parameter({self.name!r})"

    def as_sql(self, compiler, connection):
        values = compiler.query.search_values
        if values is LEAVE_PARAMETERS_IN:
            return "%s", [self]
        return "%s", [self.value(values, connection)]

    def value(self, values: dict, connection):
        """This parameter's value in `values`, as the database takes it."""
        return self.output_field.get_db_prep_value(
            values[self.name], connection=connection
        )


# A query's `search_values` while its SQL is compiled for every search of
# its shape: each `Parameter` stays in the parameters, to be filled in.
LEAVE_PARAMETERS_IN = object()
# The searched place, sent as a geometry as GeoDjango's lookups send it (the
# index's geography operators take it as such).
PLACE = PointField(srid=4326)


@dataclass(frozen=True)
class IndexPage:
    """One page of a search: the index rows to show (one a specialist, or one
    a location, in order) and how many specialists (or locations) match,
    counted up to `cap` + 1."""

    entry_ids: list[int]
    counted: int


class SearchEntryQuerySet(models.QuerySet):
    """Each method that reads a search's value puts it in the query as a
    `Parameter`, and notes its name (with what shapes the SQL) in `_shape`:
    a queryset built by these methods alone, from the manager's, walks with SQL
    compiled once a shape. Any other change (a `filter()` of Django's) leaves
    `_shape` None: that queryset's walk is compiled as it is."""

    def __init__(self, *args, query=None, **kwargs):
        super().__init__(*args, query=query, **kwargs)
        # Clones come with a query: Django's own changes forget the shape.
        self._shape = () if query is None else None

    def all(self) -> "SearchEntryQuerySet":
        found = super().all()
        found._shape = self._shape  # the same query
        return found

    def _bound(self, step: tuple, found, **values) -> "SearchEntryQuerySet":
        """`found` (this queryset as the method `step` names changed it) with
        the `values` of its parameters, and the step added to the shape."""
        found.query.search_values = {
            **getattr(self.query, "search_values", {}),
            **values,
        }
        found._shape = None if self._shape is None else (*self._shape, step)
        return found

    def _built(self, step: tuple, build) -> "SearchEntryQuerySet":
        """`build()` (this queryset as the method `step` names changes it,
        with parameters and no values), built once a shape: a queryset of a
        shape is the same for every search of it. A fresh clone each time."""
        if self._shape is None:
            return build()
        key = (self._shape, step, self.db)
        # Read once into a local: another thread of the worker may clear the
        # cache between a check and a second read.
        built = _built_walks.get(key)
        if built is None:
            if len(_built_walks) >= COMPILED_WALKS:
                _built_walks.clear()
            built = _built_walks[key] = build()
        return built._chain()

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
        A row whose walk distance passes `beyond_m` (the radius and 1%: sphere
        and spheroid differ by less) is surely outside the radius: the walk
        has then passed every row inside it (`_walk` compares the distance it
        walked by, rather than the walk working it out twice a row).
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
        # Resolving these expressions took as long as compiling the walk.
        walk = self._built(("near",), self._walk_from_parameters)
        return self._bound(
            ("near",),
            walk,
            point=point,
            radius_m=meters,
            index_margin_m=meters + WALK_OFFSET_M[1] + 1,
            beyond_m=meters * 1.01,
        )

    def _walk_from_parameters(self) -> "SearchEntryQuerySet":
        place = Parameter("point", PLACE)
        walk_distance = GeometryDistance("walk_point", place)
        return self.annotate(
            walk_distance=walk_distance,
            within=_dwithin("point", place, Parameter("radius_m", FloatField())),
            near_index=_dwithin(
                "walk_point", place, Parameter("index_margin_m", FloatField())
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
            ordered = inside.order_by(*order, "walk_distance")
        else:
            ordered = self.order_by(*order)
        return self._bound(("by_name", inside_radius), ordered)

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
        found = self.filter(specialist__npi=Parameter("npi", CharField()))
        return self._bound(("with_npi",), found, npi=npi)

    def performing(self, procedure) -> "SearchEntryQuerySet":
        """Specialists who perform `procedure`: an index condition of the walk."""
        found = self.filter(
            procedure_ids__contains=[Parameter("procedure", IntegerField())]
        )
        return self._bound(("performing",), found, procedure=procedure.pk)

    def practicing(self, specialty) -> "SearchEntryQuerySet":
        """Specialists with `specialty`: an index condition of the walk."""
        found = self.filter(
            specialty_ids__contains=[Parameter("specialty", IntegerField())]
        )
        return self._bound(("practicing",), found, specialty=specialty.pk)

    def accepting_medicare(self, accepts: bool = True) -> "SearchEntryQuerySet":
        """Rows whose practice accepts Medicare assignment (or, with False,
        does not say so): a probe of the practice by primary key per row
        walked, as the index row's id is its practice's. "May accept" is not
        "accepts"."""
        from providers.models import Practice

        accepting = Exists(
            Practice.objects.filter(pk=OuterRef("pk"), medicare_assignment="Y")
        )
        found = self.filter(accepting if accepts else ~accepting)
        return self._bound(("accepting_medicare", accepts), found)

    def speaking(self, language: str) -> "SearchEntryQuerySet":
        """Specialists whose office speaks `language` (an ISO 639 code)."""
        code = Parameter("language", CharField(max_length=3))
        found = self.filter(languages__contains=[code])
        return self._bound(("speaking",), found, language=language)

    def named(self, text: str) -> "SearchEntryQuerySet":
        """Every word of `text` in the first or last name, ignoring case and
        accents (a join to the specialist)."""
        words = text.split()
        found = self._chain()
        for number in range(len(words)):
            word = Parameter(f"word{number}", CharField())
            found = found.filter(
                Q(specialist__first_name__unaccent__icontains=word)
                | Q(specialist__last_name__unaccent__icontains=word)
            )
        values = {f"word{number}": word for number, word in enumerate(words)}
        return self._bound(("named", len(words)), found, **values)

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
        with prepared_cursor(self.db) as cursor:
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
        `first_walk` rows) is reduced to each specialist's first row inside the
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
        enough = max(cap + 1, offset + size)
        of = self.model._meta.get_field(one_per.removesuffix("_id")).related_model
        rows_each = rows_each_in(self.db, self.model._meta.db_table, of._meta.db_table)
        walk = first_walk(enough, rows_each)
        while True:
            walked, passed_all, found, settled, entry_ids = self._walk(
                walk, one_per, offset, size, near
            )
            if walked < walk or passed_all or (found >= enough and settled):
                break
            walk *= WALK_GROWTH
        return IndexPage(entry_ids, min(found, cap + 1))

    def _walk_sql(self, columns: list[str], limit: int) -> tuple[str, list]:
        """The walk's SQL and parameters: the first `limit` rows of this
        queryset's `columns`. Compiling the ORM's query took a fifth of an API
        search's CPU; a queryset with a shape (`_shape`) compiles it once a
        shape, with its parameters left in, and fills them in each time."""
        if self._shape is None:
            return self.values_list(*columns)[:limit].query.sql_with_params()
        key = (self._shape, self.db, tuple(columns), limit)
        compiled = _compiled_walks.get(key)  # once: as in _built above
        if compiled is None:
            if len(_compiled_walks) >= COMPILED_WALKS:
                _compiled_walks.clear()
            walk = self.values_list(*columns)[:limit]
            compiled = _compiled_walks[key] = _with_parameters_left_in(walk.query)
        sql, params = compiled
        # Each value once, though the SQL names the place three times (each a
        # geometry written out by GEOS).
        values = getattr(self.query, "search_values", {})
        connection = connections[self.db]
        written = {}
        for parameter in params:
            if isinstance(parameter, Parameter) and parameter.name not in written:
                written[parameter.name] = parameter.value(values, connection)
        return sql, [written[p.name] if isinstance(p, Parameter) else p for p in params]

    def _walk(
        self, limit: int, one_per: str, offset: int, size: int, near: bool
    ) -> tuple:
        by_distance = near and self.query.order_by[:1] == ("walk_distance",)
        columns = ["id", one_per]
        if near:
            columns += ["within", "walk_distance"]
        sql, params = self._walk_sql(columns, limit)
        inside = "w.within" if near else "true"
        if by_distance:
            key, passed = "w.walk_distance", "w.walk_distance > %s"
            beyond = [self.query.search_values["beyond_m"]]
        else:  # an order with no ties: the walk's own
            key, passed, beyond = "w.position", "false", []
        with prepared_cursor(self.db) as cursor:
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
                (*params, size, offset, *beyond),
            )
            return cursor.fetchone()


def _dwithin(column: str, point: Parameter, meters: Parameter) -> ExpressionWrapper:
    """Whether `column` (geography) lies within `meters` of `point`, on the
    spheroid (the SQL of GeoDjango's `dwithin` lookup, taking parameters)."""
    return ExpressionWrapper(
        Func(F(column), point, meters, function="ST_DWithin"),
        output_field=BooleanField(),
    )


def _with_parameters_left_in(query) -> tuple[str, list]:
    """`query`'s SQL and parameters, with each `Parameter` left in its
    parameters as itself (to be filled in by `Parameter.value`)."""
    query = query.clone()
    query.search_values = LEAVE_PARAMETERS_IN
    return query.sql_with_params()
