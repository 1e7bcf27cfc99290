"""The search index stays exactly in step with the listings, whatever writes them."""

import pytest
from django.db import connection

from geo.geocoding import Precision
from providers import services
from providers.listing_values import snapshot
from providers.models import Practice, SearchEntry, Specialist
from providers.search import rebuild as search_index
from providers.search.deferred import deferred_refresh
from tests.factories import make_location, make_procedure, make_specialist, valid_npi

pytestmark = pytest.mark.django_db


def expected_rows() -> set:
    """What the index should hold, worked out in Python from the listings."""
    rows = set()
    for specialist in Specialist.objects.published().prefetch_related(
        "practices__location", "procedures", "specialties"
    ):
        for practice in specialist.practices.all():
            rows.add(
                (
                    practice.pk,
                    specialist.pk,
                    practice.location_id,
                    practice.location.point.coords,
                    tuple(sorted(p.pk for p in specialist.procedures.all())),
                    tuple(sorted(s.pk for s in specialist.specialties.all())),
                    tuple(specialist.languages),
                    specialist.accepting_new_patients,
                    specialist.telehealth,
                    specialist.last_name.lower(),
                )
            )
    return rows


def indexed_rows() -> set:
    return {
        (
            e.pk,
            e.specialist_id,
            e.location_id,
            e.point.coords,
            tuple(e.procedure_ids),
            tuple(e.specialty_ids),
            tuple(e.languages),
            e.accepting_new_patients,
            e.telehealth,
            e.last_name_key,
        )
        for e in SearchEntry.objects.all()
    }


def assert_in_step():
    assert indexed_rows() == expected_rows()


def indexed(specialist) -> bool:
    return SearchEntry.objects.filter(specialist=specialist).exists()


@pytest.fixture
def listing(provider):
    specialist = make_specialist(
        owner=provider, procedures=[make_procedure()], languages=["en"]
    )
    make_specialist()  # a neighbour that must stay as it is
    return specialist


def test_a_new_listing_enters_the_index_when_a_moderator_publishes_it(
    provider, moderator
):
    request = services.create_listing(
        provider,
        identity={
            "npi": valid_npi(),
            "first_name": "Ana",
            "middle_name": "",
            "last_name": "Lopez",
        },
        values={"bio": "", "languages": ["es"]},
    )
    specialist = request.specialist
    Practice.objects.create(specialist=specialist, location=make_location())
    assert not indexed(specialist)
    services.approve_change(request, moderator=moderator)
    assert indexed(specialist)
    assert_in_step()


def test_a_suspended_listing_leaves_the_index_at_once_and_returns_on_restore(
    listing, moderator
):
    services.suspend_listing(listing, moderator=moderator, reason="Licence lapsed")
    assert not indexed(listing)
    assert_in_step()
    services.restore_listing(listing, moderator=moderator)
    assert indexed(listing)
    assert_in_step()


def test_an_edit_changes_the_index_only_when_approved_and_revert_undoes_it(
    listing, provider, moderator
):
    before = indexed_rows()
    new_procedure = make_procedure()
    values = snapshot(listing)
    values["procedures"] = [*values["procedures"], new_procedure.pk]
    values["accepting_new_patients"] = False
    values["locations"] = [
        *values["locations"],
        {
            "name": "Second office",
            "address_line1": "1 Forbes Ave",
            "address_line2": "",
            "city": "Pittsburgh",
            "state": "PA",
            "zip_code": "15213",
            "phone": "",
            "hours": "",
            "latitude": 40.5,
            "longitude": -80.0,
            "precision": Precision.ROOFTOP,
        },
    ]
    change = services.submit_edit(listing, values, user=provider, based_on=None)
    assert indexed_rows() == before  # the public keeps the approved version
    services.approve_change(change, moderator=moderator)
    entries = SearchEntry.objects.filter(specialist=listing)
    assert entries.count() == 2
    assert all(new_procedure.pk in e.procedure_ids for e in entries)
    assert not any(e.accepting_new_patients for e in entries)
    assert_in_step()
    # The new office now has an id the request did not know: apply anyway.
    services.revert_change(change, moderator=moderator, force=True)
    assert_in_step()
    assert SearchEntry.objects.filter(specialist=listing).count() == 1


