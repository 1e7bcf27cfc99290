import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from geo.geocoding import Precision
from providers import services
from providers.listing_values import snapshot
from providers.models import (
    ChangeRequest,
    Claim,
    Decision,
    Specialist,
    VerificationReminder,
)
from tests.factories import make_location, make_procedure, make_specialist, valid_npi
from tests.providers.conftest import make_user

pytestmark = pytest.mark.django_db


def edit(listing, user, based_on=None, **changes):
    return services.submit_edit(
        listing, snapshot(listing) | changes, user=user, based_on=based_on
    )


def test_an_edit_to_a_published_listing_waits_and_the_public_keeps_the_old(
    listing, provider
):
    change = edit(listing, provider, bio="New bio.")
    listing.refresh_from_db()
    assert change.status == Decision.PENDING
    assert change.proposed == {"bio": "New bio."}
    assert listing.bio == "Original bio."


def test_approving_applies_the_change_and_history_names_the_moderator(
    listing, provider, moderator
):
    change = edit(listing, provider, bio="New bio.")
    services.approve_change(change, moderator=moderator)
    listing.refresh_from_db()
    change.refresh_from_db()
    assert listing.bio == "New bio."
    assert (change.status, change.decided_by) == (Decision.APPROVED, moderator)
    assert change.decided_at is not None
    assert listing.history.first().history_user == moderator


def test_rejecting_needs_a_reason_and_keeps_the_live_listing(
    listing, provider, moderator
):
    change = edit(listing, provider, bio="Spam.")
    with pytest.raises(services.ModerationError):
        services.reject_change(change, moderator=moderator, reason="  ")
    services.reject_change(change, moderator=moderator, reason="Not a bio.")
    change.refresh_from_db()
    listing.refresh_from_db()
    assert (change.status, change.reason) == (Decision.REJECTED, "Not a bio.")
    assert listing.bio == "Original bio."


def test_a_second_edit_while_one_is_pending_replaces_it_carrying_its_text(
    listing, provider
):
    first = edit(listing, provider, bio="First.")
    # The edit form starts from the pending request's values.
    values = snapshot(listing) | first.proposed | {"credentials": "MD, PhD"}
    second = services.submit_edit(listing, values, user=provider, based_on=first.pk)
    first.refresh_from_db()
    assert first.status == Decision.SUPERSEDED
    assert first.superseded_by == second
    assert second.proposed == {"credentials": "MD, PhD", "bio": "First."}


def test_an_edit_from_a_form_shown_before_another_request_is_refused(listing, provider):
    first = edit(listing, provider, bio="Sent from another tab.")
    with pytest.raises(services.EditConflict) as caught:
        edit(listing, provider, based_on=None, bio="From the older tab.")
    assert caught.value.pending == first
    first.refresh_from_db()
    assert first.status == Decision.PENDING
    assert first.proposed["bio"] == "Sent from another tab."


def test_a_second_moderator_deciding_a_decided_request_is_told_who_won(
    listing, provider, moderator
):
    other = make_user("second@example.com", moderator=True)
    change = edit(listing, provider, bio="New bio.")
    services.approve_change(change, moderator=moderator)
    with pytest.raises(services.AlreadyDecided, match="moderator@example.com"):
        services.reject_change(change, moderator=other, reason="No.")
    change.refresh_from_db()
    assert change.status == Decision.APPROVED


