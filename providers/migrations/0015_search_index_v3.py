"""Search index SQL version 3: a practice's Medicare columns do not refresh the
index (a monthly Doctors and Clinicians import updates them on every listed
practice; refreshing a million specialists' rows for columns the index does
not hold would cost the import minutes)."""

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


V2 = frozen_sql("v2.sql", "d5eb8d24f14e4c424fc869825c14bf7bbe47e3765f0baf4e001bff403ac3429c")
V3 = frozen_sql("v3.sql", "00bf15f1de88b4c893eb26270862dad84989e0a52a1129b6f1e0877d6a778b87")
V3_DOWN = frozen_sql(
    "v3_down.sql", "e3d097b832cfa34da6b52203a77b91e4d6efb0dadc270cfabcfedb340442047b"
)


class Migration(migrations.Migration):
    dependencies = [("providers", "0014_not_known")]

    # What the index holds is unchanged: no refresh needed either way.
    operations = [migrations.RunSQL(V3_DOWN + V3, V3_DOWN + V2)]
