"""Streaming a source file into an unlogged staging table with COPY.

Inputs are CSV files or members of a zip, read in chunks: memory stays flat
whatever the file's size. The header is read in Python, so that SQL can pick
columns by name; the staging table's columns are c1..cN in the file's order,
plus `line`, the row's line number in the file (the header is line 1).
"""

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.db import DatabaseError, connection, transaction
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
        if path.is_dir():
            raise ImportFileError(f"{path}: is a folder, not a file.")
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
    """Name -> staging column ("c12"), names compared as headers.key does
    (case, spaces and punctuation aside), old names mapped to today's."""
    from providers.importers.headers import columns_by_name  # it imports us

    return columns_by_name(header, aliases)


def require(columns, needed: list[str], source: SourceFile) -> None:
    from providers.importers.headers import require as require_columns

    require_columns(columns, needed, source)


class LineFilter:
    """Chooses, before COPY, the lines worth sending.

    A line is kept when it holds one of `needles` (found with bytes.find, in C)
    or when `starts` (a pattern matched at the start of a line, after its
    newline) matches it. The file is read in chunks of whole lines; each kept
    line is sent with its line number in front. Values must not span lines
    (true of NPPES and CMS files). `tally` counts the lines its pattern matches
    at their start (organizations, say), so lines left out are accounted for.
    """

    def __init__(
        self,
        needles: list[bytes],
        starts: re.Pattern | None = None,
        tally: re.Pattern | None = None,
    ):
        self.needles = [
            needle.encode() if isinstance(needle, str) else needle for needle in needles
        ]
        self.starts = starts
        self.tally = tally
        self.tallied = 0

    def select(self, chunk: bytes, first_line: int) -> bytes:
        """`chunk` holds whole lines, the first being line `first_line`."""
        lined = b"\n" + chunk
        if self.tally is not None:
            self.tallied += len(self.tally.findall(lined))
        # Offsets in `lined` of the newline before each kept line.
        kept = set()
        if self.starts is not None:
            kept.update(match.start() for match in self.starts.finditer(lined))
        for needle in self.needles:
            found = lined.find(needle)
            while found >= 0:
                kept.add(lined.rfind(b"\n", 0, found))
                end = lined.find(b"\n", found)
                found = lined.find(needle, end) if end >= 0 else -1
        out, line, position = [], first_line, 0
        for start in sorted(kept):
            line += lined.count(b"\n", position + 1, start + 1)
            position = start
            end = lined.find(b"\n", start + 1)
            out.append(
                b"%d,%b\n" % (line, lined[start + 1 : end if end >= 0 else None])
            )
        return b"".join(out)


class WithoutLines(LineFilter):
    """Every line `only` keeps (every line without it) but the `dropped` ones."""

    def __init__(self, dropped: set[int], only: LineFilter | None):
        super().__init__([], starts=re.compile(rb"\n(?=[^\n])"))
        self.dropped = dropped
        self.only = only

    def select(self, chunk: bytes, first_line: int) -> bytes:
        if self.only is not None:
            kept = self.only.select(chunk, first_line)
            self.tallied = self.only.tallied
        else:
            kept = super().select(chunk, first_line)
        return b"".join(
            line
            for line in kept.splitlines(keepends=True)
            if int(line[: line.index(b",")]) not in self.dropped
        )


CUT_SHORT = "cut short"
# The longest value malformed_lines reads (PostgreSQL's own limit is 1 GB).
LONGEST_VALUE = 1 << 30


def not_utf8(raw: bytes, error: UnicodeDecodeError) -> str:
    """Why a line is refused when a byte of it is not UTF-8: where, and what
    the byte reads as in Windows-1252, the likeliest other encoding (a file
    saved by Windows software; some load older CMS files as Latin-1)."""
    byte = raw[error.start : error.start + 1]
    guess = byte.decode("cp1252", errors="replace")
    return (
        f"malformed row: not UTF-8 (byte 0x{byte.hex().upper()}, "
        f"{guess!r} in Windows-1252, at byte {error.start + 1} of the line); "
        "convert the file to UTF-8 (iconv -f WINDOWS-1252 -t UTF-8) and "
        "import it again to keep this line"
    )


def malformed_lines(source: SourceFile, width: int) -> list[tuple[int, str]]:
    """The lines (numbered as in the file, the header being 1) that are not one
    CSV row of `width` values, each with the reason. Values never span lines in
    the files we read, so an open quote at the end of a line is an error here,
    as PostgreSQL would read on into the next rows. Reads the file in Python:
    only a file that COPY refused pays for it."""
    bad = []
    # PostgreSQL took values of any length: so does this reading of them (the
    # csv module's default stops at 131,072 characters).
    csv.field_size_limit(max(csv.field_size_limit(), LONGEST_VALUE))
    with source.open() as f:
        f.readline()
        for number, raw in enumerate(f, start=2):
            if not raw.strip(b"\r\n"):
                bad.append((number, "blank line"))
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                bad.append((number, not_utf8(raw, error)))
                continue
            if text.count('"') % 2:
                bad.append((number, "malformed row: a quote is never closed"))
                continue
            try:
                values = next(csv.reader([text], strict=True), [])
            except csv.Error as error:
                bad.append((number, f"malformed row: {error}"))
                continue
            if len(values) != width:
                bad.append(
                    (number, f"malformed row: {len(values)} values, not {width}")
                )
        if bad and bad[-1][0] == number and not raw.endswith(b"\n"):
            # The last line, unfinished: the file is cut short, not one bad row.
            bad[-1] = (number, CUT_SHORT)
    return bad


