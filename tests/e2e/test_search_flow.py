"""A patient finds a kyphoplasty specialist near ZIP 15213, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_phone_friendly, serious_violations

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def test_patient_types_a_zip_picks_kyphoplasty_and_opens_a_profile(
    page, live_server, pittsburgh_listings, csp_violations
):
    page.goto(live_server.url + "/")
    page.get_by_label("Procedure", exact=True).select_option(label="Kyphoplasty")
    page.get_by_label("ZIP code, city or address").fill("15213")
    page.get_by_role("button", name="Find specialists").click()

    expect(page).to_have_url(re.compile(r"/find/\?.*procedure=kyphoplasty"))
    heading = page.locator("#results-heading")
    expect(heading).to_contain_text("3 specialists who perform kyphoplasty")
    names = page.locator(".result h3").all_inner_texts()
    assert [n.split()[1].rstrip(",") for n in names] == [
        "Okafor",
        "Castillo",
        "Nakamura",
    ]
    distances = page.locator(".distance strong").all_inner_texts()
    assert distances == ["3.0 miles", "8.0 miles", "15.0 miles"]
    for result in page.locator(".result").all():
        expect(result.locator(".notice")).to_contain_text("do not endorse")

    page.get_by_role("link", name="Dana Okafor, MD").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dana Okafor, MD")
    expect(page.get_by_text("Okafor Spine Clinic")).to_be_visible()
    expect(page.locator(".notice").first).to_contain_text("do not endorse")
    assert csp_violations == []


def test_bad_location_shows_a_message_beside_the_field(
    page, live_server, pittsburgh_listings
):
    page.goto(live_server.url + "/find/")
    page.get_by_label("ZIP code, city or address").fill("Atlantis, ZZ")
    page.get_by_role("button", name="Search").click()
    error = page.locator("#id_location_error")
    expect(error).to_contain_text("We could not find")
    expect(page.get_by_label("ZIP code, city or address")).to_have_attribute(
        "aria-invalid", "true"
    )


def test_search_works_without_javascript(browser, live_server, pittsburgh_listings):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/find/?location=15213&procedure=kyphoplasty")
    expect(page.locator(".result")).to_have_count(3)
    page.get_by_text("More filters").click()
    page.get_by_label("Only specialists offering telehealth visits").check()
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"telehealth=true"))
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/find/",
        "/find/?location=15213&procedure=kyphoplasty&radius=50",
        "/find/?location=Atlantis&radius=900",
        "/procedures/kyphoplasty/",
        "PROFILE",
    ],
)
def test_pages_are_accessible_and_phone_friendly(
    page, live_server, pittsburgh_listings, csp_violations, path
):
    if path == "PROFILE":
        path = pittsburgh_listings["Okafor"].get_absolute_url()
    page.goto(live_server.url + path)
    assert serious_violations(page) == []
    assert_phone_friendly(page)
    assert csp_violations == []


def test_keyboard_focus_is_visible(page, live_server, pittsburgh_listings):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const el = document.activeElement, s = getComputedStyle(el);"
        " return [el.textContent, s.outlineStyle, s.outlineWidth]; })()"
    )
    assert focused[0] == "Skip to main content"
    assert focused[1] != "none" and focused[2] != "0px"


@pytest.mark.parametrize("path", ["/find/?location=15213&procedure=kyphoplasty", None])
def test_links_in_text_are_underlined_not_told_apart_by_colour_alone(
    page, live_server, pittsburgh_listings, path
):
    path = path or pittsburgh_listings["Okafor"].get_absolute_url()
    page.goto(live_server.url + path)
    page.wait_for_selector(".leaflet-control-attribution a")  # the map has drawn
    bare = page.evaluate(
        """() => Array.from(document.querySelectorAll('main a'))
            .filter(a => a.closest('p, li, dd, td, .leaflet-control-attribution'))
            .filter(a => !getComputedStyle(a).textDecorationLine.includes('underline'))
            .filter(a => !a.classList.contains('button'))
            .map(a => a.outerHTML.slice(0, 120))"""
    )
    assert bare == []
