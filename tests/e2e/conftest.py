"""Browser-test helpers: listings near Pittsburgh, and checks a patient relies on."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from geopy.distance import geodesic

from tests.factories import make_location, make_procedure, make_specialist

PITTSBURGH = (40.444, -79.9552)
SERIOUS = {"serious", "critical"}


@pytest.fixture
def pittsburgh_listings(transactional_db):
    """Three kyphoplasty specialists at 3, 8 and 15 miles from ZIP 15213, one
    who does not perform it, and a suspended one."""
    kypho = make_procedure(
        name="Kyphoplasty",
        slug="kyphoplasty",
        summary="A balloon makes room, then cement fills the space.",
        synonyms=["Balloon kyphoplasty"],
    )
    other = make_procedure(name="Laminectomy", slug="laminectomy")
    made = {}
    for miles, last_name, procedures, status in [
        (8, "Castillo", [kypho], "published"),
        (3, "Okafor", [kypho, other], "published"),
        (15, "Nakamura", [kypho], "published"),
        (2, "Lindqvist", [other], "published"),
        (1, "Suspendedson", [kypho], "suspended"),
    ]:
        point = geodesic(miles=miles).destination(PITTSBURGH, miles * 40)
        location = make_location(
            latitude=point.latitude,
            longitude=point.longitude,
            name=f"{last_name} Spine Clinic",
        )
        made[last_name] = make_specialist(
            first_name="Dana",
            last_name=last_name,
            locations=[location],
            procedures=procedures,
            status=status,
        )
    return made


@pytest.fixture
def csp_violations(page):
    """Console messages the browser writes when the page breaks its CSP."""
    messages = []
    page.on(
        "console",
        lambda msg: (
            messages.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    return messages


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical accessibility violations on the page."""
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


def assert_phone_friendly(page):
    """No sideways scrolling at 390 px, and body text at least 16 px."""
    page.set_viewport_size({"width": 390, "height": 844})
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 390, f"page is {scroll_width}px wide at 390px"
    font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_size >= 16
