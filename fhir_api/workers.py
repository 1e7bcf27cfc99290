"""The bulk export's worker processes: each sets Django up, connects with the
parent's database settings, and writes whole NDJSON files inside the parent's
exported snapshot.

This module imports no models at the top: a spawned process imports it
before Django is set up (to find `start`, its initializer).
"""

import django

_updates = None  # the parent's progress queue, or None: no progress wanted


def start(database: dict, updates) -> None:
    """A worker's initializer: Django set up with the parent's database (under
    pytest, the test database), and the queue that progress goes to."""
    global _updates
    django.setup()
    from django.db import connection

    connection.settings_dict.update(database)
    _updates = updates


def write_file(resource_type: str, directory, snapshot: str, options: dict) -> int:
    """Writes `resource_type`'s file as the parent's `snapshot` saw the
    directory; answers how many resources it holds. The connection is closed
    afterwards, so nothing is left open in the server when the pool ends."""
    from django.db import connection, transaction

    from fhir_api import export

    def progress(resource_type, total):
        _updates.put(("start", resource_type, total))
        return lambda n: _updates.put(("advance", resource_type, n))

    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
                )
                cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
            return export.write_file(
                resource_type,
                directory,
                progress=progress if _updates is not None else None,
                **options,
            )
    finally:
        connection.close()
