"""Times FHIR PractitionerRole searches that are not near, now that hospital
affiliations are roles beside the practices, each beside hand-written SQL.

Usage, after bench/generate.py (see bench/README.md); `--affiliations` first
adds hospitals and affiliations to a database that has none:

    export DATABASE_URL="postgis://postgres@/sf_bench?host=$PWD/.data/run"
    DEBUG=false SECRET_KEY=bench .venv/bin/python bench/fhir_roles.py \
        --affiliations --runs 20

The searches go through Django's test Client (the whole request, as
bench/fhir_api.py). The SQL lower bound of each is what its Bundle needs from
the database written by hand: the page's ids in order and the total, nothing
built. Cases: a practitioner's roles (practices and hospitals), a hospital's
clinicians (organization=ccn-), the whole list by id (first page and a deep
one), by -_lastUpdated, and a hospital by CCN with its roles (_revinclude).
Run the same file from a checkout of older code to compare (a case that code
does not serve is reported as such).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
for limit in ("SEARCH", "API", "PAGE", "FHIR"):
    os.environ.setdefault(f"{limit}_REQUESTS_PER_MINUTE", "1000000000")

HOSPITALS = 5000
# About 60% of specialists have affiliations, two hospitals each (CMS's file
# lists one to several a clinician).
AFFILIATED_SHARE = 0.6

ADD_HOSPITALS = """
INSERT INTO providers_hospital (ccn, name, address, city, state, zip_code,
    county, phone, hospital_type, ownership, row_hash, file_name, file_date,
    updated)
SELECT lpad(g::text, 6, '0'), 'HOSPITAL ' || g, g || ' MAIN ST', 'CITY', 'PA',
    '15213', 'COUNTY', '(412) 555-0100', 'Acute Care Hospitals', 'Voluntary',
    md5(g::text), 'Hospital_General_Information.csv', date '2026-11-01', now()
FROM generate_series(1, %(hospitals)s) g
"""
ADD_AFFILIATIONS = """
INSERT INTO providers_affiliation (specialist_id, hospital_id, file_name,
    file_date, updated)
SELECT DISTINCT s.id, h.id, 'Facility_Affiliation.csv', date '2026-11-01', now()
FROM providers_specialist s
CROSS JOIN LATERAL (VALUES (1 + (s.id * 7919) %% %(hospitals)s),
                           (1 + (s.id * 104729) %% %(hospitals)s)) k(n)
JOIN providers_hospital h ON h.ccn = lpad(k.n::text, 6, '0')
WHERE (s.id * 2654435761 %% 1000) < %(share)s * 1000
ON CONFLICT (specialist_id, hospital_id) DO NOTHING
"""

# The hand-written lower bounds: the page's ids in order, and the total.
PUBLISHED = "s.status = 'published'"
PRACTITIONER_SQL = f"""
SELECT 0, p.id FROM providers_practice p
    JOIN providers_specialist s ON s.id = p.specialist_id
    WHERE p.specialist_id = %(id)s AND {PUBLISHED}
UNION ALL
SELECT 1, a.id FROM providers_affiliation a
    JOIN providers_specialist s ON s.id = a.specialist_id
    WHERE a.specialist_id = %(id)s AND {PUBLISHED}
ORDER BY 1, 2 LIMIT 20
"""
HOSPITAL_SQL = f"""
SELECT a.id, count(*) OVER () FROM providers_affiliation a
    JOIN providers_specialist s ON s.id = a.specialist_id
    JOIN providers_hospital h ON h.id = a.hospital_id
    WHERE h.ccn = %(ccn)s AND {PUBLISHED}
    ORDER BY a.id LIMIT 20
"""
COUNTS_SQL = f"""
SELECT (SELECT count(*) FROM providers_practice p
        JOIN providers_specialist s ON s.id = p.specialist_id WHERE {PUBLISHED}),
       (SELECT count(*) FROM providers_affiliation a
        JOIN providers_specialist s ON s.id = a.specialist_id WHERE {PUBLISHED})
"""
LIST_SQL = f"""
SELECT p.id FROM providers_practice p
    JOIN providers_specialist s ON s.id = p.specialist_id
    WHERE {PUBLISHED} ORDER BY p.id LIMIT 20 OFFSET %(offset)s
"""
RECENT_SQL = f"""
SELECT 0, p.id, greatest(s.updated, l.updated) AS u FROM providers_practice p
    JOIN providers_specialist s ON s.id = p.specialist_id
    JOIN providers_location l ON l.id = p.location_id WHERE {PUBLISHED}
UNION ALL
SELECT 1, a.id, greatest(a.updated, s.updated, h.updated) FROM providers_affiliation a
    JOIN providers_specialist s ON s.id = a.specialist_id
    JOIN providers_hospital h ON h.id = a.hospital_id WHERE {PUBLISHED}
