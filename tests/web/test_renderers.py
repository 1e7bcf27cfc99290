"""The site's renderers: each form field with its label, help and errors tied
to it; the API's JSON, the same bytes as DRF's encoder writes."""

import datetime
import decimal
import re

import pytest
from django.utils.translation import gettext_lazy
from rest_framework import renderers
from rest_framework.exceptions import ErrorDetail

from providers.forms import ListingForm, ReportForm
from web.renderers import JSONRenderer

pytestmark = pytest.mark.django_db


def widget(html: str, field_id: str) -> str:
    return re.search(rf"<(?:input|textarea|select)[^>]* id=\"{field_id}\"[^>]*>", html)[
        0
    ]


def test_an_error_stands_beside_its_field_and_the_field_points_at_it():
    form = ReportForm(data={"what_is_wrong": ""})
    assert not form.is_valid()
    html = str(form)
    assert '<label for="id_what_is_wrong">What is wrong on this page?</label>' in html
    errors = html.split('id="id_what_is_wrong_error"')[1].split("</ul>")[0]
    assert "This field is required." in errors
    textarea = widget(html, "id_what_is_wrong")
    assert 'aria-invalid="true"' in textarea
    assert (
        'aria-describedby="id_what_is_wrong_helptext id_what_is_wrong_error"'
        in textarea
    )
    assert 'id="id_what_is_wrong_helptext"' in html


def test_a_valid_field_points_only_at_its_help_and_optional_fields_say_so():
    html = str(ReportForm(data={"what_is_wrong": "Wrong phone."}))
    assert "aria-invalid" not in widget(html, "id_what_is_wrong")
    assert 'aria-describedby="id_contact_email_helptext"' in widget(
        html, "id_contact_email"
    )
    assert re.search(r"Your name <span class=\"optional\">\(optional\)</span>", html)


def test_a_group_of_choices_is_a_fieldset_described_by_its_help():
    html = str(ListingForm())
    fieldset = re.search(r"<fieldset[^>]*>\s*<legend>Languages</legend>", html)[0]
    assert 'aria-describedby="id_languages_helptext"' in fieldset
    assert '<label for="id_languages_0">English</label>' in html


def test_account_pages_use_the_site_field_template(client):
    page = client.post(
        "/accounts/login/", {"login": "nobody@example.com", "password": "wrong"}
    ).content.decode()
    assert '<div class="form-errors" role="alert">' in page
    assert '<div class="field">\n  <label for="id_login">Email</label>' in page
    assert 'aria-describedby="id_password_helptext"' in widget(page, "id_password")


DRF_JSON = renderers.JSONRenderer()
SITE_JSON = JSONRenderer()
PAYLOADS = [
    {"count": 500, "more": True, "next": None, "results": []},
    {
        "name": 'José Núñez, MD \u2028 line \u2029 paragraph "quoted" \\ \x01 \t',
        "emoji": "😀",
        "numbers": [0, -1, 2**62, 0.0, -0.0, 40.748412, -73.996716, 1234.5],
        "flags": [True, False, None],
        "nested": {"list": [[], {}], "tuple": (1, 2)},
    },
    # Python writes these floats with an exponent, orjson without.
    {"tiny": 0.00005, "small": -1e-07, "huge": 1e16, "large": 123456789012345680.0},
    # Not plain: DRF's encoder (dates to ISO text, Decimal, lazy text, a
    # str subclass such as DRF's ErrorDetail).
    {
        "date": datetime.date(2026, 12, 7),
        "at": datetime.datetime(2026, 12, 7, 16, 1, 2, 345678, tzinfo=datetime.UTC),
        "decimal": decimal.Decimal("1.50"),
        "lazy": gettext_lazy("Not found."),
        "error": ErrorDetail("Bad radius.", code="invalid"),
    },
    "a string",
    [1, "two", 3.5],
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_api_json_is_the_same_bytes_as_drf_writes(payload):
    assert SITE_JSON.render(payload) == DRF_JSON.render(payload)


def test_indented_json_is_drf_s_own():
    indented = "application/json; indent=4"
    payload = {"count": 1, "results": [{"name": "A"}]}
    assert SITE_JSON.render(payload, indented) == DRF_JSON.render(payload, indented)
    assert b'\n    "count": 1' in SITE_JSON.render(payload, indented)


def test_the_api_answers_through_it(client):
    response = client.get("/api/v1/specialists/", {"location": "15213"})
    assert response.status_code == 200
    assert response.content == DRF_JSON.render(response.json())
