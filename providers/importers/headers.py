"""Finding a file's columns by name as the published files really write them.

CMS and NPPES name the same column differently from release to release and
from one download page to another: "City/Town" in the CSV, "citytown" in the
API's export, "cty" in the Doctors and Clinicians files before 2024;
" NPI" with a space after a comma, "Pri_spec" or "pri_spec". A name is
compared by its letters and digits only, case aside, so that all of those
are one column; names a file used before today's are mapped by `aliases`.
A file that still lacks a column is refused, naming what is missing.
"""

import re
import zipfile
from pathlib import Path

from providers.importers.copying import (
    ImportFileError,
    SourceFile,
    expand,
    read_header,
)

_NOT_A_LETTER = re.compile(r"[\W_]+")


def key(name: str) -> str:
    """A column name reduced to what identifies it: " ZIP Code", "zip_code"
    and "ZIPCODE" are "zipcode"."""
    return _NOT_A_LETTER.sub("", name.replace("\ufeff", "")).casefold()


class Columns(dict):
    """Column name -> staging column ("c12"), looked up by `key`: the SQL asks
    for today's published names whatever the file wrote."""

    def __getitem__(self, name: str) -> str:
        return super().__getitem__(key(name))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and super().__contains__(key(name))

    def get(self, name: str, default=None):
        return super().get(key(name), default)


def columns_by_name(header: list[str], aliases: dict[str, str] | None = None):
    """The file's columns by name (today's names for the old ones in
    `aliases`: old name -> today's). Of two columns of one name, the first."""
    renamed = {key(old): key(new) for old, new in (aliases or {}).items()}
    columns = Columns()
    for i, name in enumerate(header, 1):
        found = key(name)
        dict.setdefault(columns, renamed.get(found, found), f"c{i}")
    return columns


def missing(columns: Columns, needed: list[str]) -> list[str]:
    return [name for name in needed if name not in columns]


def require(columns: Columns, needed: list[str], source: SourceFile) -> None:
    """One clear line naming every column the importer needs and the file
    lacks, and what the file has instead."""
    lacking = missing(columns, needed)
    if lacking:
        raise ImportFileError(
            f"{source.name}: not the expected layout; missing columns: "
            + ", ".join(f'"{name}"' for name in lacking)
            + f" (it has {len(columns)} columns)."
        )


def choose(
    path: Path, needed: list[str], aliases: dict[str, str] | None, label: str
) -> tuple[SourceFile, list[str], Columns]:
    """The file to read: `path` itself, or the one CSV of a zip (in a folder
    or not, beside a readme or a data dictionary) whose header has the
    `needed` columns. One clear line when there is none, or more than one."""
    try:
        sources = expand([path])
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportFileError(f"{path}: cannot be opened ({error}).") from error
    if not sources:
        raise ImportFileError(f"{path}: the zip holds no CSV file.")
    fitting, nearest = [], None
    for source in sources:
        try:
            header = read_header(source)
        except ImportFileError:
            # Not a CSV of ours: a Mac's "__MACOSX/._name.csv" beside it, say.
            if len(sources) == 1:
                raise
            continue
        columns = columns_by_name(header, aliases)
        lacking = missing(columns, needed)
        if not lacking:
            fitting.append((source, header, columns))
        elif nearest is None or len(lacking) < len(nearest[1]):
            nearest = (source, lacking)
    if len(fitting) == 1:
        return fitting[0]
    if fitting:
        names = ", ".join(source.name for source, _, _ in fitting)
        raise ImportFileError(
            f"{path}: more than one file in it is a {label} ({names}); "
            "give the one to import."
        )
    if nearest is None:
        raise ImportFileError(f"{path}: no CSV file in it has a header to read.")
    source, lacking = nearest
    where = "" if len(sources) == 1 else f" (nor any other CSV in {path.name})"
    raise ImportFileError(
        f"{source.name}: not a {label}{where}; missing columns: "
        + ", ".join(f'"{name}"' for name in lacking)
        + "."
    )
