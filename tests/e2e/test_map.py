"""The results and profile maps, in a real browser: the site's own basemap,
clusters a keyboard can open, and nothing asked of any other origin."""

import pytest
from playwright.sync_api import expect

from geo.geocoding import Precision
from tests.e2e.conftest import PITTSBURGH, serious_violations
from tests.factories import make_location, make_specialist

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

SEARCH = "/find/?location=15213&radius=50"
# Only the five listings at the ZIP's centre.
AT_ONE_POINT = "/find/?location=15213&radius=50&q=Zipson"

# Pixels of the map's tiles that are drawn (not transparent), over all tiles.
DRAWN_PIXELS = """(box) => {
  let drawn = 0;
  box.querySelectorAll('.leaflet-tile-pane canvas').forEach((canvas) => {
    const { width, height } = canvas;
    const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    for (let i = 3; i < data.length; i += 64) { if (data[i] > 0) drawn++; }
  });
  return drawn;
}"""


@pytest.fixture
def listings_at_one_zip(transactional_db, pittsburgh_listings):
    """Five imported listings placed at ZIP 15213's centre, as the registry's
    addresses are when the importer has only their ZIP."""
    made = []
    for n in range(5):
        location = make_location(
            latitude=PITTSBURGH[0],
            longitude=PITTSBURGH[1],
            name=f"Oakland Practice {n}",
            address_line1=f"{3400 + n} Fifth Ave Ste {n}b",
            precision=Precision.ZIP,
            phone="4125550100",
        )
        made.append(
            make_specialist(
                first_name="Sam", last_name=f"Zipson{n}", locations=[location]
            )
        )
    return made


@pytest.fixture
def requests_seen(page):
    seen = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def wait_for_basemap(page, seconds=15):
    """The map box once its tiles have drawn. (Polled from here: the page's
    CSP forbids the eval that wait_for_function needs.)"""
    box = page.locator(".map").first
    expect(box).to_be_visible()
    for _ in range(seconds * 4):
        if box.evaluate(DRAWN_PIXELS) > 500:
            return box
        page.wait_for_timeout(250)
    raise AssertionError("the basemap drew nothing")


def test_the_results_map_draws_the_sites_own_basemap_and_asks_no_other_origin(
    page, live_server, basemap, listings_at_one_zip, requests_seen, csp_violations
):
    page.goto(live_server.url + SEARCH)

    box = wait_for_basemap(page)
    assert box.evaluate(DRAWN_PIXELS) > 500
    assert any(url.endswith("/map/basemap.pmtiles") for url in requests_seen)
    assert all(url.startswith(live_server.url) for url in requests_seen), [
        url for url in requests_seen if not url.startswith(live_server.url)
    ]
    assert csp_violations == []


def test_markers_at_one_point_are_one_cluster_whose_list_opens_from_the_keyboard(
    page, live_server, basemap, listings_at_one_zip
):
    page.goto(live_server.url + AT_ONE_POINT)
    wait_for_basemap(page)

    cluster = page.locator(".map-cluster", has_text="5 locations")
    expect(cluster).to_have_count(1)
    expect(cluster).to_have_attribute("role", "button")
    cluster.focus()
    page.keyboard.press("Enter")

    popup = page.locator(".leaflet-popup .map-popup")
    expect(popup.locator("li")).to_have_count(5)
    expect(popup).to_contain_text(
        "Shown at the centre of ZIP 15213, not at the address"
    )
    first = popup.get_by_role("link").first
    expect(first).to_be_focused()
    page.keyboard.press("Escape")
    expect(popup).to_have_count(0)
    expect(cluster).to_be_focused()
    page.keyboard.press("Enter")
    first = popup.get_by_role("link").first
    expect(first).to_be_focused()
    first.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sam Zipson")


def test_a_cluster_opens_its_list_on_click(
    page, live_server, basemap, listings_at_one_zip
):
    page.goto(live_server.url + AT_ONE_POINT)
    wait_for_basemap(page)

    page.locator(".map-cluster", has_text="5 locations").click()

    names = page.locator(".leaflet-popup .map-popup a").all_inner_texts()
    assert sorted(n.split()[1].rstrip(",") for n in names) == [
        f"Zipson{n}" for n in range(5)
    ]


def test_the_results_say_how_near_a_zip_centred_listing_is(
    page, live_server, basemap, listings_at_one_zip
):
    page.goto(live_server.url + SEARCH)

    result = page.locator(".result", has_text="Sam Zipson0")
    expect(result.locator(".distance")).to_have_text(
        "In ZIP 15213, under a mile away (measured to the ZIP's centre)"
    )
    expect(result.locator(".address")).to_contain_text("3400 Fifth Ave Ste 0B")
    expect(result.get_by_role("link", name="(412) 555-0100")).to_have_attribute(
        "href", "tel:+14125550100"
    )


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("which", ["results", "profile"])
def test_map_pages_have_no_serious_accessibility_violations(
    page, live_server, basemap, listings_at_one_zip, which, width
):
    page.set_viewport_size({"width": width, "height": 900})
    path = SEARCH if which == "results" else listings_at_one_zip[0].get_absolute_url()
    page.goto(live_server.url + path)
    wait_for_basemap(page)

    assert serious_violations(page) == []
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width


def test_a_single_marker_opens_from_the_keyboard_with_a_link_to_the_profile(
    page, live_server, basemap, pittsburgh_listings
):
    page.goto(live_server.url + "/find/?location=15213&radius=50&q=Nakamura")
    wait_for_basemap(page)

    marker = page.get_by_role("button", name="Dana Nakamura, MD")
    marker.focus()
    page.keyboard.press("Enter")

    link = page.locator(".leaflet-popup").get_by_role("link", name="Dana Nakamura, MD")
    expect(link).to_be_focused()
