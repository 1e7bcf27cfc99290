"""Provider pages and the public report form, as a browser without JavaScript
would use them."""

import pytest
from django.urls import reverse

from providers import services
from providers.models import ChangeRequest, Claim, Decision, Report, Specialist
from tests.factories import make_location, make_procedure, make_specialist, valid_npi
from tests.providers.conftest import (
    NOT_FOUND,
    OK,
    ROLES,
    SIGN_IN,
    as_role,
    outcome,
)

pytestmark = pytest.mark.django_db


def form_data(response) -> dict:
    """The edit form as the page filled it in, ready to post back."""
    form, formset = response.context["form"], response.context["formset"]
    data = {"based_on": response.context["based_on"]}
    for name in form.fields:
        value = form[name].value()
        if value in (None, False):
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = "on" if value is True else str(value)
    management = formset.management_form
    for name in management.fields:
        data[f"locations-{name}"] = management[name].value()
    for index, location in enumerate(formset.forms):
        for name in location.fields:
            value = location[name].value()
            if value not in (None, ""):
                data[f"locations-{index}-{name}"] = str(value)
    return data


def test_claim_edit_approve_and_the_public_profile_shows_the_change(
    client, provider, moderator
):
    specialist = make_specialist(bio="Imported bio.", slug="dr-claimed")
    phone = specialist.locations.get().phone

    client.force_login(provider)
    found = client.get(reverse("providers:find_listing"), {"q": specialist.npi})
    assert specialist.display_name in found.content.decode()
    response = client.post(
        reverse("providers:claim_listing", args=["dr-claimed"]),
        {"npi": specialist.npi, "phone": phone},
    )
    assert response.status_code == 302
    assert "Waiting for review" in client.get(reverse("providers:dashboard")).text

    client.force_login(moderator)
    claim = Claim.objects.get()
    client.post(
        reverse("providers:moderate_claim", args=[claim.pk]), {"decision": "approve"}
    )
    specialist.refresh_from_db()
    assert specialist.owner == provider

    client.force_login(provider)
    data = form_data(client.get(reverse("providers:edit_listing")))
    data["bio"] = "My own words."
    response = client.post(reverse("providers:edit_listing"), data, follow=True)
    assert "sent for review" in response.text
    public = client.get(specialist.get_absolute_url()).text
    assert "Imported bio." in public and "My own words." not in public
    dashboard = client.get(reverse("providers:dashboard")).text
    assert "Waiting for review" in dashboard

    client.force_login(moderator)
    change = ChangeRequest.objects.get()
    diff_page = client.get(reverse("providers:moderate_change", args=[change.pk]))
    assert "Imported bio." in diff_page.text and "My own words." in diff_page.text
    client.post(
        reverse("providers:moderate_change", args=[change.pk]), {"decision": "approve"}
    )

    client.logout()
    public = client.get(specialist.get_absolute_url()).text
    assert "My own words." in public and "Imported bio." not in public


def test_a_rejected_change_shows_its_reason_to_the_provider(
    client, listing, provider, moderator
):
    client.force_login(provider)
    data = form_data(client.get(reverse("providers:edit_listing")))
    data["bio"] = "Best surgeon in the world!"
    client.post(reverse("providers:edit_listing"), data)

    client.force_login(moderator)
    change = ChangeRequest.objects.get()
    url = reverse("providers:moderate_change", args=[change.pk])
    response = client.post(url, {"decision": "reject", "reason": ""})
    assert "Give a reason: the provider will see it." in response.text
    client.post(url, {"decision": "reject", "reason": "Please avoid superlatives."})

    client.force_login(provider)
    page = client.get(reverse("providers:dashboard")).text
    assert "Rejected" in page and "Please avoid superlatives." in page
    listing.refresh_from_db()
    assert listing.bio == "Original bio."


