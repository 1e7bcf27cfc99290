"""The basemap two ways: the PMTiles archive the site serves, and the alternative
of drawing the Census shapes and city names as vector layers directly.

Prints the build time and size of the archive, then, for map views a patient
sees (the results map around Pittsburgh, a state, the country; a desktop box
and a phone box), the bytes each way sends: for PMTiles what its client fetches
by range (the first 16 KiB with the header and root directory, the leaf
directories it needs, the tiles over the view), for vector layers the files the
page would load whole (raw and gzip, as WhiteNoise serves them).

    DEBUG=true .venv/bin/python bench/basemap.py [--archive PATH]
"""

import argparse
import gzip
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.conf import settings  # noqa: E402
from pmtiles.reader import Reader  # noqa: E402
from pmtiles.tile import (  # noqa: E402
    deserialize_directory,
    deserialize_header,
    find_tile,
    zxy_to_tileid,
)

from geo import gazetteer  # noqa: E402
from geo.basemap import build_basemap  # noqa: E402

ATLAS = settings.NODE_MODULES / "us-atlas" / "counties-10m.json"
FIRST_FETCH = 16384  # what the pmtiles client asks for first
# protomaps-leaflet draws 256 px tiles from the data of the zoom one below
# (512 px of data each), and no deeper than the archive's highest zoom.
VIEWS = [
    ("results map, Pittsburgh, 10 mi", 40.444, -79.955, 11),
    ("results map, Pittsburgh, 100 mi", 40.444, -79.955, 8),
    ("Pennsylvania", 40.9, -77.8, 7),
    ("the country", 39.5, -98.35, 4),
]
BOXES = [("desktop 928x320", 928, 320), ("phone 358x260", 358, 260)]


def tiles_over(lat, lng, zoom, width, height, max_zoom):
    data_zoom = min(zoom - 1, max_zoom)
    scale = 2 ** (zoom - data_zoom) * 256  # screen px per data tile
    n = 2**data_zoom
    x = (lng + 180) / 360 * n
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    half_w, half_h = width / 2 / scale, height / 2 / scale
    return data_zoom, [
        (tx, ty)
        for tx in range(int(x - half_w), int(x + half_w) + 1)
        for ty in range(int(y - half_h), int(y + half_h) + 1)
    ]


def pmtiles_bytes(path: Path, lat, lng, zoom, width, height):
    """(bytes, requests) the client fetches for one view, cold."""
    data = path.read_bytes()
    header = deserialize_header(data[:127])
    fetched, requests, leaves = FIRST_FETCH, 1, set()
    zoom_used, tiles = tiles_over(lat, lng, zoom, width, height, header["max_zoom"])
    root = deserialize_directory(
        data[header["root_offset"] : header["root_offset"] + header["root_length"]]
    )
    for tx, ty in tiles:
        tile_id = zxy_to_tileid(zoom_used, tx, ty)
        entry = find_tile(root, tile_id)
        if entry is not None and entry.run_length == 0:  # a leaf directory
            start = header["leaf_directory_offset"] + entry.offset
            if start not in leaves:
                leaves.add(start)
                fetched += entry.length
                requests += 1
            entry = find_tile(
                deserialize_directory(data[start : start + entry.length]), tile_id
            )
        if entry is not None:
            fetched += entry.length
            requests += 1
    return fetched, requests, len(tiles)


def vector_layer_files() -> dict[str, bytes]:
    """What drawing the shapes directly would load: us-atlas's counties file
    (which holds states and the nation too) and the cities as GeoJSON."""
    cities = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(c.longitude, 4), round(c.latitude, 4)],
                },
                "properties": {"name": c.name, "zips": c.zip_count},
            }
            for c in gazetteer.cities()
        ],
    }
    return {
        "counties-10m.json (us-atlas)": ATLAS.read_bytes(),
        "cities.geojson (gazetteer)": json.dumps(
            cities, separators=(",", ":")
        ).encode(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--archive", type=Path, help="measure this archive instead")
    args = parser.parse_args()
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}", flush=True)
    if args.archive:
        path = args.archive
    else:
        path = Path(tempfile.mkdtemp()) / "us.pmtiles"
        started = time.perf_counter()
        summary = build_basemap(path, atlas=ATLAS)
        print(
            f"build_basemap (zooms 0-9): {time.perf_counter() - started:.1f} s, "
            f"{summary.tiles:,} tiles ({summary.distinct:,} distinct), "
            f"{summary.bytes:,} bytes"
        )
    with open(path, "rb") as f:
        header = Reader(lambda o, n: (f.seek(o), f.read(n))[1]).header()
    print(f"archive: {path.stat().st_size:,} bytes, zooms 0-{header['max_zoom']}")

    files = vector_layer_files()
    raw = sum(len(b) for b in files.values())
    zipped = sum(len(gzip.compress(b)) for b in files.values())
    for name, body in files.items():
        zipped_one = len(gzip.compress(body))
        print(f"  vector layers: {name}: {len(body):,} bytes, gzip {zipped_one:,}")
    print()
    print("| view | box | PMTiles: tiles | requests | bytes | vector layers (gzip) |")
    print("|---|---|---:|---:|---:|---:|")
    for label, lat, lng, zoom in VIEWS:
        for box, width, height in BOXES:
            fetched, requests, count = pmtiles_bytes(
                path, lat, lng, zoom, width, height
            )
            print(
                f"| {label} (zoom {zoom}) | {box} | {count} | {requests} | "
                f"{fetched:,} | {raw:,} ({zipped:,}) |"
            )


if __name__ == "__main__":
    main()
