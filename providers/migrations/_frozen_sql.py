"""Reads the search index's frozen SQL (providers/search/sql/) for a migration.

The leading underscore keeps Django's migration loader from taking this module
for a migration. Each migration names the file and the SHA-256 it was written
with: an edited file stops the migration rather than install other SQL than
the migration's history says.
"""

import hashlib
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent.parent / "search" / "sql"


def frozen_sql(name: str, sha256: str) -> str:
    text = (SQL_DIR / name).read_text(encoding="utf-8")
    found = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if found != sha256:
        raise RuntimeError(
            f"providers/search/sql/{name} was edited after a migration froze it "
            f"(SHA-256 {found}, expected {sha256}). Put the change in a new "
            "version and a new migration instead."
        )
    return text
