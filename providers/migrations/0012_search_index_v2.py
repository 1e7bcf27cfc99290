"""Search index SQL version 2: procedures billed to Medicare count as performed.

Version 1's file was changed in place once (before SQL was frozen), so a
database migrated before that change kept the old triggers. This migration
installs version 2 wherever version 1 (or that in-between state) is found, and
refreshes every listing's entries under the new rules.
"""

import hashlib
from pathlib import Path

from django.db import migrations

# The SQL this migration runs, frozen beside it in sql/: read here, by no app
# code, and checked against the SHA-256 it was written with, so an edited file
# stops the migration rather than install other SQL than its history says.
SQL_DIR = Path(__file__).resolve().parent / "sql"


def frozen_sql(name: str, sha256: str) -> str:
    text = (SQL_DIR / name).read_text(encoding="utf-8")
    found = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if found != sha256:
        raise RuntimeError(
            f"providers/migrations/sql/{name} was edited after a migration froze "
            f"it (SHA-256 {found}, expected {sha256}). Put the change in a new "
            "version and a new migration instead."
        )
    return text


V1 = frozen_sql("v1.sql", "4b25fde4caafebb848db2c4aa91dc3b152a89fbc60d0b62cd0f7e5da3064f135")
V2 = frozen_sql("v2.sql", "d5eb8d24f14e4c424fc869825c14bf7bbe47e3765f0baf4e001bff403ac3429c")
V2_DOWN = frozen_sql(
    "v2_down.sql", "58e3a24fece22979e68955980b433ce2e6f3249b8eb8fb4d7041a933ac4de01f"
)
# Version 2 changed what a row holds only for specialists with Medicare volumes.
REFRESH = """
SELECT providers_search_refresh(
    ARRAY(SELECT DISTINCT specialist_id FROM providers_servicevolume));
"""


class Migration(migrations.Migration):

    dependencies = [
        ("providers", "0011_search_index"),
    ]

    operations = [
        migrations.RunSQL(V2_DOWN + V2 + REFRESH, V2_DOWN + V1 + REFRESH),
    ]
