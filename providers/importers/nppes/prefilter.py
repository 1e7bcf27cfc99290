"""Which rows of an NPPES main file reach PostgreSQL, decided on pyarrow's
batches: deactivations, and individuals in scope whose values changed.

Most of the registry is organizations and other professions, and most of a
month's file is what the directory already holds. A row's hash is the MD5 of
its used columns as the file gives them; the source record keeps the hash of
the row it was made from. A row whose hash is kept is unchanged: it is held
back (counted, its line noted), unless its NPI has other rows in the file,
which PostgreSQL then weighs against it (`statements.WITHHELD`).
"""

from hashlib import md5

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from django.db import connection

from providers.importers import tables
from providers.importers.columnar import any_in
from providers.importers.layouts import TAXONOMY_SLOTS
from providers.importers.nppes import statements as sql

HASH = "raw_hash"
SEPARATOR = "\x1f"  # never in a CSV value NPPES writes


def kept_hashes() -> np.ndarray:
    """The first 64 bits of every NPPES source record's row hash, sorted."""
    with connection.cursor() as cursor:
        chunks = []
        with cursor.copy(
            f"COPY (SELECT ('x' || left(row_hash, 16))::bit(64)::bigint "
            f"FROM {tables.SOURCE_RECORD} WHERE source = {tables.NPPES} "
            "AND row_hash ~ '^[0-9a-f]{32}$') TO STDOUT"
        ) as copy:
            for chunk in copy:
                chunks.append(bytes(chunk))
    data = b"".join(chunks)
    if not data:
        return np.empty(0, dtype=np.int64)
    table = pacsv.read_csv(
        pa.BufferReader(data),
        read_options=pacsv.ReadOptions(column_names=["key"]),
        convert_options=pacsv.ConvertOptions(column_types={"key": pa.int64()}),
    )
    del data, chunks
    return np.sort(table.column("key").to_numpy())


class Rows:
    """The `columnar.Prepare` of a main file: organizations counted and left
    out; deactivations sent; individuals (in `scope`, unless None) hashed and
    sent, unless their hash is in `kept` (sorted; None: nothing held back)."""

    def __init__(self, columns: dict[str, str], scope, kept: np.ndarray | None):
        self.entity = columns[sql.FIELDS["entity"]]
        self.deactivated = columns[sql.FIELDS["deactivated_on"]]
        self.npi = columns[sql.FIELDS["npi"]]
        self.codes = [
            columns[f"Healthcare Provider Taxonomy Code_{k}"] for k in TAXONOMY_SLOTS
        ]
        # Hashed in this order whatever the file's: the hash survives a
        # renamed or moved column.
        self.hashed = list(dict.fromkeys(columns[n] for n in sql.required_columns()))
        self.scope = None if scope is None else pa.array(scope, pa.string())
        self.kept = kept
        self.start()

    def start(self) -> None:
        self.organizations = 0
        self.sent_npis: list[pa.Array] = []
        self.withheld_npis: list[pa.Array] = []
        self.withheld_lines: list[pa.Array] = []

    @property
    def withheld(self) -> int:
        return sum(len(a) for a in self.withheld_lines)

    def __call__(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        organization = pc.fill_null(pc.equal(batch.column(self.entity), "2"), False)
        deactivated = pc.is_valid(batch.column(self.deactivated))
        self.organizations += (
            pc.sum(pc.and_(organization, pc.invert(deactivated))).as_py() or 0
        )
        individual = pc.and_(pc.invert(organization), pc.invert(deactivated))
        if self.scope is not None:
            individual = pc.and_(individual, any_in(batch, self.codes, self.scope))
        rows = batch.filter(pc.or_(deactivated, individual))
        hashes, keys = self._hash(rows)
        if self.kept is not None and len(self.kept):
            at = np.searchsorted(self.kept, keys).clip(max=len(self.kept) - 1)
            same = pa.array(
                (self.kept[at] == keys)
                & ~np.array(pc.is_valid(rows.column(self.deactivated)), dtype=bool)
            )
            if pc.any(same).as_py():
                held = rows.filter(same)
                self.withheld_npis.append(held.column(self.npi))
                self.withheld_lines.append(held.column("line"))
                keep = pc.invert(same)
                rows, hashes = rows.filter(keep), hashes.filter(keep)
        self.sent_npis.append(rows.column(self.npi))
        return rows.append_column(HASH, hashes)

    def _hash(self, rows: pa.RecordBatch) -> tuple[pa.Array, np.ndarray]:
        """Each row's hash (hex) and its first 64 bits (as PostgreSQL reads
        them: a signed big-endian integer)."""
        joined = pc.binary_join_element_wise(
            *(pc.fill_null(rows.column(c), "") for c in self.hashed), SEPARATOR
        )
        digests = [md5(value.encode()).digest() for value in joined.to_pylist()]
        keys = np.array(
            [int.from_bytes(d[:8], "big", signed=True) for d in digests],
            dtype=np.int64,
        )
        return pa.array([d.hex() for d in digests], pa.string()), keys

    def withheld_npi_count(self, exclude: list[str]) -> int:
        """How many NPIs the rows held back are of, but those in `exclude`."""
        if not self.withheld_npis:
            return 0
        npis = pc.unique(pa.chunked_array(self.withheld_npis, pa.string()))
        if exclude:
            npis = npis.filter(
                pc.invert(pc.is_in(npis, value_set=pa.array(exclude, pa.string())))
            )
        return len(npis)

    def repeated_withheld(self) -> tuple[list[str], list[int]]:
        """The rows held back whose NPI has other rows sent: (npis, lines)."""
        if not self.withheld_lines:
            return [], []
        npis = pa.chunked_array(self.withheld_npis, pa.string())
        lines = pa.chunked_array(self.withheld_lines, pa.int64())
        sent = pa.chunked_array(self.sent_npis, pa.string())
        both = pc.is_in(npis, value_set=pc.unique(sent))
        return (
            npis.filter(both).to_pylist(),
            lines.filter(both).to_pylist(),
        )
