"""The site's form renderer: each field with its label, help and errors tied to it."""

import re

import pytest

from providers.forms import ListingForm, ReportForm

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
