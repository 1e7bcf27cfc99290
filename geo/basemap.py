"""Builds the site's own small US basemap: vector tiles in one PMTiles archive."""

import gzip
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import mapbox_vector_tile
import numpy
import shapely
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import Writer

from geo import gazetteer
from geo.topojson import Topology

# us-atlas names states by FIPS code; map labels use the postal code at low zoom.
STATE_FIPS = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO",
    "09": "CT", "10": "DE", "11": "DC", "12": "FL", "13": "GA", "15": "HI",
    "16": "ID", "17": "IL", "18": "IN", "19": "IA", "20": "KS", "21": "KY",
    "22": "LA", "23": "ME", "24": "MD", "25": "MA", "26": "MI", "27": "MN",
    "28": "MS", "29": "MO", "30": "MT", "31": "NE", "32": "NV", "33": "NH",
    "34": "NJ", "35": "NM", "36": "NY", "37": "NC", "38": "ND", "39": "OH",
    "40": "OK", "41": "OR", "42": "PA", "44": "RI", "45": "SC", "46": "SD",
    "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA",
    "54": "WV", "55": "WI", "56": "WY", "60": "AS", "66": "GU", "69": "MP",
    "72": "PR", "78": "VI",
}  # fmt: skip

EXTENT = 4096  # tile coordinate units, as the Mapbox Vector Tile spec advises
BUFFER = 64  # drawn past the tile's edge so lines and labels join up
MAX_ZOOM = 9  # Census 1:10,000,000 shapes have no more detail; maps overzoom
COUNTY_MIN_ZOOM = 6

ATTRIBUTION = "US Census Bureau (us-atlas), USPS ZIP centroids (zipcodes)"


@dataclass(frozen=True)
class Summary:
    """What a build wrote: tiles, distinct tile contents (identical tiles, such
    as inland squares with nothing but land, are stored once), bytes."""

    tiles: int
    distinct: int
    bytes: int


def city_min_zoom(zip_count: int) -> int:
    """The zoom a city's label first shows at. The gazetteer has no population,
    so a city's count of standard ZIPs stands for its size (as in
    gazetteer.weighted_zips)."""
    for count, zoom in ((40, 4), (15, 5), (6, 6), (3, 7), (2, 8)):
        if zip_count >= count:
            return zoom
    return 9


def _mercator(lon_lat: numpy.ndarray) -> numpy.ndarray:
    """Longitude and latitude (an N x 2 array) to Web Mercator in 0..1, y down."""
    lon, lat = lon_lat[:, 0], lon_lat[:, 1].clip(-85.05, 85.05)
    x = (lon + 180.0) / 360.0
    y = (1.0 - numpy.arcsinh(numpy.tan(numpy.radians(lat))) / math.pi) / 2.0
    return numpy.column_stack([x, y])


@dataclass
class _Layer:
    """One vector layer: its features' shapes (longitude, latitude), their
    properties, and the lowest zoom each appears at."""

    name: str
    shapes: list[shapely.Geometry]
    properties: list[dict]
    min_zooms: list[int]


def _layers(atlas: Path) -> list[_Layer]:
    """Land, state and county lines (each shared border once), state and city
    names: the Protomaps basemap's earth, boundaries and places layers."""
    topology = Topology.read(atlas)
    nation = [topology.shape(f) for f in topology.features("nation")]
    states = topology.features("states")
    state_lines = topology.mesh("states", lambda a, b: a.id != b.id)
    county_lines = topology.mesh(
        "counties", lambda a, b: a.id != b.id and a.id[:2] == b.id[:2]
    )
    places, place_props, place_zooms = [], [], []
    for state in states:
        code = STATE_FIPS.get(state.id)
        if code is None:
            continue
        places.append(shapely.point_on_surface(topology.shape(state)))
        name = gazetteer.STATES.get(code, state.properties.get("name", ""))
        place_props.append({"kind": "region", "name": name, "ref": code})
        place_zooms.append(3)
    for city in gazetteer.cities():
        places.append(shapely.Point(city.longitude, city.latitude))
        zoom = city_min_zoom(city.zip_count)
        place_props.append({"kind": "locality", "name": city.name, "min_zoom": zoom})
        place_zooms.append(zoom)
    return [
        _Layer("earth", nation, [{"kind": "earth"}] * len(nation), [0] * len(nation)),
        _Layer(
            "boundaries",
            [state_lines, county_lines],
            [
                {"kind": "region", "kind_detail": 4},
                {"kind": "county", "kind_detail": 6},
            ],
            [0, COUNTY_MIN_ZOOM],
        ),
        _Layer("places", places, place_props, place_zooms),
    ]


def _tiles_over(shapes: list[shapely.Geometry], zoom: int) -> Iterator[tuple[int, int]]:
    """The tiles at a zoom that any of these (Web Mercator) shapes touches."""
    n = 2**zoom
    tree = shapely.STRtree(shapes)
    seen = set()
    for shape in shapes:
        parts = getattr(shape, "geoms", [shape])
        for part in parts:
            minx, miny, maxx, maxy = part.bounds
            for x in range(int(minx * n), min(int(maxx * n), n - 1) + 1):
                for y in range(int(miny * n), min(int(maxy * n), n - 1) + 1):
                    if (x, y) in seen:
                        continue
                    seen.add((x, y))
                    box = shapely.box(x / n, y / n, (x + 1) / n, (y + 1) / n)
                    if len(tree.query(box, predicate="intersects")):
                        yield x, y


