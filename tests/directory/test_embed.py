"""The finder widget that other sites embed, and who may frame it."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import envorigins
from tests.factories import (
    PHILADELPHIA_19104,
    make_location,
    make_procedure,
    make_specialist,
)

pytestmark = pytest.mark.django_db

WIDGET = "/embed/finder/"


@pytest.fixture
def kyphoplasty():
    return make_procedure(name="Kyphoplasty", slug="kyphoplasty")


def frame_ancestors(response) -> list[str]:
    policy = response["Content-Security-Policy"]
    directive = next(
        part.strip() for part in policy.split(";") if "frame-ancestors" in part
    )
    return directive.split()[1:]


def test_widget_shows_a_location_box_for_the_procedure_and_the_notice(
    client, kyphoplasty
):
    response = client.get(WIDGET, {"procedure": "kyphoplasty"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Find a specialist who performs kyphoplasty near you" in page
    assert 'action="/find/"' in page and 'target="_blank"' in page
    assert 'name="procedure" value="kyphoplasty"' in page
    assert '<label for="id_location">' in page
    assert "opens in a new tab" in page
    assert "do not endorse" in page
    assert '<nav aria-label="Main">' not in page  # no site chrome in a frame


def test_only_this_site_may_frame_the_widget_by_default(client, kyphoplasty):
    response = client.get(WIDGET, {"procedure": "kyphoplasty"})
    assert frame_ancestors(response) == ["'self'"]
    assert "X-Frame-Options" not in response


def test_configured_sites_may_frame_the_widget_and_no_others(
    client, settings, kyphoplasty
):
    settings.EMBED_ALLOWED_ORIGINS = [
        "https://news.example.org",
        "https://health.example.com",
    ]
    response = client.get(WIDGET, {"procedure": "kyphoplasty"})
    allowed = frame_ancestors(response)
    assert allowed == [
        "'self'",
        "https://news.example.org",
        "https://health.example.com",
    ]
    assert "https://evil.example.net" not in allowed
    assert "*" not in allowed
    assert "X-Frame-Options" not in response


def test_other_pages_still_refuse_every_frame(client, settings, kyphoplasty):
    settings.EMBED_ALLOWED_ORIGINS = ["https://news.example.org"]
    for path in ("/", "/find/", "/procedures/kyphoplasty/", "/articles/"):
        response = client.get(path)
        assert response["X-Frame-Options"] == "DENY", path
        assert frame_ancestors(response) == ["'self'"], path


def test_the_widget_keeps_the_strict_script_policy(client, kyphoplasty):
    policy = client.get(WIDGET, {"procedure": "kyphoplasty"})["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_with_a_location_the_widget_lists_the_nearest_few_with_the_notice(
    client, kyphoplasty
):
    for n in range(5):
        make_specialist(
            last_name=f"Near{n}",
            procedures=[kyphoplasty],
            locations=[make_location(latitude=40.444 + n * 0.01)],
        )
    make_specialist(
        last_name="Philly",
        procedures=[kyphoplasty],
        locations=[make_location(**PHILADELPHIA_19104)],
    )
    page = client.get(
        WIDGET, {"procedure": "kyphoplasty", "location": "15213"}
    ).content.decode()
    results = page.split('<li class="result">')[1:]
    assert len(results) == 3
    assert ["Near0" in results[0], "Near1" in results[1], "Near2" in results[2]] == [
        True
    ] * 3
    assert all("do not endorse" in result for result in results)
    assert page.count("do not endorse") == 3  # once a listing, not repeated
    assert all('target="_blank"' in result for result in results)
    assert "Philly" not in page


def test_no_one_nearby_is_said_plainly(client, kyphoplasty):
    make_specialist(
        procedures=[kyphoplasty], locations=[make_location(**PHILADELPHIA_19104)]
    )
    page = client.get(
        WIDGET, {"procedure": "kyphoplasty", "location": "15213"}
    ).content.decode()
    assert "We list no specialist who performs kyphoplasty within 25 miles" in page


def test_an_unknown_procedure_gets_a_message_not_an_error(client, kyphoplasty):
    response = client.get(WIDGET, {"procedure": "<script>x</script>"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "set up for a procedure we don’t list" in page
    assert "&lt;script&gt;x" in page and "<script>x" not in page
    assert "so it searches every procedure instead" in page
    assert 'name="procedure"' not in page


@pytest.mark.parametrize(
    "params, message",
    [
        ({"location": "Atlantis, ZZ"}, "We could not find"),
        ({"location": "15213", "radius": "abc"}, "must be a number of miles"),
        ({"location": "15213", "radius": "9000"}, "can be at most 500 miles"),
        ({"location": "x" * 300}, "at most 200 characters"),
    ],
)
def test_bad_parameters_get_a_message_beside_the_field(
    client, kyphoplasty, params, message
):
    response = client.get(WIDGET, {"procedure": "kyphoplasty", **params})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert '<li class="result">' not in page


def test_without_a_procedure_the_widget_searches_every_procedure(client):
    page = client.get(WIDGET).content.decode()
    assert "Find a spine specialist near you" in page
    assert 'name="procedure"' not in page


def test_procedure_page_shows_editors_the_link_and_the_iframe_to_paste(
    client, kyphoplasty
):
    page = client.get("/procedures/kyphoplasty/").content.decode()
    snippet = page.split('<details class="embed-snippet">')[1].split("</details>")[0]
    assert "http://testserver/find/?procedure=kyphoplasty" in snippet
    assert (
        "&lt;iframe src=&quot;http://testserver/embed/finder/?procedure=kyphoplasty"
        "&quot;" in snippet
    )
    assert "<iframe" not in snippet  # shown as text, not a live frame


def test_embed_origins_setting_accepts_origins(monkeypatch):
    monkeypatch.setenv(
        "EMBED_ALLOWED_ORIGINS", "https://news.example.org, http://*.example.com:8080"
    )
    assert envorigins("EMBED_ALLOWED_ORIGINS") == [
        "https://news.example.org",
        "http://*.example.com:8080",
    ]


@pytest.mark.parametrize(
    "value",
    ["*", "news.example.org", "https://a.org; script-src *", "'unsafe-inline'"],
)
def test_embed_origins_setting_refuses_anything_but_origins(monkeypatch, value):
    monkeypatch.setenv("EMBED_ALLOWED_ORIGINS", value)
    with pytest.raises(ImproperlyConfigured, match="EMBED_ALLOWED_ORIGINS"):
        envorigins("EMBED_ALLOWED_ORIGINS")
