"""Each clinician's lines hashed as the file is read: unchanged ones stay out."""

from zlib import crc32

from tqdm import tqdm

from providers.importers.copying import CHUNK, SourceFile

# The number of a clinician's lines, in the low bits of their size.
COUNT_BITS = 20
COUNT_MASK = (1 << COUNT_BITS) - 1


def npi_of(line: bytes, column: int) -> bytes | None:
    """The NPI of a line (`column`: its place, from 0), or None when it is not
    ten digits (the database rejects such a line)."""
    if column == 0:
        value = line[1:11]  # "1234567890","...: the published form
        if line[11:14] != b'","':
            value = line.split(b",", 1)[0]
    else:
        fields = line.split(b'","', column + 1)
        value = fields[column] if len(fields) > column else b""
    value = value.strip().strip(b'"').strip()
    return value if len(value) == 10 and value.isdigit() else None


def hash_clinicians(
    source: SourceFile, *, npi_column: int, width: int, progress: bool = False
) -> tuple[dict[bytes, int], set[bytes]]:
    """NPI -> the CRC-32 of its lines chained in file order, with their
    length and number (a changed, added, removed or reordered line changes
    it), and the NPIs with a line not in the published form: `width`
    values, each quoted, no quote inside one, UTF-8. COPY reads a line in
    that form as it is; the clinician of any other line is always sent, so
    that what the import says of it (a malformed line, say) is said again
    every time. One pass over the file, in chunks, about 1 µs a line; about
    100 bytes of memory per NPI."""
    found: dict[bytes, int] = {}
    sizes: dict[bytes, int] = {}  # bytes << COUNT_BITS | lines
    dirty: set[bytes] = set()
    get, size_of = found.get, sizes.get
    quotes, separators = 2 * width, width - 1
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
        rest = b""
        while True:
            chunk = f.read(CHUNK)
            bar.update(len(chunk))
            data = rest + chunk
            if chunk:
                cut = data.rfind(b"\n") + 1
                data, rest = data[:cut], data[cut:]
            lines = data.split(b"\n")
            if lines[-1] == b"":
                lines.pop()
            if b"\r" in data:
                lines = [line.rstrip(b"\r") for line in lines]
            ascii_only = data.isascii()
            for line in lines:
                if npi_column == 0 and line[11:14] == b'","' and line[1:11].isdigit():
                    npi = line[1:11]
                else:
                    npi = npi_of(line, npi_column)
                    if npi is None:
                        continue
                found[npi] = crc32(line, get(npi, 0))
                sizes[npi] = size_of(npi, 0) + (len(line) + 1 << COUNT_BITS) + 1
                if (
                    line.count(b'"') != quotes
                    or line.count(b'","') != separators
                    or line[:1] != b'"'
                    or line[-1:] != b'"'
                    or not (ascii_only or _utf8(line))
                ):
                    dirty.add(npi)
            if not chunk:
                break
    for npi, size in sizes.items():
        # The lines' length and number beside the CRC: a change must keep
        # all three to pass unseen.
        found[npi] = found[npi] << 64 | size
    return found, dirty


def _utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def hash_rows(found: dict[bytes, int], dirty: set[bytes]):
    """Lines for COPY (text format): npi, the hash of its lines as hex digits
    ('' for a clinician with a line not in the published form: never
    unchanged), the number of its lines."""
    batch = []
    for npi, value in found.items():
        row_hash = b"" if npi in dirty else b"%x" % value
        batch.append(b"%b\t%b\t%d\n" % (npi, row_hash, value & COUNT_MASK))
        if len(batch) == 10_000:
            yield b"".join(batch)
            batch = []
    yield b"".join(batch)


class ClinicianLines:
    """A line filter for `copy_into_staging`: sends only the lines of the
    NPIs in `send` (and any line without a ten-digit NPI, for the database to
    reject), each with its line number in front."""

    def __init__(self, send: set[bytes], npi_column: int):
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
