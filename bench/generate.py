"""Fills an empty database with a national-scale directory for the benchmarks.

Usage, from the checkout, against a database of its own (never the site's):

    export DATABASE_URL="postgis://postgres@/sf_bench?host=$PWD/.data/run"
    DEBUG=true .venv/bin/python manage.py migrate
    DEBUG=true .venv/bin/python bench/generate.py --specialists 1000000

Set-based SQL (generate_series, one COPY for the ZIP list), one transaction, a
fixed seed: the same arguments give the same rows. It refuses a database that
already holds specialists or locations; `--reset` empties the listing tables
first. About two locations a specialist, placed around US ZIP centroids: each
ZIP is weighted by how many ZIPs share its city name, so big cities are dense
(about 120,000 locations in New York and in Houston at 1M specialists) and the
countryside is sparse. History tables stay empty.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

SEED = 0.20261124
LISTING_TABLES = [
    "providers_specialist",
    "providers_location",
    "providers_practice",
    "providers_specialist_procedures",
    "providers_specialist_specialties",
]
# The share of specialists, by status.
STATUS_SQL = """
    CASE WHEN r < 0.92 THEN 'published' WHEN r < 0.95 THEN 'pending'
         WHEN r < 0.97 THEN 'draft' ELSE 'suspended' END
