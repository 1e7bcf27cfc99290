"""In Chromium: a provider edits their bio, a moderator approves, the public sees it."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_phone_friendly, serious_violations
from tests.factories import make_specialist
from tests.providers.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_provider_edit_goes_live_after_a_moderator_approves(
    page: Page, live_server, csp_violations
):
    base = live_server.url
    provider = make_user("doctor@example.com")
    make_user("moderator@example.com", moderator=True)
    listing = make_specialist(owner=provider, bio="Old bio.", slug="dr-flow")

    sign_in(page, base, "doctor@example.com")
    expect(page.get_by_role("heading", name="Your listing")).to_be_visible()
    page.get_by_role("link", name="Edit your listing").click()
    assert serious_violations(page) == []
    assert_phone_friendly(page)
    page.get_by_label("About you").fill("New bio, written in the browser.")
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_text("Your change was sent for review")).to_be_visible()
    expect(page.get_by_text("Waiting for review")).to_be_visible()

    page.goto(f"{base}/specialists/dr-flow/")
    expect(page.get_by_text("Old bio.")).to_be_visible()
    page.get_by_role("navigation").get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign Out").click()
    expect(page.get_by_role("link", name="Provider sign in")).to_be_visible()

    sign_in(page, base, "moderator@example.com")
    page.get_by_role("link", name="Moderation").click()
    page.get_by_role("link", name="Change to a listing").click()
    expect(
        page.get_by_role("cell", name="New bio, written in the browser.")
    ).to_be_visible()
    assert serious_violations(page) == []
    assert_phone_friendly(page)
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Decision recorded")).to_be_visible()

    page.goto(f"{base}{listing.get_absolute_url()}")
    expect(page.get_by_text("New bio, written in the browser.")).to_be_visible()
    expect(page.get_by_text("Old bio.")).to_have_count(0)
    assert csp_violations == []


def test_report_form_works_on_a_phone_without_sideways_scroll(page: Page, live_server):
    make_specialist(slug="dr-phone")
    page.goto(f"{live_server.url}/specialists/dr-phone/")
    page.get_by_role("link", name="Report a mistake on this page").click()
    assert_phone_friendly(page)
    assert serious_violations(page) == []
    page.get_by_label("What is wrong on this page?").fill("The office has moved.")
    page.get_by_role("button", name="Send report").click()
    expect(page).to_have_url(re.compile(r"/report/thanks/$"))
    expect(page.get_by_text("Thank you for telling us")).to_be_visible()
