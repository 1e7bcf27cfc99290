"""Search index SQL version 5: a transaction may defer the index's refresh
to its end (`providers.search.deferred`), refreshing every listing it wrote
once, in one set-based statement, instead of once a statement."""

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


V4 = frozen_sql(
    "v4.sql", "c15f2c0f019188154fedb80913f5ffe99926a183d06674bcbc855a76f4a3568c"
)
V5 = frozen_sql(
    "v5.sql", "b2f6e6b77961b13e5eeffec1401e134f9804eab0a21a3c800f4048d649c802cc"
)
V5_DOWN = frozen_sql(
    "v5_down.sql", "253c0ffaac4d60e473b34a7d12104c77c44485c4d05d09644e69a58cecd3de26"
)


class Migration(migrations.Migration):
    dependencies = [("providers", "0019_search_walk_point")]

    # What the index holds is unchanged: no refresh needed either way.
    operations = [migrations.RunSQL(V5_DOWN + V5, V5_DOWN + V4)]