def test_the_admin_bulk_actions_keep_the_index(staff_client, listing):
    staff_client.post(
        "/admin/providers/specialist/",
        {
            "action": "suspend",
            "_selected_action": [listing.pk],
            "apply": "Suspend",
            "reason": "Licence lapsed.",
        },
    )
    assert not indexed(listing)
    assert_in_step()


def test_a_moved_location_moves_its_rows(listing):
    location = listing.locations.get()
    location.point = location.point.__class__(-75.0, 40.0, srid=4326)
    location.save()
    assert SearchEntry.objects.get(specialist=listing).point.coords == (-75.0, 40.0)
    assert_in_step()


def test_deleting_a_listing_or_a_practice_removes_its_rows(listing):
    listing.practices.get().delete()
    assert not indexed(listing)
    other = Specialist.objects.exclude(pk=listing.pk).get()
    other.delete()
    assert SearchEntry.objects.count() == 0
    assert_in_step()


def test_set_based_sql_writes_refresh_the_index_in_one_statement():
    """Importers write with bulk SQL: a deactivation of many NPIs at once, a
    bulk upsert of names and flags."""
    specialists = [make_specialist(procedures=[make_procedure()]) for _ in range(6)]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE providers_specialist SET status = 'suspended' WHERE id = ANY(%s)",
            [[s.pk for s in specialists[:3]]],
        )
        cursor.execute(
            "UPDATE providers_specialist SET telehealth = true, last_name = 'Zed'"
        )
        cursor.execute(
            "DELETE FROM providers_specialist_procedures WHERE specialist_id = %s",
            [specialists[5].pk],
        )
    assert SearchEntry.objects.count() == 3
    assert_in_step()


def test_rebuild_gives_the_same_rows_and_triggers_keep_the_new_table(
    listing, moderator
):
    before = indexed_rows()
    assert search_index.rebuild() == len(before)
    assert indexed_rows() == before
    services.suspend_listing(listing, moderator=moderator, reason="Duplicate")
    assert not indexed(listing)
    assert_in_step()


def test_the_rebuilt_index_keeps_its_indexes():
    make_specialist()
    search_index.rebuild()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s ORDER BY 1",
            [SearchEntry._meta.db_table],
        )
        names = [row[0] for row in cursor.fetchall()]
    assert names == [
        "providers_searchentry_pkey",
        "search_name_idx",
        "search_specialist_idx",
        "search_walk_procedures_idx",
    ]


@pytest.mark.parametrize("rebuild_share", [2.0, 0.5])
def test_a_deferred_refresh_leaves_the_index_as_it_was_until_the_block_ends(
    rebuild_share,
):
    """An import defers the refresh: inside the block the index is stale, on
    leaving it every listing written is in step, refreshed in place (a share
    over 1 never rebuilds) or rebuilt (3 of 4 listings changed)."""
    specialists = [make_specialist(procedures=[make_procedure()]) for _ in range(4)]
    before = indexed_rows()
    deferred = deferred_refresh(rebuild_share=rebuild_share)
    with deferred, connection.cursor() as cursor:
        cursor.execute(
            "UPDATE providers_specialist SET status = 'suspended' WHERE id = %s",
            [specialists[0].pk],
        )
        cursor.execute(
            "UPDATE providers_specialist SET telehealth = true WHERE id = %s",
            [specialists[3].pk],
        )
        moved = make_location(latitude=41.0, longitude=-73.0)
        Practice.objects.create(specialist=specialists[1], location=moved)
        cursor.execute(
            "DELETE FROM providers_specialist_procedures WHERE specialist_id = %s",
            [specialists[2].pk],
        )
        assert indexed_rows() == before
    assert not indexed(specialists[0])
    assert SearchEntry.objects.filter(specialist=specialists[1]).count() == 2
    assert_in_step()


def test_a_deferred_refresh_ends_with_its_block_and_rolls_back_with_it():
    specialist = make_specialist()
    with pytest.raises(RuntimeError), deferred_refresh(rebuild_share=2.0):
        Specialist.objects.filter(pk=specialist.pk).update(last_name="Zed")
        raise RuntimeError("an import stopped")
    assert_in_step()
    Specialist.objects.filter(pk=specialist.pk).update(last_name="Young")
    assert SearchEntry.objects.get(specialist=specialist).last_name_key == "young"
    assert_in_step()
