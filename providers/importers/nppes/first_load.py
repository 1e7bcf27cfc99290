"""A first load into an empty directory: indexes, keys and the search index
built once afterwards, instead of kept up row by row for millions of rows.

Used only when the directory holds no specialist at all, inside the import's
transaction: nobody's listing can be missed, and a failed load rolls every
dropped index, key and disabled trigger back with the rows.
"""

from django.db import connection

from providers.importers import tables
from providers.search.rebuild import rebuild

TABLES = [
    tables.SPECIALIST,
    tables.LOCATION,
    tables.PRACTICE,
    tables.SOURCE_RECORD,
    tables.SOURCE_LOCATION,
    tables.SPECIALIST_SPECIALTIES,
]
# The search index's statement triggers (providers/migrations/sql/): each
# refreshes the index rows of the listings a statement wrote.
SEARCH_TRIGGERS = r"search\_%"


def directory_is_empty() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {tables.SPECIALIST})")
        (empty,) = cursor.fetchone()
    return empty


class Deferred:
    """What `defer()` took off the listing tables, to put back in `restore()`."""

    def __init__(self):
        self.triggers: list[tuple[str, str]] = []
        self.indexes: list[str] = []
        self.constraints: list[tuple[str, str, str]] = []


def defer() -> Deferred:
    """Take the search triggers, the secondary indexes, the unique and foreign
    keys off the listing tables (primary keys and checks stay: the import's
    ON CONFLICT needs the source record's). Disabling a trigger takes the
    table's owner, not a superuser (unlike session_replication_role); it is
    only safe here because the directory is empty and the tables locked until
    the commit: the search index is rebuilt whole in `restore`."""
    deferred = Deferred()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger "
            "WHERE NOT tgisinternal AND tgname LIKE %s "
            "AND tgrelid::regclass::text = ANY(%s) AND tgenabled <> 'D'",
            [SEARCH_TRIGGERS, TABLES],
        )
        deferred.triggers = cursor.fetchall()
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype IN ('u', 'f') "
            "AND conrelid::regclass::text = ANY(%s) ORDER BY contype",
            [TABLES],
        )
        deferred.constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
            "FROM pg_index i WHERE i.indrelid::regclass::text = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conindid = i.indexrelid)",
            [TABLES],
        )
        indexes = cursor.fetchall()
        for table, trigger in deferred.triggers:
            cursor.execute(f'ALTER TABLE {table} DISABLE TRIGGER "{trigger}"')
        # Foreign keys first (the list is ordered so), then unique keys.
        for table, name, _ in deferred.constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
            deferred.indexes.append(definition)
    return deferred


def restore(deferred: Deferred, step, *, search_index: bool = True) -> int:
    """Build the indexes and keys again, each in one pass over its table, turn
    the triggers back on and rebuild the search index whole, in spatial order
    (unless `search_index` is false: then it stays empty, for one
    `rebuild_search_index` after further loads). Returns the search index's rows."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for definition in deferred.indexes:
            cursor.execute(definition)
        for table in TABLES:
            cursor.execute(f"ANALYZE {table}")
        step.done("indexes built")
        # Unique keys before the foreign keys that may need them.
        for table, name, definition in reversed(deferred.constraints):
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        step.done("keys checked")
        for table, trigger in deferred.triggers:
            cursor.execute(f'ALTER TABLE {table} ENABLE TRIGGER "{trigger}"')
    if not search_index:
        # The directory was empty and the triggers off: the index is empty.
        step.done("search index left empty: run rebuild_search_index")
        return 0
    rows = rebuild()
    step.done(f"search index rebuilt ({rows:,} rows)")
    return rows
