"""What the published files do beyond their layout, applied to a file a
generator wrote: a UTF-8 byte-order mark, Windows line ends, header names
spelt as other releases spell them, a name in Latin-1 bytes, a very long
value, a line given twice; and the download zip, whose CSV sits in a folder
beside a readme and a data dictionary.

Each was seen in the published files or in the code of others who load them
(docs/clinicians.md lists them with what the importers do).
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Dressing:
    """How to dress a file. Line numbers are those of the file as the
    generator wrote it, the header being line 1 (a repeated line moves the
    lines after it down by one)."""

    bom: bool = True
    crlf: bool = True
    # Published name -> the name this copy's header gives it.
    renames: dict[str, str] = field(default_factory=dict)
    # (line, column, text): the text written in Latin-1 bytes, not UTF-8.
    latin1: tuple[int, str, str] | None = None
    # (line, column, length): the value made that many characters long.
    long_value: tuple[int, str, int] | None = None
    # A line written twice, one after the other.
    repeated: int | None = None


def dress(path: Path, dressing: Dressing) -> Path:
    """Rewrite the CSV at `path` (every value quoted, as CMS writes them) in
    place as `dressing` says. Streams: memory stays flat."""
    end = "\r\n" if dressing.crlf else "\n"
    dressed = path.with_name(path.name + ".dressing")
    with (
        open(path, encoding="utf-8", newline="") as f,
        open(dressed, "wb") as out,
    ):
        # Quoted as the file was: CMS quotes every value of most files, none
        # of the Medicare ones.
        quote_all = f.read(1) == '"'
        f.seek(0)
        reader = csv.reader(f)
        header = next(reader)
        if dressing.bom:
            out.write("\ufeff".encode())
        names = [dressing.renames.get(name, name) for name in header]
        out.write(_line(names, end, quote_all).encode())
        for number, row in enumerate(reader, start=2):
            text = _line(_long(row, header, dressing, number), end, quote_all)
            data = text.encode()
            if dressing.latin1 and dressing.latin1[0] == number:
                _, column, value = dressing.latin1
                row[header.index(column)] = value
                data = _line(row, end, quote_all).encode("latin-1")
            out.write(data)
            if dressing.repeated == number:
                out.write(data)
    dressed.replace(path)
    return path


def _long(row, header, dressing, number) -> list[str]:
    if dressing.long_value and dressing.long_value[0] == number:
        _, column, length = dressing.long_value
        at = header.index(column)
        row[at] = (row[at] + " ") * (length // (len(row[at]) + 1) + 1)
        row[at] = row[at][:length]
    return row


def _line(values, end: str, quote_all: bool) -> str:
    out = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    csv.writer(out, quoting=quoting, lineterminator=end).writerow(values)
    return out.getvalue()


def zip_like_cms(files: list[Path], archive: Path, folder: str) -> Path:
    """`archive` holding `files` in `folder`, beside a readme and a data
    dictionary (a CSV too: an importer must pick its file by its header)."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{folder}/Readme.txt", "Provider Data Catalog download.\n")
        dictionary = io.StringIO()
        writer = csv.writer(dictionary)
        writer.writerow(["Column Name", "Description"])
        writer.writerow(["NPI", "National Provider Identifier"])
        z.writestr(f"{folder}/Data_Dictionary.csv", dictionary.getvalue())
        for path in files:
            z.write(path, f"{folder}/{path.name}")
    return archive