"""
# Within a profile that lists them, the chance of performing each procedure:
# with 6 of the 7 profiles listing kyphoplasty, about 26% perform it.
CEMENT_PROCEDURES = ("kyphoplasty", "vertebroplasty")
CEMENT_SHARE = 0.3
OTHER_SHARE = 0.5


class Step:
    """Prints what is being done and how long it took."""

    started = time.perf_counter()

    def __init__(self, label: str):
        self.label = label

    def __enter__(self):
        print(f"{self.label} ...", end="", flush=True)
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        now = time.perf_counter()
        print(f" {now - self.start:.1f} s (total {now - Step.started:.1f} s)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specialists", type=int, default=1_000_000)
    parser.add_argument(
        "--reset",
        action="store_true",
        help="Empty the listing tables first (this database only).",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.specialists <= 99_999_999:
        parser.error("--specialists must be between 1 and 99,999,999.")

    django.setup()
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        # Bulk loading runs far longer than the site's statement timeout.
        cursor.execute("SET statement_timeout = 0")
        cursor.execute("SELECT current_database()")
        print(f"database: {cursor.fetchone()[0]}")
        if args.reset:
            with Step("emptying the listing tables"):
                cursor.execute(
                    "TRUNCATE providers_specialist, providers_location, "
                    "providers_historicalspecialist, providers_historicallocation, "
                    "providers_historicalpractice, "
                    "providers_historicalspecialist_procedures, "
                    "providers_historicalspecialist_specialties CASCADE"
                )
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM providers_specialist) "
            "OR EXISTS (SELECT 1 FROM providers_location)"
        )
        if cursor.fetchone()[0]:
            sys.exit(
                "The database already holds specialists or locations: use an "
                "empty one, or --reset to empty its listing tables."
            )

    with transaction.atomic(), connection.cursor() as cursor:
        load(cursor, args.specialists)

    with connection.cursor() as cursor, Step("VACUUM ANALYZE"):
        for table in LISTING_TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute("ANALYZE providers_procedure")
        cursor.execute("ANALYZE providers_specialty")

    report(connection)


def load(cursor, specialists: int) -> None:
    from providers.demo import catalog

    # Generated rows are consistent by construction: skip the per-row foreign
    # key triggers (this transaction only), as pg_restore does.
    cursor.execute("SET LOCAL session_replication_role = replica")
    cursor.execute("SELECT setseed(%s)", [SEED])

    with Step("catalog: specialties and procedures"):
        load_catalog()
    with Step("ZIP centroids, weighted"):
        total_weight = load_zips(cursor)
    with Step("dropping secondary indexes"):
        indexes = drop_secondary_indexes(cursor)

    with Step(f"{specialists:,} specialists"):
        cursor.execute(NPI_FUNCTION)
        cursor.execute(
            f"""
            INSERT INTO providers_specialist (
                id, npi, slug, first_name, middle_name, last_name, credentials,
                bio, languages, accepting_new_patients, telehealth, status,
                last_verified, created, updated)
            SELECT id, pg_temp.npi(id), slug, first_name, '', last_name,
                credentials, 'A benchmark listing: the name and NPI are made up.',
                languages, random() < 0.8, random() < 0.4, {STATUS_SQL},
                DATE '2026-11-01' - (random() * 200)::int, now(), now()
            FROM (
                SELECT s.id, f.name AS first_name, l.name AS last_name,
                    lower(regexp_replace(unaccent(f.name || '-' || l.name),
                        '[^A-Za-z0-9]+', '-', 'g')) || '-' || s.id AS slug,
                    (%(credentials)s::text[])[1 + s.id %% 7] AS credentials,
                    (%(languages)s::text[])[1 + s.id %% 10]::varchar(3)[]
                        AS languages,
                    random() AS r
                FROM generate_series(1, %(n)s) AS s(id)
                CROSS JOIN LATERAL (SELECT (%(first)s::text[])
                    [1 + floor(random() * %(n_first)s)::int + 0 * s.id] AS name) f
                CROSS JOIN LATERAL (SELECT (%(last)s::text[])
                    [1 + floor(random() * %(n_last)s)::int + 0 * s.id] AS name) l
            ) AS rows
            """,
            {
                "n": specialists,
                "first": catalog.FIRST_NAMES,
                "n_first": len(catalog.FIRST_NAMES),
                "last": catalog.LAST_NAMES,
                "n_last": len(catalog.LAST_NAMES),
                "credentials": [credentials for _, credentials, _ in catalog.PROFILES],
                "languages": [
                    "{en}",
                    "{en}",
                    "{en}",
                    "{en}",
                    "{en,es}",
                    "{en,es}",
                    "{en,zh}",
                    "{en,vi}",
                    "{en,ko}",
                    "{en,ru}",
                ],
            },
        )

    with Step("placing locations"):
        # Each specialist: a home ZIP drawn by weight, 1 to 3 locations (30%,
        # 40%, 30%: two on average); the first within about 2 miles of the
        # ZIP centroid, the others (satellite offices) within about 12.
        cursor.execute(
            """
            CREATE TEMP TABLE bench_place ON COMMIT DROP AS
            SELECT row_number() OVER (ORDER BY h.specialist_id, n.n) AS id,
                h.specialist_id, n.n, z.zip_code, z.city, z.state,
                z.latitude + d.miles * cos(d.angle) / 69.0 AS latitude,
                z.longitude + d.miles * sin(d.angle)
                    / (69.17 * cos(radians(z.latitude))) AS longitude
            FROM (
                SELECT s.id AS specialist_id,
                    floor(random() * %(total)s)::bigint AS pick,
                    CASE WHEN r < 0.3 THEN 1 WHEN r < 0.7 THEN 2 ELSE 3 END AS k
                FROM (SELECT id, random() AS r FROM providers_specialist) AS s
            ) AS h
            CROSS JOIN LATERAL (
                SELECT * FROM bench_zip WHERE bench_zip.upto > h.pick
                ORDER BY bench_zip.upto LIMIT 1
            ) AS z
            CROSS JOIN LATERAL generate_series(1, h.k) AS n(n)
            CROSS JOIN LATERAL (
                SELECT CASE WHEN n.n = 1 THEN 2.0 ELSE 12.0 END
                        * sqrt(random() + 0 * n.n) AS miles,
                    2 * pi() * random() + 0 * n.n AS angle
            ) AS d
            """,
            {"total": total_weight},
        )
    with Step("locations"):
        cursor.execute(
            """
            INSERT INTO providers_location (
                id, name, address_line1, address_line2, city, state, zip_code,
                phone, hours, point, precision, created, updated)
            SELECT p.id,
                p.city || ' ' || (%(words)s::text[])[1 + p.id %% %(n_words)s],
                (100 + p.id %% 9800) || ' '
                    || (%(streets)s::text[])[1 + p.id %% %(n_streets)s],
                '', p.city, p.state, p.zip_code,
                '(555) 555-'
                    || lpad((p.id %% 10000)::text, 4, '0'),
                (%(hours)s::text[])[1 + p.id %% %(n_hours)s],
                ST_SetSRID(ST_MakePoint(p.longitude, p.latitude), 4326)::geography,
                'street', now(), now()
            FROM bench_place AS p
            """,
            {
                "words": catalog.PRACTICE_WORDS,
                "n_words": len(catalog.PRACTICE_WORDS),
                "streets": catalog.STREETS,
                "n_streets": len(catalog.STREETS),
                "hours": catalog.HOURS,
                "n_hours": len(catalog.HOURS),
            },
        )
    with Step("practices"):
        cursor.execute(
            "INSERT INTO providers_practice (id, location_id, specialist_id) "
            "SELECT id, id, specialist_id FROM bench_place"
        )
    with Step("specialties and procedures of each specialist"):
        load_profiles(cursor)
        cursor.execute(
            """
            INSERT INTO providers_specialist_specialties (specialist_id, specialty_id)
            SELECT s.id, p.specialty_id
            FROM generate_series(1, %s) AS s(id)
            JOIN bench_profile_specialty AS p ON p.profile = s.id %% 7
            """,
            [specialists],
        )
        cursor.execute(
            """
            INSERT INTO providers_specialist_procedures (specialist_id, procedure_id)
            SELECT s.id, p.procedure_id
            FROM generate_series(1, %s) AS s(id)
            JOIN bench_profile_procedure AS p ON p.profile = s.id %% 7
            WHERE random() + 0 * s.id < p.share
            """,
            [specialists],
        )
    with Step("recreating secondary indexes"):
        for definition in indexes:
            cursor.execute(definition)
    with Step("identity sequences"):
        for table in LISTING_TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
            )


# The NPI check digit: Luhn over "80840" and the first nine digits, as
# providers.validators.npi_check_digit computes it. Individual NPIs start with 1.
NPI_FUNCTION = """
CREATE FUNCTION pg_temp.npi(id bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT nine || (10 - sum(
        CASE WHEN position % 2 = 0
            THEN (digit * 2) / 10 + (digit * 2) % 10 ELSE digit END) % 10) % 10
    FROM (SELECT (100000000 + id)::text AS nine) AS n,
        LATERAL (
            SELECT substr(reverse('80840' || nine), position + 1, 1)::int AS digit,
                position
            FROM generate_series(0, 13) AS position
        ) AS digits
    GROUP BY nine
$$
"""


def load_catalog() -> None:
    from django.utils.text import slugify

    from providers.demo import catalog
    from providers.models import Procedure, ProcedureSynonym, Specialty

    for code, name in catalog.SPECIALTIES:
        Specialty.objects.get_or_create(
            code=code, defaults={"name": name, "slug": slugify(name)}
        )
    for slug, name, synonyms, summary in catalog.PROCEDURES:
        procedure, new = Procedure.objects.get_or_create(
            slug=slug, defaults={"name": name, "summary": summary}
        )
        if new:
            ProcedureSynonym.objects.bulk_create(
                ProcedureSynonym(procedure=procedure, name=synonym)
                for synonym in synonyms
            )


def load_zips(cursor) -> int:
    """The US ZIP centroids (standard ZIPs in the 50 states and DC) into
    bench_zip, each with the running total of the weights up to it. Returns the
    total weight."""
    import zipcodes

    from geo.gazetteer import STATES

    territories = {"PR", "GU", "VI", "AS", "MP"}
    records = [
        r
        for r in zipcodes.list_all()
        if r["zip_code_type"] == "STANDARD"
        and r["active"]
        and r["lat"]
        and r["long"]
        and r["state"] in STATES
        and r["state"] not in territories
    ]
    per_city: dict[tuple[str, str], int] = {}
    for r in records:
        key = (r["city"], r["state"])
        per_city[key] = per_city.get(key, 0) + 1
    cursor.execute(
        "CREATE TEMP TABLE bench_zip (zip_code text, city text, state text, "
        "latitude float8, longitude float8, upto bigint PRIMARY KEY) "
        "ON COMMIT DROP"
    )
    total = 0
    with cursor.copy(
        "COPY bench_zip (zip_code, city, state, latitude, longitude, upto) FROM STDIN"
    ) as copy:
        for r in records:
            total += per_city[(r["city"], r["state"])]
            copy.write_row(
                (
                    r["zip_code"],
                    r["city"][:100],
                    r["state"],
                    float(r["lat"]),
                    float(r["long"]),
                    total,
                )
            )
    cursor.execute("ANALYZE bench_zip")
    return total


def load_profiles(cursor) -> None:
    from providers.demo import catalog

    cursor.execute(
        "CREATE TEMP TABLE bench_profile_specialty "
        "(profile int, specialty_id bigint) ON COMMIT DROP"
    )
    cursor.execute(
        "CREATE TEMP TABLE bench_profile_procedure "
        "(profile int, procedure_id bigint, share float8) ON COMMIT DROP"
    )
    for profile, (codes, _, performed) in enumerate(catalog.PROFILES):
        cursor.execute(
            "INSERT INTO bench_profile_specialty "
            "SELECT %s, id FROM providers_specialty WHERE code = ANY(%s)",
            [profile, codes],
        )
        for slug in performed:
            share = CEMENT_SHARE if slug in CEMENT_PROCEDURES else OTHER_SHARE
            cursor.execute(
                "INSERT INTO bench_profile_procedure "
                "SELECT %s, id, %s FROM providers_procedure WHERE slug = %s",
                [profile, share, slug],
            )


def drop_secondary_indexes(cursor) -> list[str]:
    """Drops the listing tables' indexes that back no constraint (they are
    faster to build once, after the load); returns their definitions."""
    cursor.execute(
        """
        SELECT indexname, indexdef FROM pg_indexes
        WHERE schemaname = 'public' AND tablename = ANY(%s)
          AND indexname NOT IN (SELECT conname FROM pg_constraint)
        """,
        [LISTING_TABLES],
    )
    rows = cursor.fetchall()
    for name, _ in rows:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in rows]


def report(connection) -> None:
    from providers.validators import is_valid_npi

    with connection.cursor() as cursor:
        for table in LISTING_TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")
            print(f"{table}: {cursor.fetchone()[0]:,} rows")
        cursor.execute(
            "SELECT status, count(*) FROM providers_specialist GROUP BY 1 ORDER BY 1"
        )
        print("by status:", dict(cursor.fetchall()))
        cursor.execute(
            "SELECT round(100.0 * count(*) / (SELECT count(*) FROM "
            "providers_specialist), 1) FROM providers_specialist_procedures sp "
            "JOIN providers_procedure p ON p.id = sp.procedure_id "
            "WHERE p.slug = 'kyphoplasty'"
        )
        print(f"performing kyphoplasty: {cursor.fetchone()[0]}%")
        cursor.execute(
            "SELECT npi FROM providers_specialist ORDER BY random() LIMIT 1000"
        )
        npis = [npi for (npi,) in cursor.fetchall()]
        invalid = [npi for npi in npis if not is_valid_npi(npi)]
        print(f"NPIs checked: {len(npis)}, invalid: {len(invalid)}")
        if invalid:
            sys.exit(f"Invalid NPIs generated, such as {invalid[0]}")
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        print(f"database size: {cursor.fetchone()[0]}")
    print(f"done in {time.perf_counter() - Step.started:.1f} s")


if __name__ == "__main__":
    main()
