"""The basemap archive (PMTiles), served to the page's map with HTTP range requests."""

import os
import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import condition, require_safe
from pmtiles.reader import MmapSource, Reader

# One range, as the PMTiles client asks: "bytes=0-16383", "bytes=512-", "bytes=-100".
ONE_RANGE = re.compile(r"bytes=(\d*)-(\d*)")
CHUNK = 64 * 1024


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None


def _etag(request) -> str | None:
    stat = _stat(settings.MAP_PMTILES_PATH)
    return None if stat is None else f"{stat.st_size:x}-{stat.st_mtime_ns:x}"


def basemap_info() -> dict | None:
    """What the page's map needs to know of the archive (its highest zoom, so
    the map overzooms past it), or None when there is no archive."""
    path = settings.MAP_PMTILES_PATH
    stat = _stat(path)
    if stat is None:
        return None
    return _read_info(path, stat.st_mtime_ns)


@cache
def _read_info(path: Path, mtime_ns: int) -> dict | None:
    """The archive's highest zoom and its attribution (from its metadata)."""
    with open(path, "rb") as f:
        reader = Reader(MmapSource(f))
        try:
            header, metadata = reader.header(), reader.metadata()
        except Exception:  # noqa: BLE001 - any unreadable file means no basemap
            return None
    return {
        "max_zoom": header["max_zoom"],
        "attribution": str(metadata.get("attribution", "")),
    }


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a single-range header; None to send the whole file
    (a malformed or multi-part range may be ignored, RFC 9110 14.2). Raises
    ValueError when the range lies outside the file."""
    match = ONE_RANGE.fullmatch(header.strip())
    if match is None or match.group(1) == match.group(2) == "":
        return None
    first, last = match.groups()
    if first == "":  # the last N bytes
        return max(0, size - int(last)), size - 1
    first, last = int(first), min(int(last) if last else size - 1, size - 1)
    if first >= size or first > last:
        raise ValueError
    return first, last


def _read(f, start: int, length: int):
    with f:
        f.seek(start)
        while length > 0:
            chunk = f.read(min(CHUNK, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk


@require_safe
@condition(etag_func=_etag)
def basemap_archive(request):
    """The whole archive, or the one byte range the Range header asks for (206),
    or 416 for a range outside it. Streams: an operator's extract may be
    gigabytes."""
    path = settings.MAP_PMTILES_PATH
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed by the streaming generator
    except OSError:
        raise Http404("No basemap has been built.") from None
    size = os.fstat(f.fileno()).st_size
    wanted = request.headers.get("Range", "")
    if_range = request.headers.get("If-Range")
    if if_range is not None and if_range.strip('"') != _etag(request):
        wanted = ""  # the file changed since the client's copy: send it whole
    try:
        span = _byte_range(wanted, size) if wanted else None
    except ValueError:
        f.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    first, last = span if span else (0, size - 1)
    response = StreamingHttpResponse(
        _read(f, first, last - first + 1),
        status=206 if span else 200,
        content_type="application/vnd.pmtiles",
    )
    response["Content-Length"] = str(last - first + 1)
    if span:
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "public, max-age=3600"
    return response
