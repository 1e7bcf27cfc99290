"""Streaming a source file into an unlogged staging table with COPY.

Inputs are CSV files or members of a zip, read in chunks: memory stays flat
whatever the file's size. The header is read in Python, so that SQL can pick
columns by name; the staging table's columns are c1..cN in the file's order,
plus `line`, the row's line number in the file (the header is line 1).
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from tqdm import tqdm

CHUNK = 1 << 20


class ImportFileError(Exception):
    """The file cannot be imported at all: missing, wrong layout, unreadable."""


@dataclass(frozen=True)
class SourceFile:
    """A CSV file on disk, or a member of a zip archive."""

    path: Path
    member: str | None = None

    @property
    def name(self) -> str:
        return self.member or self.path.name

    @property
    def size(self) -> int:
        if self.member:
            with zipfile.ZipFile(self.path) as archive:
                return archive.getinfo(self.member).file_size
        return self.path.stat().st_size

    @contextmanager
    def open(self) -> Iterator[io.BufferedIOBase]:
        if self.member:
            with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as f:
                yield f
        else:
            with open(self.path, "rb") as f:
                yield f


def expand(paths: list[Path]) -> list[SourceFile]:
    """The CSV files named, and the CSV members of the zips named, in order."""
    files = []
    for path in paths:
        if not path.exists():
            raise ImportFileError(f"{path}: no such file.")
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = sorted(
                    name
                    for name in archive.namelist()
                    if name.lower().endswith(".csv")
                    and not name.lower().endswith("fileheader.csv")
                )
            files.extend(SourceFile(path, member) for member in members)
        else:
            files.append(SourceFile(path))
    return files


def read_header(source: SourceFile) -> list[str]:
    """The column names of the file's first line."""
    with source.open() as f:
        first = f.readline()
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{source.name}: the header is not UTF-8.") from error
    header = next(csv.reader([text]), [])
    if not header:
        raise ImportFileError(f"{source.name}: the file is empty.")
    return header


def column_map(header: list[str], aliases: dict[str, str] | None = None):
    """Name -> staging column ("c12"), with old names mapped to today's."""
    aliases = aliases or {}
    return {aliases.get(name, name): f"c{i}" for i, name in enumerate(header, 1)}


def require(columns: dict, needed: list[str], source: SourceFile) -> None:
    missing = [name for name in needed if name not in columns]
    if missing:
        raise ImportFileError(
            f"{source.name}: not the expected layout; missing columns: "
            + ", ".join(f'"{name}"' for name in missing)
        )


def copy_into_staging(
    source: SourceFile, table: str, width: int, *, progress: bool
) -> int:
    """(Re)create unlogged `table` with `width` text columns and COPY the file's
    rows into it, the header left out. Quoted empty values become NULL. Returns
    the rows loaded. Shows bytes sent, rows a second and time left.

    Rows carry `line`, their line in the file (the header is line 1), which
    holds while no value spans lines (NPPES and CMS values never do)."""
    columns = ", ".join(f"c{i}" for i in range(1, width + 1))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(
            f"CREATE UNLOGGED TABLE {table} ("
            "line bigint GENERATED ALWAYS AS IDENTITY (START WITH 2), "
            + ", ".join(f"c{i} text" for i in range(1, width + 1))
            + ") WITH (autovacuum_enabled = false)"
        )
        sql = (
            f"COPY {table} ({columns}) FROM STDIN "
            f"(FORMAT csv, ENCODING 'UTF8', FORCE_NULL ({columns}))"
        )
        bar = tqdm(
            total=source.size,
            unit="B",
            unit_scale=True,
            desc=source.name[:40],
            disable=not progress,
            dynamic_ncols=True,
        )
        lines = 0
        with source.open() as f, bar, cursor.copy(sql) as copy:
            bar.update(len(f.readline()))
            while chunk := f.read(CHUNK):
                copy.write(chunk)
                bar.update(len(chunk))
                lines += chunk.count(b"\n")
                elapsed = bar.format_dict["elapsed"] or 1e-9
                bar.set_postfix_str(f"{lines / elapsed:,.0f} rows/s", refresh=False)
        return cursor.rowcount
