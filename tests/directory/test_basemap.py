"""The basemap archive is served by the site itself, with HTTP range requests."""

import gzip

import mapbox_vector_tile
import pytest
from pmtiles.reader import Reader

from tests.factories import make_specialist
from tests.geo.test_basemap import tile_of

URL = "/map/basemap.pmtiles"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_range_request_gets_just_those_bytes(client, basemap):
    response = client.get(URL, headers={"Range": "bytes=0-126"})

    size = basemap.stat().st_size
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 0-126/{size}"
    assert response["Content-Length"] == "127"
    assert body(response) == basemap.read_bytes()[:127]
    assert body(client.get(URL, headers={"Range": "bytes=0-6"})) == b"PMTiles"


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=100-", 100, None), ("bytes=-50", -50, None), ("bytes=10-19", 10, 20)],
)
def test_open_and_suffix_ranges(client, basemap, header, first, last):
    response = client.get(URL, headers={"Range": header})

    assert response.status_code == 206
    assert body(response) == basemap.read_bytes()[first:last]


def test_a_range_past_the_end_is_416_with_the_size(client, basemap):
    size = basemap.stat().st_size

    response = client.get(URL, headers={"Range": f"bytes={size}-"})

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"


def test_without_a_range_the_whole_archive_and_that_ranges_are_accepted(
    client, basemap
):
    response = client.get(URL)

    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert body(response) == basemap.read_bytes()


def test_a_client_that_has_the_archive_gets_304(client, basemap):
    etag = client.get(URL, headers={"Range": "bytes=0-9"})["ETag"]

    assert client.get(URL, headers={"If-None-Match": etag}).status_code == 304


def test_if_range_with_an_old_etag_sends_the_whole_new_file(client, basemap):
    response = client.get(URL, headers={"Range": "bytes=0-9", "If-Range": '"old"'})

    assert response.status_code == 200


def test_no_archive_is_a_404(client, settings, tmp_path):
    settings.MAP_PMTILES_PATH = tmp_path / "missing.pmtiles"

    assert client.get(URL).status_code == 404


def test_a_pmtiles_reader_over_http_ranges_finds_the_tile_over_pittsburgh(
    client, basemap
):
    """What the page's map does: the header, a directory, then one tile, each
    by a range request."""

    def get_bytes(offset, length):
        last = offset + length - 1
        response = client.get(URL, headers={"Range": f"bytes={offset}-{last}"})
        assert response.status_code == 206
        return body(response)

    tile = Reader(get_bytes).get(7, *tile_of(40.444, -79.9552, 7))

    places = mapbox_vector_tile.decode(gzip.decompress(tile))["places"]["features"]
    assert "Pittsburgh" in {f["properties"].get("name") for f in places}


@pytest.mark.django_db
def test_the_search_page_points_its_map_at_the_archive(client, basemap):
    make_specialist()

    page = client.get("/find/?location=15213").content.decode()

    assert f'data-basemap-url="{URL}"' in page
    assert 'data-basemap-max-zoom="7"' in page
    assert "protomaps-leaflet.js" in page


@pytest.mark.django_db
def test_an_operators_tile_server_replaces_the_archive(client, basemap, settings):
    make_specialist()
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"

    page = client.get("/find/?location=15213").content.decode()

    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in page
    assert "data-basemap-url" not in page


@pytest.mark.django_db
def test_a_map_moving_about_is_never_rate_limited(client, basemap, settings):
    settings.PAGE_REQUESTS_PER_MINUTE = 1

    statuses = {
        client.get(URL, headers={"Range": f"bytes={n}-{n + 9}"}).status_code
        for n in range(5)
    }

    assert statuses == {206}