ORDER BY u DESC, 1, 2 LIMIT 20
"""


def timed(run, *, runs: int, warmup: int = 3) -> tuple[float, float]:
    times = []
    for n in range(-warmup, runs):
        start = time.perf_counter()
        run()
        if n >= 0:
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def add_affiliations() -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM providers_hospital")
        if cursor.fetchone()[0]:
            print("hospitals already there: none added")
            return
        start = time.perf_counter()
        params = {"hospitals": HOSPITALS, "share": AFFILIATED_SHARE}
        cursor.execute(ADD_HOSPITALS, params)
        cursor.execute(ADD_AFFILIATIONS, params)
        added = cursor.rowcount
        cursor.execute("ANALYZE providers_hospital")
        cursor.execute("ANALYZE providers_affiliation")
    print(f"{added:,} affiliations added in {time.perf_counter() - start:.0f} s")


def searches(runs: int, slow_runs: int) -> None:
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    with connection.cursor() as cursor:
        # A published specialist with practices and affiliations; a hospital
        # with the median number of affiliated clinicians.
        cursor.execute(
            "SELECT a.specialist_id FROM providers_affiliation a JOIN "
            f"providers_specialist s ON s.id = a.specialist_id WHERE {PUBLISHED} "
            "GROUP BY 1 HAVING count(*) = 2 ORDER BY 1 LIMIT 1 OFFSET 1000"
        )
        (specialist,) = cursor.fetchone()
        cursor.execute(
            "SELECT ccn, n FROM (SELECT h.ccn, count(*) AS n FROM providers_hospital h "
            "JOIN providers_affiliation a ON a.hospital_id = h.id GROUP BY 1) c "
            "ORDER BY n, ccn LIMIT 1 OFFSET %s",
            [HOSPITALS // 2],
        )
        ccn, affiliated = cursor.fetchone()
        cursor.execute(COUNTS_SQL)
        practices, affiliations = cursor.fetchone()
    print(
        f"{practices:,} practice roles, {affiliations:,} affiliation roles; "
        f"hospital {ccn}: {affiliated} affiliated clinicians"
    )
    deep = 1000

    def sql(query, params=None, *, counts=False):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(query, params or {})
                cursor.fetchall()
                if counts:
                    cursor.execute(COUNTS_SQL)
                    cursor.fetchall()

        return run

    cases = [
        (
            "a practitioner's roles",
            f"practitioner=Practitioner/{specialist}",
            sql(PRACTITIONER_SQL, {"id": specialist}),
        ),
        (
            "a hospital's clinicians",
            f"organization=Organization/ccn-{ccn}",
            sql(HOSPITAL_SQL, {"ccn": ccn}),
        ),
        ("every role, page 1", "", sql(LIST_SQL, {"offset": 0}, counts=True)),
        (
            f"every role, page {deep}",
            f"page={deep}",
            sql(LIST_SQL, {"offset": (deep - 1) * 20}, counts=True),
        ),
        (
            "every role, -_lastUpdated",
            "_sort=-_lastUpdated",
            sql(RECENT_SQL, counts=True),
        ),
    ]
    print(
        f"p50 / p95 in ms over {runs} runs after 3 warm-up runs (every role: "
        f"{slow_runs} runs after 1)"
    )
    print("| search | hand SQL | GET /fhir/PractitionerRole | roles on the page |")
    print("|---|---:|---:|---:|")
    for label, query, hand in cases:
        times = (
            {"runs": slow_runs, "warmup": 1}
            if label.startswith("every")
            else {"runs": runs}
        )
        url = f"/fhir/PractitionerRole?{query}"
        response = client.get(url)
        if response.status_code != 200:
            print(f"| {label} | | not served ({response.status_code}) | |")
            continue
        kinds = [
            "aff" if e["resource"]["id"].startswith("aff-") else "practice"
            for e in response.json().get("entry", [])
        ]
        shown = f"{kinds.count('practice')} + {kinds.count('aff')} aff"

        def get(url=url):
            assert client.get(url).status_code == 200

        (a, b), (c, d) = timed(hand, **times), timed(get, **times)
        print(f"| {label} | {a:.1f} / {b:.1f} | {c:.1f} / {d:.1f} | {shown} |")
    url = (
        f"/fhir/Organization?identifier={ccn}&_revinclude=PractitionerRole:organization"
    )
    (c, d) = timed(lambda: client.get(url), runs=runs)
    included = len(client.get(url).json().get("entry", [])) - 1
    print(f"| a hospital by CCN with _revinclude | | {c:.1f} / {d:.1f} | {included} |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--slow-runs",
        type=int,
        default=3,
        help="Runs of the searches of every role (seconds each at 1M).",
    )
    parser.add_argument(
        "--affiliations",
        action="store_true",
        help=f"First add {HOSPITALS:,} hospitals and their affiliations (about "
        f"{AFFILIATED_SHARE:.0%} of specialists, two each) if there are none.",
    )
    args = parser.parse_args(argv)
    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        print(f"database {cursor.fetchone()[0]}; load {os.getloadavg()}")
    if args.affiliations:
        add_affiliations()
    searches(args.runs, args.slow_runs)
    print(f"load at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
