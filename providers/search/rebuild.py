"""The search index as a whole: rebuild it afresh, in spatial order.

Triggers keep every row in step as listings change (their SQL is frozen in
`providers/migrations/sql/`, installed by migrations).
After a national import the table holds millions of rows in the order they were
written, so a nearest-first walk touches thousands of scattered pages;
`rebuild()` writes a new table sorted by geohash (neighbours on the same pages)
and swaps it in. Never CLUSTER the live table: it locks out every search for
the whole rewrite.
"""

from django.db import connection, transaction

TABLE = "providers_searchentry"
NEXT = "providers_searchentry_next"

COLUMNS = (
    "id, specialist_id, location_id, point, procedure_ids, specialty_ids, "
    "languages, accepting_new_patients, telehealth, last_name_key, first_name_key"
)

# The rows of the index, for the whole table at once: the same rows as the
# view `providers_searchsource` of the newest providers/migrations/sql/vN.sql,
# the procedure and specialty lists aggregated in one pass each (hash joins)
# rather than looked up per row. `rebuild` writes it; a test checks it equals
# what the triggers keep.
ALL_ROWS = """
SELECT p.id, p.specialist_id, p.location_id, l.point,
       coalesce(pr.ids, '{}') AS procedure_ids,
       coalesce(sp.ids, '{}') AS specialty_ids,
       s.languages, s.accepting_new_patients, s.telehealth,
       lower(s.last_name)::varchar(100) AS last_name_key,
       lower(s.first_name)::varchar(100) AS first_name_key
FROM providers_specialist s
JOIN providers_practice p ON p.specialist_id = s.id
JOIN providers_location l ON l.id = p.location_id
LEFT JOIN (SELECT specialist_id, array_agg(DISTINCT procedure_id::integer) AS ids
           FROM (SELECT specialist_id, procedure_id
                 FROM providers_specialist_procedures
                 UNION ALL
                 SELECT specialist_id, procedure_id FROM providers_servicevolume) d
           GROUP BY 1) pr
       ON pr.specialist_id = s.id
LEFT JOIN (SELECT specialist_id, array_agg(specialty_id::integer ORDER BY 1) AS ids
           FROM providers_specialist_specialties GROUP BY 1) sp
       ON sp.specialist_id = s.id
WHERE s.status = 'published'
"""


@transaction.atomic
def rebuild() -> int:
    """Build the index again from the listings, in geohash order, with its
    indexes, then swap it for the live table. Returns the number of rows.

    Searches go on reading the old table until the swap, which holds an
    exclusive lock only for the rename. Writes to listings wait for the
    rebuild (the old table is locked against writes from the start), so none
    is lost between the build and the swap. Minutes at national scale.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {TABLE} IN EXCLUSIVE MODE")
        cursor.execute(f"DROP TABLE IF EXISTS {NEXT}")
        cursor.execute(
            f"CREATE TABLE {NEXT} (LIKE {TABLE} INCLUDING DEFAULTS "
            "INCLUDING CONSTRAINTS INCLUDING GENERATED)"
        )
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        cursor.execute(
            f"INSERT INTO {NEXT} ({COLUMNS}) SELECT {COLUMNS} "
            f"FROM ({ALL_ROWS}) AS rows ORDER BY ST_GeoHash(point::geometry)"
        )
        rows = cursor.rowcount
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s",
            [TABLE],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            f"ALTER TABLE {NEXT} ADD CONSTRAINT {NEXT}_pkey PRIMARY KEY (id)"
        )
        renames = [(f"{NEXT}_pkey", f"{TABLE}_pkey")]
        for name, definition in indexes:
            if name == f"{TABLE}_pkey":
                continue
            cursor.execute(
                definition.replace(f"INDEX {name} ON", f"INDEX {name}_next ON").replace(
                    f"public.{TABLE} ", f"public.{NEXT} "
                )
            )
            renames.append((f"{name}_next", name))
        cursor.execute(f"DROP TABLE {TABLE}")
        cursor.execute(f"ALTER TABLE {NEXT} RENAME TO {TABLE}")
        for old, new in renames:
            cursor.execute(f"ALTER INDEX {old} RENAME TO {new}")
        cursor.execute(f"ANALYZE {TABLE}")
    return rows