@pytest.mark.django_db(transaction=True)
def test_two_moderators_deciding_at_once_end_with_one_decision():
    provider = make_user("p@example.com")
    first, second = (make_user(f"m{n}@example.com", moderator=True) for n in (1, 2))
    listing = make_specialist(owner=provider, bio="Old.")
    change = edit(listing, provider, bio="New.")
    start = threading.Barrier(2)
    outcomes = []

    def decide(moderator, action):
        start.wait()
        try:
            if action == "approve":
                services.approve_change(change, moderator=moderator)
            else:
                services.reject_change(change, moderator=moderator, reason="No.")
            outcomes.append("decided")
        except services.AlreadyDecided:
            outcomes.append("already decided")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(first, "approve")),
        threading.Thread(target=decide, args=(second, "reject")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    change.refresh_from_db()
    listing.refresh_from_db()
    assert sorted(outcomes) == ["already decided", "decided"]
    assert listing.bio == ("New." if change.status == Decision.APPROVED else "Old.")


def test_approving_a_request_made_against_an_older_version_asks_first(
    listing, provider, moderator
):
    change = edit(listing, provider, bio="Provider's bio.")
    listing.bio = "Corrected by staff meanwhile."
    listing.save()
    with pytest.raises(services.ListingChanged) as caught:
        services.approve_change(change, moderator=moderator)
    assert caught.value.fields == ["bio"]
    change.refresh_from_db()
    listing.refresh_from_db()
    assert change.status == Decision.PENDING
    assert listing.bio == "Corrected by staff meanwhile."

    services.approve_change(change, moderator=moderator, force=True)
    listing.refresh_from_db()
    assert listing.bio == "Provider's bio."


def test_a_change_to_other_fields_meanwhile_is_kept_on_approval(
    listing, provider, moderator
):
    change = edit(listing, provider, bio="Provider's bio.")
    listing.credentials = "DO"
    listing.save()
    services.approve_change(change, moderator=moderator)
    listing.refresh_from_db()
    assert (listing.bio, listing.credentials) == ("Provider's bio.", "DO")


def test_lists_and_locations_are_applied_on_approval(listing, provider, moderator):
    procedure = make_procedure()
    values = snapshot(listing)
    location = values["locations"][0] | {"phone": "(412) 555-0177"}
    new_location = location | {"id": None, "name": "Second office"}
    change = services.submit_edit(
        listing,
        values
        | {
            "procedures": [procedure.pk],
            "languages": ["en", "es"],
            "locations": [location, new_location],
        },
        user=provider,
        based_on=None,
    )
    services.approve_change(change, moderator=moderator)
    assert list(listing.procedures.all()) == [procedure]
    listing.refresh_from_db()
    assert listing.languages == ["en", "es"]
    phones = {loc.name: loc.phone for loc in listing.locations.all()}
    assert phones[location["name"]] == "(412) 555-0177"
    assert "Second office" in phones


def test_editing_a_shared_location_leaves_the_other_listing_alone(provider, moderator):
    shared = make_location(phone="(412) 555-0100")
    listing = make_specialist(owner=provider, locations=[shared])
    neighbour = make_specialist(locations=[shared])
    values = snapshot(listing)
    values["locations"][0]["phone"] = "(412) 555-0111"
    change = services.submit_edit(listing, values, user=provider, based_on=None)
    services.approve_change(change, moderator=moderator)
    assert listing.locations.get().phone == "(412) 555-0111"
    assert neighbour.locations.get().phone == "(412) 555-0100"


def test_revert_puts_back_the_replaced_values_and_is_recorded(
    listing, provider, moderator
):
    change = edit(listing, provider, bio="Vandalised.")
    services.approve_change(change, moderator=moderator)
    revert = services.revert_change(change, moderator=moderator)
    listing.refresh_from_db()
    assert listing.bio == "Original bio."
    assert (revert.kind, revert.reverts, revert.decided_by) == (
        ChangeRequest.Kind.REVERT,
        change,
        moderator,
    )


def test_a_new_listing_is_not_public_until_approved(provider, moderator):
    location = {
        "id": None,
        "name": "Spine Care",
        "address_line1": "1 Main St",
        "address_line2": "",
        "city": "Pittsburgh",
        "state": "PA",
        "zip_code": "15213",
        "phone": "",
        "hours": "",
        "latitude": 40.444,
        "longitude": -79.9552,
        "precision": Precision.ZIP,
    }
    request = services.create_listing(
        provider,
        identity={
            "npi": valid_npi(),
            "first_name": "Ana",
            "middle_name": "",
            "last_name": "Reyes",
        },
        values={"bio": "Hello.", "locations": [location]},
    )
    specialist = request.specialist
    assert specialist.owner == provider
    assert not Specialist.objects.published().filter(pk=specialist.pk).exists()
    services.approve_change(request, moderator=moderator)
    assert Specialist.objects.published().filter(pk=specialist.pk).exists()


def test_a_rejected_new_listing_goes_back_to_draft(provider, moderator):
    specialist = make_specialist(
        owner=provider, status=Specialist.Status.PENDING_REVIEW
    )
    request = ChangeRequest.objects.create(
        kind=ChangeRequest.Kind.NEW_LISTING, specialist=specialist
    )
    services.reject_change(request, moderator=moderator, reason="NPI not yours.")
    specialist.refresh_from_db()
    assert specialist.status == Specialist.Status.DRAFT


def test_approving_a_claim_makes_the_owner_and_turns_down_rivals(
    provider, other_provider, moderator
):
    specialist = make_specialist()
    mine = Claim.objects.create(specialist=specialist, user=provider, npi="x")
    rival = Claim.objects.create(specialist=specialist, user=other_provider, npi="x")
    services.approve_claim(mine, moderator=moderator)
    specialist.refresh_from_db()
    rival.refresh_from_db()
    assert specialist.owner == provider
    assert rival.status == Decision.REJECTED and rival.reason


def test_a_claim_on_an_owned_listing_cannot_be_approved(
    listing, other_provider, moderator
):
    claim = Claim.objects.create(specialist=listing, user=other_provider, npi="x")
    with pytest.raises(services.ModerationError, match="already has an owner"):
        services.approve_claim(claim, moderator=moderator)
    listing.refresh_from_db()
    assert listing.owner.email == "provider@example.com"


def test_suspending_hides_the_listing_and_restoring_shows_it(listing, moderator):
    services.suspend_listing(listing, moderator=moderator, reason="Licence lapsed.")
    assert not Specialist.objects.published().filter(pk=listing.pk).exists()
    record = listing.history.first()
    assert (record.history_user, record.history_change_reason) == (
        moderator,
        "Licence lapsed.",
    )
    services.restore_listing(listing, moderator=moderator)
    assert Specialist.objects.published().filter(pk=listing.pk).exists()


def test_confirming_sets_last_verified_to_today(listing, provider):
    listing.last_verified = None
    listing.save()
    services.confirm_accurate(listing, user=provider)
    listing.refresh_from_db()
    assert listing.last_verified == timezone.localdate()


def test_stale_listings_are_those_unverified_for_90_days():
    today = timezone.localdate()
    old = make_specialist(last_verified=today - timedelta(days=91))
    make_specialist(last_verified=today - timedelta(days=89))
    never = make_specialist(last_verified=None)
    assert set(Specialist.objects.stale()) == {old, never}


def test_stale_reminders_are_mailed_once_a_week_at_most(provider):
    make_specialist(
        owner=provider, last_verified=timezone.localdate() - timedelta(days=120)
    )
    make_specialist(last_verified=None)  # stale, but no owner to mail
    assert services.send_stale_reminders() == (2, 1)
    assert mail.outbox[0].to == ["provider@example.com"]
    assert "confirm" in mail.outbox[0].body.lower()
    assert services.send_stale_reminders() == (2, 0)
    VerificationReminder.objects.update(sent_at=timezone.now() - timedelta(days=8))
    assert services.send_stale_reminders() == (2, 1)
    assert len(mail.outbox) == 2


def test_the_stale_listing_command_lists_and_reports_counts(provider, capsys):
    make_specialist(owner=provider, last_verified=None, last_name="Stalely")
    call_command("remind_stale_listings", "--list")
    output = capsys.readouterr().out
    assert "Stalely" in output
    assert "1 stale listing(s); 1 reminder(s) sent." in output
    assert len(mail.outbox) == 1
