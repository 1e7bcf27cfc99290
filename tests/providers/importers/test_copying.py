"""Staging a file: every row in, and the table ready for the planner."""

import pytest
from django.db import connection

from providers.importers.copying import SourceFile, copy_into_staging

pytestmark = pytest.mark.django_db


def test_a_staged_file_is_analyzed_so_joins_to_it_are_planned_for_its_size(
    tmp_path,
):
    path = tmp_path / "rows.csv"
    path.write_text("zip,n\n" + "".join(f"{15200 + n % 90},{n}\n" for n in range(3000)))

    read = copy_into_staging(SourceFile(path), "test_staging", 2, progress=False)

    assert read == 3000
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'test_staging'")
        assert cursor.fetchone()[0] == 3000  # unanalyzed: -1, "never counted"
        cursor.execute(
            "EXPLAIN SELECT * FROM test_staging s "
            "LEFT JOIN geo_zipcentroid z ON z.zip_code = s.c1"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # Unanalyzed, the table looks empty: every ZIP is scanned for each row.
    assert "Seq Scan on geo_zipcentroid" not in plan, plan
