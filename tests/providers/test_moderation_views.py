"""The moderation queue and decision pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from providers import services
from providers.listing_values import snapshot
from providers.models import ChangeRequest, Claim, Decision, Report, Specialist
from tests.factories import make_specialist
from tests.providers.conftest import (
    FORBIDDEN,
    OK,
    ROLES,
    SIGN_IN,
    as_role,
    outcome,
)

pytestmark = pytest.mark.django_db


def edit(listing, user, **changes):
    return services.submit_edit(
        listing, snapshot(listing) | changes, user=user, based_on=None
    )


def test_the_queue_holds_every_kind_oldest_first(client, listing, provider, moderator):
    change = edit(listing, provider, bio="New.")
    report = Report.objects.create(specialist=listing, what_is_wrong="Closed.")
    claim = Claim.objects.create(specialist=make_specialist(), user=provider, npi="1")
    now = timezone.now()
    Report.objects.filter(pk=report.pk).update(created=now - timedelta(days=3))
    ChangeRequest.objects.filter(pk=change.pk).update(created=now - timedelta(days=2))
    Claim.objects.filter(pk=claim.pk).update(created=now - timedelta(days=1))

    client.force_login(moderator)
    page = client.get(reverse("providers:moderation_queue")).text
    positions = [
        page.index(f'value="report-{report.pk}"'),
        page.index(f'value="changerequest-{change.pk}"'),
        page.index(claim.get_absolute_url()),
    ]
    assert positions == sorted(positions)
    assert "3 items waiting" in page


def test_the_diff_marks_fields_changed_on_the_live_listing_since(
    client, listing, provider, moderator
):
    change = edit(listing, provider, bio="Provider text.")
    listing.bio = "Staff text."
    listing.save()
    client.force_login(moderator)
    url = reverse("providers:moderate_change", args=[change.pk])
    page = client.get(url).text
    assert "changed on the live listing since" in page
    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 200
    assert "The live listing has changed since this request was made" in response.text
    assert "Apply anyway" in response.text
    listing.refresh_from_db()
    assert listing.bio == "Staff text."

    client.post(url, {"decision": "approve", "force": "on"})
    listing.refresh_from_db()
    assert listing.bio == "Provider text."


def test_deciding_an_already_decided_request_says_who_did(
    client, listing, provider, moderator, superuser
):
    change = edit(listing, provider, bio="New.")
    services.approve_change(change, moderator=superuser)
    client.force_login(moderator)
    response = client.post(
        reverse("providers:moderate_change", args=[change.pk]),
        {"decision": "reject", "reason": "No."},
        follow=True,
    )
    assert "root@example.com already approved this" in response.text
    change.refresh_from_db()
    assert change.status == Decision.APPROVED


def test_bulk_reject_needs_a_reason_then_rejects_each(
    client, listing, other_listing, provider, other_provider, moderator
):
    first = edit(listing, provider, bio="A.")
    second = edit(other_listing, other_provider, bio="B.")
    client.force_login(moderator)
    url = reverse("providers:moderation_queue")
    keys = [f"changerequest-{first.pk}", f"changerequest-{second.pk}"]
    response = client.post(url, {"action": "reject", "items": keys}, follow=True)
    assert "Give a reason to reject" in response.text
    response = client.post(
        url,
        {"action": "reject", "items": keys, "reason": "Bios must be factual."},
        follow=True,
    )
    assert "2 item(s) rejected." in response.text
    for change in (first, second):
        change.refresh_from_db()
        assert (change.status, change.reason, change.decided_by) == (
            Decision.REJECTED,
            "Bios must be factual.",
            moderator,
        )


def test_claims_are_never_decided_in_bulk(client, provider, moderator):
    claim = Claim.objects.create(specialist=make_specialist(), user=provider, npi="1")
    client.force_login(moderator)
    url = reverse("providers:moderation_queue")
    page = client.get(url).text
    assert f'value="claim-{claim.pk}"' not in page
    assert "Open to decide" in page
    client.post(url, {"action": "approve", "items": [f"claim-{claim.pk}"]})
    claim.refresh_from_db()
    assert claim.status == Decision.PENDING


def test_bulk_approve_leaves_a_conflicting_change_waiting_with_a_message(
    client, listing, provider, moderator
):
    change = edit(listing, provider, bio="Provider text.")
    report = Report.objects.create(specialist=listing, what_is_wrong="x")
    listing.bio = "Staff text."
    listing.save()
    client.force_login(moderator)
    response = client.post(
        reverse("providers:moderation_queue"),
        {
            "action": "approve",
            "items": [f"changerequest-{change.pk}", f"report-{report.pk}"],
        },
        follow=True,
    )
    assert "1 item(s) approved." in response.text
    assert "The live listing has changed" in response.text
    change.refresh_from_db()
    report.refresh_from_db()
    assert (change.status, report.status) == (Decision.PENDING, Decision.APPROVED)


def test_history_shows_approved_changes_and_revert_undoes_one(
    client, listing, provider, moderator
):
    change = edit(listing, provider, bio="Approved text.")
    services.approve_change(change, moderator=moderator)
    client.force_login(moderator)
    url = reverse("providers:moderate_listing", args=[listing.pk])
    page = client.get(url).text
    assert "approved by moderator@example.com" in page
    assert "Original bio." in page and "Approved text." in page
    response = client.post(
        reverse("providers:revert_change", args=[change.pk]), follow=True
    )
    assert "The change was reverted" in response.text
    listing.refresh_from_db()
    assert listing.bio == "Original bio."


def test_suspending_needs_a_reason_and_restore_publishes(client, listing, moderator):
    client.force_login(moderator)
    url = reverse("providers:suspend_listing", args=[listing.pk])
    response = client.post(url, {"reason": ""}, follow=True)
    assert "Give a reason" in response.text
    client.post(url, {"reason": "Complaint under review."})
    listing.refresh_from_db()
    assert listing.status == "suspended"
    client.post(reverse("providers:restore_listing", args=[listing.pk]))
    listing.refresh_from_db()
    assert listing.status == "published"


def test_the_stale_page_lists_listings_unverified_for_90_days(client, moderator):
    make_specialist(
        last_name="Oldcheck",
        last_verified=timezone.localdate() - timedelta(days=100),
    )
    make_specialist(last_name="Freshcheck", last_verified=timezone.localdate())
    client.force_login(moderator)
    page = client.get(reverse("providers:stale_listings")).text
    assert "Oldcheck" in page and "Freshcheck" not in page


def test_the_moderation_link_shows_only_for_moderators(client, provider, moderator):
    client.force_login(provider)
    assert "/moderation/" not in client.get("/").text
    client.force_login(moderator)
    assert "/moderation/" in client.get("/").text


# Expected result per role: anonymous, provider, other provider, moderator, superuser.
MODERATOR_ONLY = [SIGN_IN, FORBIDDEN, FORBIDDEN, OK, OK]


MODERATION_PAGES = {
    "queue": lambda w: reverse("providers:moderation_queue"),
    "change": lambda w: reverse("providers:moderate_change", args=[w["change"].pk]),
    "claim": lambda w: reverse("providers:moderate_claim", args=[w["claim"].pk]),
    "report": lambda w: reverse("providers:moderate_report", args=[w["report"].pk]),
    "listing": lambda w: reverse("providers:moderate_listing", args=[w["listing"].pk]),
    "stale": lambda w: reverse("providers:stale_listings"),
    "out of date": lambda w: reverse("providers:out_of_date_listings"),
}


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


def test_the_out_of_date_page_lists_each_listing_with_its_reason(client, moderator):
    make_specialist(last_name="Longunconfirmed", last_verified=None)
    make_specialist(last_name="Recentlychecked", last_verified=timezone.localdate())
    client.force_login(moderator)

    page = client.get(reverse("providers:out_of_date_listings")).text

    assert "1 published listing that no source has confirmed for 24 months" in page
    assert "Longunconfirmed" in page and "No source has ever confirmed it." in page
    assert "Recentlychecked" not in page


def test_the_queue_shows_how_many_listings_are_possibly_out_of_date(client, moderator):
    make_specialist(last_verified=None)
    make_specialist(last_verified=None)
    make_specialist(last_verified=timezone.localdate())
    client.force_login(moderator)

    page = client.get(reverse("providers:moderation_queue")).text

    assert "2 listings possibly out of date" in page
    assert reverse("providers:out_of_date_listings") in page