@dataclass
class _Parts:
    """A layer's shapes at one zoom, split into parts so that a tile's query
    tests small pieces; owners[i] is the feature part i belongs to."""

    tree: shapely.STRtree
    parts: list[shapely.Geometry]
    owners: list[int]

    @classmethod
    def of(cls, shapes: list[shapely.Geometry]) -> "_Parts":
        parts, owners = [], []
        for owner, shape in enumerate(shapes):
            for part in getattr(shape, "geoms", [shape]):
                parts.append(part)
                owners.append(owner)
        return cls(shapely.STRtree(parts), parts, owners)


def _encode_tile(layers: list[_Layer], split: list[_Parts], zoom: int, x: int, y: int):
    n = 2**zoom
    pad = BUFFER / EXTENT / n
    box = (x / n - pad, y / n - pad, (x + 1) / n + pad, (y + 1) / n + pad)
    scale = n * EXTENT
    encoded = []
    for layer, parts in zip(layers, split, strict=True):
        pieces: dict[int, list[shapely.Geometry]] = {}
        for index in sorted(parts.tree.query(shapely.box(*box))):
            owner = parts.owners[index]
            if layer.min_zooms[owner] > zoom:
                continue
            piece = parts.parts[index]
            if piece.geom_type != "Point":
                piece = shapely.clip_by_rect(piece, *box)
            if not piece.is_empty:
                pieces.setdefault(owner, []).append(piece)
        features = []
        for owner, found in pieces.items():
            shape = found[0] if len(found) == 1 else shapely.union_all(found)
            local = shapely.transform(
                shape, lambda c, x=x, y=y: (c - (x / n, y / n)) * scale
            )
            features.append({"geometry": local, "properties": layer.properties[owner]})
        if features:
            encoded.append({"name": layer.name, "features": features})
    if not encoded:
        return None
    data = mapbox_vector_tile.encode(
        encoded, default_options={"y_coord_down": True, "extents": EXTENT}
    )
    return gzip.compress(data, mtime=0)


def build_basemap(output: Path, *, atlas: Path, max_zoom: int = MAX_ZOOM) -> Summary:
    """Writes a PMTiles archive of US land, state and county lines, state names
    and city names (Protomaps basemap layer names, so the map's Protomaps style
    draws it as it draws a full extract). About a minute for zooms 0 to 9."""
    layers = _layers(atlas)
    projected = [
        [shapely.transform(s, _mercator) for s in layer.shapes] for layer in layers
    ]
    tiles: list[tuple[int, bytes]] = []
    for zoom in range(max_zoom + 1):
        # About a third of a screen pixel: invisible, and it keeps tiles small.
        tolerance = 1 / (2**zoom * 768)
        simplified = [
            [
                s if s.geom_type == "Point" else s.simplify(tolerance)
                for s in shapes_of_layer
            ]
            for shapes_of_layer in projected
        ]
        split = [_Parts.of(shapes) for shapes in simplified]
        for x, y in _tiles_over(simplified[0], zoom):
            data = _encode_tile(layers, split, zoom, x, y)
            if data is not None:
                tiles.append((zxy_to_tileid(zoom, x, y), data))
    tiles.sort()
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_suffix(".partial")
    with open(partial, "wb") as f:
        writer = Writer(f)
        for tile_id, data in tiles:
            writer.write_tile(tile_id, data)
        writer.finalize(_header(layers), _metadata())
        distinct = len(writer.hash_to_offset)
    partial.replace(output)  # readers never see a half-written archive
    return Summary(tiles=len(tiles), distinct=distinct, bytes=output.stat().st_size)


def _header(layers) -> dict:
    minx, miny, maxx, maxy = shapely.union_all(layers[0].shapes).bounds
    return {
        "tile_type": TileType.MVT,
        "tile_compression": Compression.GZIP,
        "min_lon_e7": int(minx * 1e7),
        "min_lat_e7": int(miny * 1e7),
        "max_lon_e7": int(maxx * 1e7),
        "max_lat_e7": int(maxy * 1e7),
        "center_zoom": 4,
        "center_lon_e7": int(-98.35 * 1e7),
        "center_lat_e7": int(39.5 * 1e7),
    }


def _metadata() -> dict:
    return {
        "name": "Specialist Finder US basemap",
        "attribution": ATTRIBUTION,
        "vector_layers": [
            {"id": "earth", "fields": {"kind": "String"}},
            {"id": "boundaries", "fields": {"kind": "String", "kind_detail": "Number"}},
            {
                "id": "places",
                "fields": {
                    "kind": "String",
                    "name": "String",
                    "ref": "String",
                    "min_zoom": "Number",
                },
            },
        ],
    }
