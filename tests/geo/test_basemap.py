"""The basemap the site builds from Census shapes and the gazetteer's cities."""

import gzip
import math
from io import StringIO

import mapbox_vector_tile
import pytest
from django.core.management import CommandError, call_command
from pmtiles.reader import MmapSource, Reader

from geo.basemap import city_min_zoom
from geo.topojson import Topology


def tile_of(latitude: float, longitude: float, zoom: int) -> tuple[int, int]:
    n = 2**zoom
    x = int((longitude + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(latitude))) / math.pi) / 2 * n)
    return x, y


def read_tile(path, zoom, latitude, longitude) -> dict:
    with open(path, "rb") as f:
        data = Reader(MmapSource(f)).get(zoom, *tile_of(latitude, longitude, zoom))
    assert data is not None, "no tile there"
    return mapbox_vector_tile.decode(gzip.decompress(data))


def test_the_tile_over_pittsburgh_has_land_state_and_county_lines_and_its_name(
    basemap_file,
):
    tile = read_tile(basemap_file, 7, 40.444, -79.9552)

    assert tile["earth"]["features"]
    kinds = {f["properties"]["kind"] for f in tile["boundaries"]["features"]}
    assert kinds == {"region", "county"}
    names = {f["properties"].get("name") for f in tile["places"]["features"]}
    assert "Pittsburgh" in names


def test_state_names_carry_their_postal_code_for_small_zooms(basemap_file):
    tile = read_tile(basemap_file, 4, 40.9, -77.8)  # central Pennsylvania

    regions = {
        f["properties"]["ref"]: f["properties"]["name"]
        for f in tile["places"]["features"]
        if f["properties"]["kind"] == "region"
    }
    assert regions["PA"] == "Pennsylvania"


def test_no_county_lines_at_a_country_wide_zoom(basemap_file):
    tile = read_tile(basemap_file, 4, 40.9, -77.8)

    kinds = {f["properties"]["kind"] for f in tile["boundaries"]["features"]}
    assert kinds == {"region"}


def test_the_open_ocean_has_no_tiles(basemap_file):
    with open(basemap_file, "rb") as f:
        assert Reader(MmapSource(f)).get(7, *tile_of(35.0, -50.0, 7)) is None


def test_the_archive_says_where_its_data_comes_from(basemap_file):
    with open(basemap_file, "rb") as f:
        metadata = Reader(MmapSource(f)).metadata()
    assert "US Census Bureau" in metadata["attribution"]


def test_bigger_cities_show_at_smaller_zooms():
    assert city_min_zoom(60) < city_min_zoom(8) < city_min_zoom(1)


def test_a_mesh_draws_a_shared_border_once_and_no_coast():
    # Two unit squares side by side; arc 0 is the border they share.
    topology = Topology(
        {
            "arcs": [
                [[1, 0], [1, 1]],
                [[1, 1], [0, 1], [0, 0], [1, 0]],
                [[1, 0], [2, 0], [2, 1], [1, 1]],
            ],
            "objects": {
                "states": {
                    "geometries": [
                        {"type": "Polygon", "arcs": [[0, 1]], "id": "A"},
                        {"type": "Polygon", "arcs": [[2, -1]], "id": "B"},
                    ]
                }
            },
        }
    )

    mesh = topology.mesh("states", lambda a, b: a.id != b.id)

    assert mesh.wkt == "MULTILINESTRING ((1 0, 1 1))"
    assert [topology.shape(f).area for f in topology.features("states")] == [1, 1]


def test_the_command_builds_the_archive_and_then_leaves_it(tmp_path):
    output = tmp_path / "us.pmtiles"
    out = StringIO()

    call_command("build_basemap", "--output", output, "--max-zoom", "2", stdout=out)
    built = output.stat().st_mtime_ns
    call_command("build_basemap", "--output", output, "--if-missing", stdout=out)

    assert "tiles" in out.getvalue() and "MB" in out.getvalue()
    assert "already built" in out.getvalue()
    assert output.stat().st_mtime_ns == built


def test_the_command_says_how_to_get_the_census_shapes_when_they_are_missing(
    tmp_path,
):
    with pytest.raises(CommandError, match="run scripts/setup.sh"):
        call_command("build_basemap", "--atlas", tmp_path / "none.json")