def copy_into_staging(
    source: SourceFile,
    table: str,
    width: int,
    *,
    progress: bool,
    only: LineFilter | None = None,
    malformed: list[tuple[int, str]] | None = None,
    analyze: tuple[str, ...] = (),
) -> int:
    """(Re)create unlogged `table` with `width` text columns and COPY the file's
    rows into it, the header left out. Quoted empty values become NULL. Returns
    the rows read. Shows bytes read, rows a second and time left. With `only`,
    only the lines it keeps are sent; `analyze` names the columns whose
    statistics the planner needs (default: all).

    Rows carry `line`, their line in the file (the header is line 1), which
    holds while no value spans lines (NPPES and CMS values never do).

    A file COPY refuses (an unclosed quote, too few or too many values, bytes
    that are not UTF-8) is an ImportFileError, nothing loaded; unless the
    caller gives a `malformed` list: then the lines at fault are found, added
    to it as (line, reason) for the importer's rejects file, and every other
    line is copied again. A malformed line is never loaded either way, and a
    file whose last line stops unfinished (a download cut short) is always an
    ImportFileError."""
    try:
        return _copy_file(
            source, table, width, progress=progress, only=only, analyze=analyze
        )
    except ImportFileError as error:
        refused = isinstance(error.__cause__, DatabaseError | psycopg.Error)
        if not refused or malformed is None:
            raise
        bad = malformed_lines(source, width)
        if not bad or bad[-1][1] == CUT_SHORT:
            raise  # a download stopped part way: nothing is imported
    malformed.extend(bad)
    without = WithoutLines({line for line, _ in bad}, only)
    read = _copy_file(
        source, table, width, progress=progress, only=without, analyze=analyze
    )
    if only is not None:
        only.tallied = without.tallied
    return read


def _copy_file(
    source: SourceFile,
    table: str,
    width: int,
    *,
    progress: bool,
    only: LineFilter | None,
    analyze: tuple[str, ...],
) -> int:
    columns = ", ".join(f"c{i}" for i in range(1, width + 1))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        line = (
            "line bigint"
            if only
            else ("line bigint GENERATED ALWAYS AS IDENTITY (START WITH 2)")
        )
        cursor.execute(
            f"CREATE UNLOGGED TABLE {table} ({line}, "
            + ", ".join(f"c{i} text" for i in range(1, width + 1))
            + ") WITH (autovacuum_enabled = false)"
        )
        sent = f"line, {columns}" if only else columns
        sql = (
            f"COPY {table} ({sent}) FROM STDIN "
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
        try:
            # A savepoint: a bad file leaves the caller's transaction usable.
            with transaction.atomic():
                read = _copy(source, cursor, sql, bar, only)
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            raise ImportFileError(
                f"{source.name}: the zip is damaged or cut short ({error})."
            ) from error
        except (DatabaseError, psycopg.Error) as error:
            # COPY's own words name the line: "unterminated CSV quoted field",
            # "extra data after last expected column", an invalid UTF-8 byte.
            detail = str(error).strip().splitlines()
            where = next((d for d in detail if d.startswith("CONTEXT")), "")
            raise ImportFileError(
                f"{source.name}: not a well-formed CSV file: {detail[0]}"
                + (f" ({where.removeprefix('CONTEXT:').strip()})" if where else "")
                + ". Is it cut short? Nothing was imported."
            ) from error
        # Without statistics the planner takes the table for empty and joins
        # it by nested loops: at 6 million rows, a scan of the 42,000 ZIP
        # centroids for every row (days instead of seconds). Its size is what
        # matters: `analyze` names the columns worth statistics (all if none).
        columns = f" ({', '.join(analyze)})" if analyze else ""
        cursor.execute(f"ANALYZE {table}{columns}")
        return read


def _copy(source, cursor, sql, bar, only) -> int:
    """Send the file (or the lines `only` keeps) through COPY; the rows read."""
    lines, rest = 0, b""
    with source.open() as f, bar, cursor.copy(sql) as copy:
        bar.update(len(f.readline()))
        while chunk := f.read(CHUNK):
            bar.update(len(chunk))
            if only:
                # Whole lines only: a cut line waits for the next chunk.
                data = rest + chunk
                cut = data.rfind(b"\n") + 1
                data, rest = data[:cut], data[cut:]
                copy.write(only.select(data, lines + 2))
                lines += data.count(b"\n")
            else:
                copy.write(chunk)
                lines += chunk.count(b"\n")
            elapsed = bar.format_dict["elapsed"] or 1e-9
            bar.set_postfix_str(f"{lines / elapsed:,.0f} rows/s", refresh=False)
        if only and rest.strip():
            copy.write(only.select(rest + b"\n", lines + 2))
            lines += 1
    return lines if only else cursor.rowcount
