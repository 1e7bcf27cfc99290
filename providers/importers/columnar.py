"""Loading only the columns an importer uses of a wide CSV file: pyarrow's CSV
reader (C++, on every core) parses the file in blocks, the importer's filter
picks the rows worth sending, and COPY loads those rows and columns alone.

Each row keeps its line in the file (the header is line 1): values never span
lines in the files we read (NPPES, CMS), so a row's line is its position. A
file with malformed lines is read again without them (their numbers and
reasons found in Python, as `copying.malformed_lines` does), and every other
row keeps its true line.
"""

import io
import zipfile
import zlib
from typing import Protocol

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from django.db import DatabaseError, connection, transaction
from tqdm import tqdm

from providers.importers.copying import (
    CUT_SHORT,
    ImportFileError,
    SourceFile,
    malformed_lines,
)

# Bytes pyarrow parses at a time: as fast as 16 MB on two cores (measured), and
# pyarrow reads several blocks ahead: 64 MB blocks took 1.5 GB of memory.
BLOCK = 1 << 22


class Prepare(Protocol):
    """What an importer does with each batch before COPY: `start()` before
    the first (again if the file is read again), then each batch (its used
    columns and `line`) in, the rows to send out (any columns added are
    among `extra`)."""

    def start(self) -> None: ...

    def __call__(self, batch: pa.RecordBatch) -> pa.RecordBatch: ...


class _Stream(io.RawIOBase):
    """The file as pyarrow reads it: bytes counted on the progress bar, and
    the `dropped` lines (malformed ones) left out."""

    def __init__(self, f, bar, dropped: frozenset[int]):
        self.f, self.bar, self.dropped = f, bar, dropped
        self.pending = b""
        self.line = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._without(len(buffer)) if self.dropped else self.f.read(len(buffer))
        if not self.dropped:
            self.bar.update(len(data))
        buffer[: len(data)] = data
        return len(data)

    def _without(self, size: int) -> bytes:
        out, total = [self.pending], len(self.pending)
        while total < size:
            line = self.f.readline()
            if not line:
                break
            self.line += 1
            self.bar.update(len(line))
            if self.line not in self.dropped:
                out.append(line)
                total += len(line)
        data = b"".join(out)
        self.pending = data[size:]
        return data[:size]


def true_lines(first: int, count: int, dropped: np.ndarray) -> np.ndarray:
    """The file's line numbers of `count` rows read in order from row `first`
    (0 for the first row after the header), `dropped` (sorted) left out."""
    plain = np.arange(first + 2, first + 2 + count, dtype=np.int64)
    lines = plain
    while True:
        moved = plain + np.searchsorted(dropped, lines, side="right")
        if np.array_equal(moved, lines):
            return lines
        lines = moved


def load_columns(
    source: SourceFile,
    table: str,
    width: int,
    columns: list[str],
    *,
    prepare: Prepare | None = None,
    extra: tuple[str, ...] = (),
    progress: bool,
    malformed: list[tuple[int, str]] | None = None,
    analyze: tuple[str, ...] | None = None,
) -> tuple[int, int]:
    """(Re)create unlogged `table` (line bigint, then `columns`, text, named
    c1..cN by their place in the file's `width` columns, then `extra`) and
    load the rows `prepare` gives (all if None), empty values as NULL.
    Returns (rows read, rows sent); malformed lines are not counted as read.

    A file pyarrow cannot parse (a row of another width, an unclosed quote,
    bytes that are not UTF-8 in a used column) is an ImportFileError, nothing
    loaded; unless the caller gives a `malformed` list: then the lines at
    fault are added to it as (line, reason) and the rest is loaded. A file
    whose last line stops unfinished (a download cut short) is always an
    ImportFileError.

    The table is analyzed once loaded: its `analyze` columns only, if given
    (the row count is always updated), else all."""
    args = (source, table, width, columns, prepare, extra, progress, analyze)
    try:
        return _load(*args, ())
    except _Unreadable as error:
        if malformed is None:
            raise error.as_import_error(source) from error
        bad = malformed_lines(source, width)
        if not bad or bad[-1][1] == CUT_SHORT:
            raise error.as_import_error(source) from error
    malformed.extend(bad)
    return _load(*args, frozenset(line for line, _ in bad))


class _Unreadable(Exception):
    def as_import_error(self, source: SourceFile) -> ImportFileError:
        return ImportFileError(
            f"{source.name}: not a well-formed CSV file: {self}. "
            "Is it cut short? Nothing was imported."
        )


def _load(source, table, width, columns, prepare, extra, progress, analyze, dropped):
    names = [f"c{i}" for i in range(1, width + 1)]
    options = (
        pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=BLOCK),
        # A newline always ends a row: an unclosed quote spoils one line, not
        # the rest of the file.
        pacsv.ParseOptions(newlines_in_values=False),
        pacsv.ConvertOptions(
            include_columns=columns,
            column_types=dict.fromkeys(columns, pa.string()),
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
        ),
    )
    skipped = np.array(sorted(dropped), dtype=np.int64)
    bar = tqdm(
        total=source.size, unit="B", unit_scale=True, desc=source.name[:40],
        disable=not progress, dynamic_ncols=True,
    )  # fmt: skip
    read = sent = 0
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(
            f"CREATE UNLOGGED TABLE {table} (line bigint, "
            + ", ".join(f"{c} text" for c in [*columns, *extra])
            + ") WITH (autovacuum_enabled = false)"
        )
        if prepare is not None:
            prepare.start()
        copy_sql = None
        try:
            # A savepoint: a bad file leaves the caller's transaction usable.
            with (
                transaction.atomic(),
                source.open() as f,
                bar,
            ):
                reader = pacsv.open_csv(_Stream(f, bar, dropped), *options)
                for batch in reader:
                    count = batch.num_rows
                    lines = pa.array(true_lines(read, count, skipped))
                    read += count
                    rows = pa.RecordBatch.from_arrays(
                        [lines, *batch.columns], names=["line", *batch.schema.names]
                    )
                    if prepare is not None:
                        rows = prepare(rows)
                    if rows.num_rows:
                        if copy_sql is None:
                            names = ", ".join(rows.schema.names)
                            copy_sql = f"COPY {table} ({names}) FROM STDIN (FORMAT csv)"
                        out = io.BytesIO()
                        pacsv.write_csv(
                            rows, out, pacsv.WriteOptions(include_header=False)
                        )
                        with cursor.copy(copy_sql) as copy:
                            copy.write(out.getbuffer())
                        sent += rows.num_rows
                    bar.set_postfix_str(f"{read:,} rows", refresh=False)
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            raise ImportFileError(
                f"{source.name}: the zip is damaged or cut short ({error})."
            ) from error
        except pa.ArrowInvalid as error:
            raise _Unreadable(str(error).splitlines()[0]) from error
        except DatabaseError as error:
            raise ImportFileError(
                f"{source.name}: not loaded: {str(error).strip().splitlines()[0]}"
            ) from error
        # Without statistics the planner takes the table for empty (see
        # copying.py): a join to it would be planned by nested loops.
        only = f" ({', '.join(analyze)})" if analyze else ""
        cursor.execute(f"ANALYZE {table}{only}")
    return read, sent


def any_in(batch: pa.RecordBatch, columns: list[str], values: pa.Array) -> pa.Array:
    """Rows where any of `columns` holds one of `values` (nulls are not)."""
    found = None
    for column in columns:
        hit = pc.fill_null(pc.is_in(batch.column(column), value_set=values), False)
        found = hit if found is None else pc.or_(found, hit)
    return found