def test_the_edit_form_starts_from_the_pending_change(client, listing, provider):
    client.force_login(provider)
    data = form_data(client.get(reverse("providers:edit_listing")))
    data["bio"] = "Waiting text."
    client.post(reverse("providers:edit_listing"), data)
    page = client.get(reverse("providers:edit_listing"))
    assert "is waiting for review" in page.text
    assert page.context["form"]["bio"].value() == "Waiting text."


def test_an_edit_sent_from_an_outdated_page_is_shown_again_not_lost(
    client, listing, provider
):
    client.force_login(provider)
    old_page = form_data(client.get(reverse("providers:edit_listing")))
    other_tab = dict(old_page, bio="From the other tab.")
    client.post(reverse("providers:edit_listing"), other_tab)

    old_page["bio"] = "From the first tab."
    response = client.post(reverse("providers:edit_listing"), old_page)
    assert response.status_code == 200
    assert "Another change to your listing was sent" in response.text
    assert "From the first tab." in response.text
    assert ChangeRequest.objects.get().proposed["bio"] == "From the other tab."

    resent = form_data(response)
    assert resent["bio"] == "From the first tab."
    client.post(reverse("providers:edit_listing"), resent)
    assert ChangeRequest.objects.pending().get().proposed["bio"] == (
        "From the first tab."
    )


def test_a_new_address_is_placed_by_zip_and_the_provider_sees_where(
    client, listing, provider, moderator
):
    client.force_login(provider)
    data = form_data(client.get(reverse("providers:edit_listing")))
    data |= {
        "locations-1-name": "Philadelphia office",
        "locations-1-address_line1": "3400 Spruce St",
        "locations-1-city": "Philadelphia",
        "locations-1-state": "pa",
        "locations-1-zip_code": "19104",
    }
    client.post(reverse("providers:edit_listing"), data)
    page = client.get(reverse("providers:edit_listing")).text
    assert "Philadelphia office: 39.9" in page
    assert "the centre of ZIP code 19104" in page


def test_an_unknown_zip_and_city_is_a_field_error_and_keeps_the_text(
    client, listing, provider
):
    client.force_login(provider)
    data = form_data(client.get(reverse("providers:edit_listing")))
    data |= {
        "bio": "Text I typed.",
        "locations-1-name": "Nowhere",
        "locations-1-address_line1": "1 Road",
        "locations-1-city": "Notacity",
        "locations-1-state": "PA",
        "locations-1-zip_code": "00000",
    }
    response = client.post(reverse("providers:edit_listing"), data)
    assert response.status_code == 200
    assert "We could not find this ZIP code or city" in response.text
    assert "Text I typed." in response.text
    assert not ChangeRequest.objects.exists()


def test_a_zip_in_another_state_is_refused(client, listing, provider):
    client.force_login(provider)
    data = form_data(client.get(reverse("providers:edit_listing")))
    data["locations-0-zip_code"] = "19104"
    data["locations-0-state"] = "OH"
    response = client.post(reverse("providers:edit_listing"), data)
    assert "ZIP code 19104 is in PA, not OH." in response.text


def test_a_draft_listing_is_saved_at_once_and_sent_for_review(client, provider):
    specialist = make_specialist(
        owner=provider, status=Specialist.Status.DRAFT, bio="Draft."
    )
    client.force_login(provider)
    data = form_data(client.get(reverse("providers:edit_listing")))
    data["bio"] = "Fixed."
    client.post(reverse("providers:edit_listing"), data)
    specialist.refresh_from_db()
    assert (specialist.bio, specialist.status) == ("Fixed.", "pending")
    assert ChangeRequest.objects.get().kind == ChangeRequest.Kind.NEW_LISTING


