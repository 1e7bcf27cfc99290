import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from providers.models import Location, ProcedureSynonym, Specialist
from tests.factories import (
    make_location,
    make_procedure,
    make_specialist,
    make_specialty,
    valid_npi,
)

pytestmark = pytest.mark.django_db


def test_two_listings_cannot_share_an_npi():
    make_specialist(npi=valid_npi(42))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_specialist(npi=valid_npi(42))


def test_duplicate_npi_gets_a_friendly_message_in_validation():
    make_specialist(npi=valid_npi(43))
    duplicate = Specialist(npi=valid_npi(43), slug="x", first_name="A", last_name="B")
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert caught.value.message_dict["npi"] == ["Another listing already has this NPI."]


def test_invalid_npi_is_refused_by_model_validation():
    specialist = Specialist(npi="1234567890", slug="x", first_name="A", last_name="B")
    with pytest.raises(ValidationError) as caught:
        specialist.full_clean()
    assert "check digit" in caught.value.message_dict["npi"][0]


def test_database_refuses_an_npi_that_is_not_ten_digits():
    with pytest.raises(IntegrityError), transaction.atomic():
        Specialist.objects.create(npi="12345", slug="x", first_name="A", last_name="B")


def test_database_refuses_an_unknown_status():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_specialist(status="approved")


def test_slugs_are_unique():
    make_procedure(slug="kyphoplasty")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_procedure(slug="kyphoplasty")
    make_specialty(slug="neurosurgery")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_specialty(slug="neurosurgery")


def test_synonyms_are_unique_whatever_their_case():
    procedure = make_procedure(synonyms=["Balloon Kyphoplasty"])
    with pytest.raises(IntegrityError), transaction.atomic():
        ProcedureSynonym.objects.create(procedure=procedure, name="balloon kyphoplasty")


def test_location_point_is_stored_as_geography_with_latitude_and_longitude():
    location = make_location(latitude=40.444, longitude=-79.9552)
    stored = Location.objects.get(pk=location.pk)
    assert (round(stored.point.y, 4), round(stored.point.x, 4)) == (40.444, -79.9552)
    assert stored.point.srid == 4326


def test_state_must_be_two_capital_letters():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_location(state="pa")


def test_display_name_joins_name_and_credentials():
    specialist = make_specialist(first_name="Ana", last_name="Reyes", credentials="DO")
    assert str(specialist) == "Ana Reyes, DO"


def test_published_excludes_every_other_status():
    shown = make_specialist()
    for status in ("draft", "pending", "suspended"):
        make_specialist(status=status)
    assert list(Specialist.objects.published()) == [shown]


def test_a_change_to_a_specialist_is_kept_with_who_and_when(django_user_model):
    editor = django_user_model.objects.create_user("editor")
    specialist = make_specialist(bio="Old bio")
    specialist.bio = "New bio"
    specialist._history_user = editor
    specialist.save()

    latest, previous = specialist.history.all()[:2]
    assert (latest.bio, previous.bio) == ("New bio", "Old bio")
    assert latest.history_user == editor
    assert latest.history_date is not None
    delta = latest.diff_against(previous)
    assert [change.field for change in delta.changes] == ["bio"]


def test_procedures_added_to_a_specialist_are_in_history():
    specialist = make_specialist()
    kyphoplasty = make_procedure(name="Kyphoplasty", slug="kyphoplasty")
    specialist.procedures.add(kyphoplasty)

    latest = specialist.history.first()
    assert [row.procedure_id for row in latest.procedures.all()] == [kyphoplasty.pk]


def test_a_location_change_is_in_history():
    location = make_location(phone="(412) 555-0100")
    location.phone = "(412) 555-0199"
    location.save()
    phones = list(location.history.values_list("phone", flat=True))
    assert phones == ["(412) 555-0199", "(412) 555-0100"]


def test_a_deleted_specialist_is_still_in_history():
    specialist = make_specialist(last_name="Gone")
    pk = specialist.pk
    specialist.delete()
    assert not Specialist.objects.filter(pk=pk).exists()
    assert Specialist.history.filter(id=pk, history_type="-").exists()
    assert Location.objects.exists()
