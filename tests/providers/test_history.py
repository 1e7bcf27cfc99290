import pytest

from providers.models import Location, Specialist
from tests.factories import make_location, make_procedure, make_specialist

pytestmark = pytest.mark.django_db


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
