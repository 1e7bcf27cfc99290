"""Who may open which page: anonymous, provider, other provider, moderator,
superuser, on every provider and moderation page and action."""

import pytest
from django.urls import reverse

from providers import services
from providers.listing_values import snapshot
from providers.models import Claim, Report, Specialist
from tests.factories import make_specialist

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "provider", "other_provider", "moderator", "superuser"]
SIGN_IN = "sign in"
OK, FORBIDDEN, NOT_FOUND = 200, 403, 404


@pytest.fixture
def world(listing, provider, other_provider, moderator, superuser):
    """One of everything: a pending change, claim and report on the listing."""
    change = services.submit_edit(
        listing,
        snapshot(listing) | {"bio": "Private draft text."},
        user=provider,
        based_on=None,
    )
    unowned = make_specialist(slug="dr-unowned")
    claim = Claim.objects.create(specialist=unowned, user=provider, npi=unowned.npi)
    report = Report.objects.create(specialist=listing, what_is_wrong="Wrong phone.")
    return {
        "anonymous": None,
        "provider": provider,
        "other_provider": other_provider,
        "moderator": moderator,
        "superuser": superuser,
        "listing": listing,
        "change": change,
        "claim": claim,
        "report": report,
        "unowned": unowned,
    }


def as_role(client, world, role):
    if world[role] is not None:
        client.force_login(world[role])
    return client


def outcome(response) -> int | str:
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return SIGN_IN
    return response.status_code


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
MODERATOR_ONLY = [SIGN_IN, FORBIDDEN, FORBIDDEN, OK, OK]
MODERATION_PAGES = {
    "queue": lambda w: reverse("providers:moderation_queue"),
    "change": lambda w: reverse("providers:moderate_change", args=[w["change"].pk]),
    "claim": lambda w: reverse("providers:moderate_claim", args=[w["claim"].pk]),
    "report": lambda w: reverse("providers:moderate_report", args=[w["report"].pk]),
    "listing": lambda w: reverse("providers:moderate_listing", args=[w["listing"].pk]),
    "stale": lambda w: reverse("providers:stale_listings"),
}


@pytest.mark.parametrize("page_name", PROVIDER_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_provider_pages(client, world, page_name, role):
    url, expected = PROVIDER_PAGES[page_name]
    response = as_role(client, world, role).get(url(world))
    assert outcome(response) == expected[ROLES.index(role)]
    if response.status_code == 200 and role != "provider":
        assert "Private draft text." not in response.content.decode()


@pytest.mark.parametrize("page_name", MODERATION_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_moderation_pages(client, world, page_name, role):
    url = MODERATION_PAGES[page_name](world)
    response = as_role(client, world, role).get(url)
    assert outcome(response) == MODERATOR_ONLY[ROLES.index(role)]


MODERATION_ACTIONS = {
    "approve change": (
        lambda w: reverse("providers:moderate_change", args=[w["change"].pk]),
        {"decision": "approve"},
    ),
    "reject claim": (
        lambda w: reverse("providers:moderate_claim", args=[w["claim"].pk]),
        {"decision": "reject", "reason": "No proof."},
    ),
    "dismiss report": (
        lambda w: reverse("providers:moderate_report", args=[w["report"].pk]),
        {"decision": "reject", "reason": "Checked."},
    ),
    "suspend": (
        lambda w: reverse("providers:suspend_listing", args=[w["listing"].pk]),
        {"reason": "Test."},
    ),
    "bulk": (
        lambda w: reverse("providers:moderation_queue"),
        {"action": "approve", "items": "report-0"},
    ),
}


@pytest.mark.parametrize("action", MODERATION_ACTIONS)
@pytest.mark.parametrize("role", ["anonymous", "provider", "other_provider"])
def test_moderation_actions_are_refused_to_everyone_else_and_change_nothing(
    client, world, action, role
):
    url, data = MODERATION_ACTIONS[action]
    response = as_role(client, world, role).post(url(world), data)
    assert outcome(response) == (SIGN_IN if role == "anonymous" else FORBIDDEN)
    for name in ("change", "claim", "report"):
        world[name].refresh_from_db()
        assert world[name].is_pending
    world["listing"].refresh_from_db()
    assert world["listing"].status == Specialist.Status.PUBLISHED


@pytest.mark.parametrize("role", ["moderator", "superuser"])
def test_moderators_and_superusers_can_decide(client, world, role):
    url, data = MODERATION_ACTIONS["approve change"]
    response = as_role(client, world, role).post(url(world), data)
    assert response.status_code == 302
    world["listing"].refresh_from_db()
    assert world["listing"].bio == "Private draft text."


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