def test_creating_a_listing_sends_it_for_review(client, provider):
    procedure = make_procedure()
    npi = valid_npi()
    client.force_login(provider)
    response = client.post(
        reverse("providers:new_listing"),
        {
            "npi": npi,
            "first_name": "Ana",
            "last_name": "Reyes",
            "credentials": "MD",
            "bio": "Spine surgeon.",
            "procedures": [procedure.pk],
            "accepting_new_patients": "on",
            "locations-TOTAL_FORMS": "1",
            "locations-INITIAL_FORMS": "0",
            "locations-0-name": "Reyes Spine",
            "locations-0-address_line1": "1 Main St",
            "locations-0-city": "Pittsburgh",
            "locations-0-state": "PA",
            "locations-0-zip_code": "15213",
        },
        follow=True,
    )
    assert "sent for review" in response.text
    specialist = Specialist.objects.get(npi=npi)
    assert specialist.status == Specialist.Status.PENDING_REVIEW
    assert specialist.owner == provider
    location = specialist.locations.get()
    assert (location.precision, round(location.point.y, 3)) == ("zip", 40.444)
    assert client.get(f"/specialists/{specialist.slug}/").status_code == 404


def test_creating_a_listing_with_a_listed_npi_points_to_claiming(client, provider):
    existing = make_specialist()
    client.force_login(provider)
    response = client.post(
        reverse("providers:new_listing"),
        {"npi": existing.npi, "first_name": "A", "last_name": "B"},
    )
    assert "A listing with this NPI already exists" in response.text


def test_a_claim_with_the_wrong_npi_or_no_contact_is_refused(client, provider):
    specialist = make_specialist(slug="dr-x")
    client.force_login(provider)
    response = client.post(
        reverse("providers:claim_listing", args=["dr-x"]), {"npi": valid_npi()}
    )
    assert "This NPI does not match the listing." in response.text
    assert "Give a practice phone number or email address." in response.text
    assert not Claim.objects.exists()
    specialist.refresh_from_db()
    assert specialist.owner is None


def test_confirming_the_listing_shows_todays_date(client, listing, provider):
    listing.last_verified = None
    listing.save()
    client.force_login(provider)
    response = client.post(reverse("providers:confirm_listing"), follow=True)
    assert "marked as checked today" in response.text
    listing.refresh_from_db()
    assert listing.last_verified is not None


def test_every_profile_links_to_the_report_form(client, listing):
    page = client.get(listing.get_absolute_url()).text
    assert reverse("providers:report", args=[listing.slug]) in page


def test_a_report_needs_no_account_and_says_thank_you(client, listing):
    response = client.post(
        reverse("providers:report", args=[listing.slug]),
        {"what_is_wrong": "The phone number is disconnected."},
        follow=True,
    )
    assert "Thank you for telling us" in response.text
    assert Report.objects.get().status == Decision.PENDING


def test_an_empty_report_is_a_field_error(client, listing):
    response = client.post(reverse("providers:report", args=[listing.slug]), {})
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not Report.objects.exists()


def test_reports_are_rate_limited_and_the_text_is_kept(client, listing, settings):
    settings.REPORTS_PER_HOUR = 2
    url = reverse("providers:report", args=[listing.slug])
    for _ in range(2):
        assert client.post(url, {"what_is_wrong": "Wrong."}).status_code == 302
    response = client.post(url, {"what_is_wrong": "Third report text."})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3601
    assert "Please try again in" in response.text
    assert "Third report text." in response.text
    assert Report.objects.count() == 2


def test_suspended_listings_vanish_from_profile_search_api_and_report_form(
    client, listing, moderator
):
    search_url = reverse("directory:find")
    found = client.get(search_url, {"q": listing.last_name})
    assert listing.get_absolute_url() in found.text
    assert client.get(f"/api/v1/specialists/{listing.slug}/").status_code == 200
    client.force_login(moderator)
    client.post(
        reverse("providers:suspend_listing", args=[listing.pk]), {"reason": "Fraud."}
    )
    client.logout()
    assert client.get(listing.get_absolute_url()).status_code == 404
    assert client.get(reverse("providers:report", args=[listing.slug])).status_code == (
        404
    )
    search = client.get(search_url, {"q": listing.last_name})
    assert listing.get_absolute_url() not in search.text
    api = client.get(f"/api/v1/specialists/{listing.slug}/")
    assert api.status_code == 404


