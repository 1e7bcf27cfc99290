"""Search index SQL version 4: the update triggers find changed rows with
EXCEPT, linear in the statement's rows, instead of a join of its old and new
rows that the planner ran as a nested loop (minutes for a month's practices)."""

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


V3 = frozen_sql("v3.sql", "00bf15f1de88b4c893eb26270862dad84989e0a52a1129b6f1e0877d6a778b87")
V4 = frozen_sql("v4.sql", "c15f2c0f019188154fedb80913f5ffe99926a183d06674bcbc855a76f4a3568c")
V4_DOWN = frozen_sql(
    "v4_down.sql", "1558e151c06778f247e154f811ff95cd1d810102f3f119955e33935b4ff1e5ff"
)


class Migration(migrations.Migration):
    dependencies = [("providers", "0017_clinician_updated")]

    # What the index holds is unchanged: no refresh needed either way.
    operations = [migrations.RunSQL(V4_DOWN + V4, V4_DOWN + V3)]
