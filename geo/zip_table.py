"""The gazetteer's ZIP centroids as a table, so bulk importers place rows in SQL.

Precision is a ZIP centroid (`Location.Precision.ZIP`); a ZIP+4 is placed by its
first five digits. Only geo code reads the gazetteer: importers join this table.
"""

import io

from django.db import connection, transaction

from geo import gazetteer
from geo.models import ZipCentroid


@transaction.atomic
def ensure_zip_centroids() -> int:
    """Fill the ZIP table from the gazetteer if it is empty. Returns rows added.

    About 42,000 rows through one COPY: under a second. A no-op when filled.
    """
    if ZipCentroid.objects.exists():
        return 0
    buffer = io.StringIO()
    for entry in gazetteer.zip_entries():
        city = entry.city.replace("\t", " ")
        buffer.write(
            f"{entry.zip_code}\t{city}\t{entry.state}\t"
            f"SRID=4326;POINT({entry.longitude} {entry.latitude})\n"
        )
    table = ZipCentroid._meta.db_table
    with connection.cursor() as cursor:
        with cursor.copy(
            f"COPY {table} (zip_code, city, state, point) FROM STDIN"
        ) as copy:
            copy.write(buffer.getvalue())
        cursor.execute(f"ANALYZE {table}")
        return ZipCentroid.objects.count()