def test_a_listing_at_a_shared_location_can_be_claimed_and_edited(
    client, provider, moderator
):
    shared = make_location()
    make_specialist(locations=[shared])
    mine = make_specialist(locations=[shared], owner=provider)
    client.force_login(provider)
    data = form_data(client.get(reverse("providers:edit_listing")))
    data["locations-0-hours"] = "Mon-Fri 8-5"
    client.post(reverse("providers:edit_listing"), data)
    assert ChangeRequest.objects.get(specialist=mine).proposed["locations"][0][
        "hours"
    ] == ("Mon-Fri 8-5")


# Expected result per role: anonymous, provider, other provider, moderator, superuser.
# The other provider, moderator and superuser own no listing: their own-listing
# pages are 404s, and they see their own (empty) dashboard.
PROVIDER_PAGES = {
    "dashboard": (lambda w: reverse("providers:dashboard"), [SIGN_IN, OK, OK, OK, OK]),
    "edit": (
        lambda w: reverse("providers:edit_listing"),
        [SIGN_IN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    ),
    "new": (lambda w: reverse("providers:new_listing"), [SIGN_IN, 302, OK, OK, OK]),
    "request": (
        lambda w: reverse("providers:request_detail", args=[w["change"].pk]),
        [SIGN_IN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    ),
    "find": (lambda w: reverse("providers:find_listing"), [SIGN_IN, OK, OK, OK, OK]),
    "claim": (
        lambda w: reverse("providers:claim_listing", args=["dr-unowned"]),
        [SIGN_IN, OK, OK, OK, OK],
    ),
    "claim someone's listing": (
        lambda w: reverse("providers:claim_listing", args=["dr-owned"]),
        [SIGN_IN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    ),
}


@pytest.mark.parametrize("page_name", PROVIDER_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_provider_pages(client, world, page_name, role):
    url, expected = PROVIDER_PAGES[page_name]
    response = as_role(client, world, role).get(url(world))
    assert outcome(response) == expected[ROLES.index(role)]
    if response.status_code == 200 and role != "provider":
        assert "Private draft text." not in response.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "other_provider"])
def test_confirming_someone_elses_listing_is_impossible(client, world, role):
    world["listing"].last_verified = None
    world["listing"].save()
    response = as_role(client, world, role).post(reverse("providers:confirm_listing"))
    assert outcome(response) == (SIGN_IN if role == "anonymous" else NOT_FOUND)
    world["listing"].refresh_from_db()
    assert world["listing"].last_verified is None


def test_another_providers_edit_form_shows_only_their_own_listing(
    client, world, other_listing, other_provider
):
    client.force_login(other_provider)
    page = client.get(reverse("providers:edit_listing")).content.decode()
    assert "Other bio." in page
    assert "Original bio." not in page and "Private draft text." not in page


def test_a_tampered_location_id_cannot_touch_another_listings_location(
    client, world, other_listing, other_provider
):
    victim = world["listing"].locations.get()
    client.force_login(other_provider)
    form = client.get(reverse("providers:edit_listing")).context["formset"]
    data = {
        "based_on": "",
        "first_name": other_listing.first_name,
        "last_name": other_listing.last_name,
        "bio": "Other bio.",
        "credentials": "MD",
        "accepting_new_patients": "on",
        "locations-TOTAL_FORMS": "1",
        "locations-INITIAL_FORMS": "1",
        "locations-MIN_NUM_FORMS": "1",
        "locations-MAX_NUM_FORMS": "1000",
    }
    data |= {f"locations-0-{k}": v for k, v in form.forms[0].initial.items()}
    data |= {"locations-0-id": str(victim.pk), "locations-0-phone": "(412) 555-0666"}
    client.post(reverse("providers:edit_listing"), data)
    services.approve_change(
        other_listing.change_requests.get(), moderator=world["moderator"]
    )
    victim.refresh_from_db()
    assert victim.phone != "(412) 555-0666"
