"""Each clinician's lines hashed as the file is read: unchanged ones stay out."""

import hashlib

from tqdm import tqdm

from providers.importers.copying import SourceFile

# A clinician's hash is the lines' 64-bit digests folded in file order
# (h * MIX xor digest): a changed, added, removed or reordered line changes
# it, and it needs no more memory than one number per NPI.
MIX = 0x100000001B3
MASK = (1 << 64) - 1
# The lines counted in the low bits of the same number.
COUNT_BITS = 20
DIRTY = -1


def npi_of(line: bytes, column: int) -> int | None:
    """The NPI of a line (`column`: its place, from 0) as a number, or None
    when it is not ten digits (the database rejects such a line)."""
    fields = line.split(b'","', column + 1)
    if len(fields) <= column:
        return None
    value = fields[column].strip().strip(b'"').strip()
    if len(value) != 10 or not value.isdigit():
        return None
    return int(value)


def clean(line: bytes, width: int) -> bool:
    """True for a line in the published form: `width` values, each quoted, no
    quote inside one, UTF-8. COPY reads it as it is; any other line's
    clinician is always sent, so that what the import says of it (a
    malformed line, say) is said again every time."""
    if line.count(b'"') != 2 * width or line.count(b'","') != width - 1:
        return False
    if not (line.startswith(b'"') and line.endswith(b'"')):
        return False
    if line.isascii():
        return True
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def hash_clinicians(
    source: SourceFile, *, npi_column: int, width: int, progress: bool = False
) -> dict[int, int]:
    """NPI -> (hash << COUNT_BITS | lines): every line of each clinician, in
    file order. A clinician with a line not in the published form has
    DIRTY as hash. One pass over the file, about 2 µs a line, one number per
    NPI in memory (about 110 bytes)."""
    found: dict[int, int] = {}
    count_mask = (1 << COUNT_BITS) - 1
    bar = tqdm(
        total=source.size,
        unit="B",
        unit_scale=True,
        desc="hashing clinicians",
        disable=not progress,
        dynamic_ncols=True,
    )
    with source.open() as f, bar:
        bar.update(len(f.readline()))
        for raw in f:
            bar.update(len(raw))
            line = raw.rstrip(b"\r\n")
            npi = npi_of(line, npi_column)
            if npi is None:
                continue
            value = found.get(npi, 0)
            lines = (value & count_mask) + 1
            if value < 0 or not clean(line, width):
                found[npi] = (DIRTY << COUNT_BITS) | lines
                continue
            digest = int.from_bytes(
                hashlib.blake2b(line, digest_size=8).digest(), "big"
            )
            folded = (((value >> COUNT_BITS) * MIX) ^ digest) & MASK
            found[npi] = (folded << COUNT_BITS) | lines
    return found


def hash_rows(found: dict[int, int]):
    """(npi, row_hash, lines) for COPY: the hash as 16 hex digits, '' for a
    clinician with a line not in the published form (never unchanged)."""
    count_mask = (1 << COUNT_BITS) - 1
    for npi, value in found.items():
        folded = value >> COUNT_BITS
        row_hash = "" if folded < 0 else f"{folded:016x}"
        yield (f"{npi:010d}", row_hash, value & count_mask)


class ClinicianLines:
    """A line filter for `copy_into_staging`: sends only the lines of the
    NPIs in `send` (and any line without a ten-digit NPI, for the database to
    reject), each with its line number in front."""

    def __init__(self, send: set[int], npi_column: int):
        self.send = send
        self.npi_column = npi_column
        self.tallied = 0

    def select(self, chunk: bytes, first_line: int) -> bytes:
        """`chunk` holds whole lines, the first being line `first_line`."""
        out = []
        send, column = self.send, self.npi_column
        for number, line in enumerate(chunk.split(b"\n")[:-1], first_line):
            npi = npi_of(line.rstrip(b"\r"), column)
            if npi is None or npi in send:
                out.append(b"%d,%b\n" % (number, line))
        return b"".join(out)
