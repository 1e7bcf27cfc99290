"""The search index as a whole: rebuild it afresh, in spatial order.

The triggers of `search_index_sql` keep every row in step as listings change.
After a national import the table holds millions of rows in the order they were
written, so a nearest-first walk touches thousands of scattered pages;
`rebuild()` writes a new table sorted by geohash (neighbours on the same pages)
and swaps it in. Never CLUSTER the live table: it locks out every search for
the whole rewrite.
"""

from django.db import connection, transaction

from providers.search_index_sql import ALL_ROWS, COLUMNS

TABLE = "providers_searchentry"
NEXT = "providers_searchentry_next"


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
            "INCLUDING CONSTRAINTS)"
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
