import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from providers import services
from providers.models import Decision, Location, Specialist
from tests.factories import make_location, make_specialist
from tests.providers.conftest import admin_form_data

pytestmark = pytest.mark.django_db

MODELS = [
    "providers_specialty",
    "providers_procedure",
    "providers_specialist",
    "providers_location",
    "articles_article",
]


@pytest.mark.parametrize("model", MODELS)
def test_admin_list_and_add_pages_load_for_staff(staff_client, model):
    make_specialist()
    for view in ("changelist", "add"):
        response = staff_client.get(reverse(f"admin:{model}_{view}"))
        assert response.status_code == 200


def test_admin_specialist_page_loads_and_searches(staff_client):
    specialist = make_specialist(last_name="Okafor")
    url = reverse("admin:providers_specialist_change", args=[specialist.pk])
    assert staff_client.get(url).status_code == 200
    found = staff_client.get(
        reverse("admin:providers_specialist_changelist"), {"q": "okafor"}
    )
    assert "Okafor" in found.content.decode()


def test_admin_rejects_an_invalid_npi_with_a_message(staff_client):
    response = staff_client.post(
        reverse("admin:providers_specialist_add"),
        {
            "npi": "1234567890",
            "slug": "a-b",
            "first_name": "A",
            "last_name": "B",
            "status": "draft",
            "practices-TOTAL_FORMS": "0",
            "practices-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "check digit" in response.content.decode()
    assert not Specialist.objects.exists()


def test_admin_location_point_can_be_set_by_latitude_and_longitude(staff_client):
    location = make_location(latitude=40.0, longitude=-80.0)
    url = reverse("admin:providers_location_change", args=[location.pk])
    page = staff_client.get(url).content.decode()
    assert 'name="latitude"' in page and 'value="40.0"' in page
    response = staff_client.post(
        url,
        {
            "name": location.name,
            "address_line1": location.address_line1,
            "city": "Pittsburgh",
            "state": "PA",
            "zip_code": "15213",
            "point": location.point.geojson,
            "latitude": "40.444",
            "longitude": "-79.9552",
            "precision": "rooftop",
        },
    )
    assert response.status_code == 302
    moved = Location.objects.get(pk=location.pk).point
    assert (round(moved.y, 4), round(moved.x, 4)) == (40.444, -79.9552)


def test_suspend_action_asks_for_a_reason_and_records_it(staff_client):
    specialist = make_specialist()
    url = reverse("admin:providers_specialist_changelist")
    chosen = {"action": "suspend", "_selected_action": [specialist.pk]}
    asked = staff_client.post(url, chosen)
    assert 'name="reason"' in asked.text
    blank = staff_client.post(url, chosen | {"apply": "Suspend", "reason": " "})
    assert "This field is required." in blank.text
    specialist.refresh_from_db()
    assert specialist.status == Specialist.Status.PUBLISHED
    staff_client.post(url, chosen | {"apply": "Suspend", "reason": "Licence lapsed."})
    specialist.refresh_from_db()
    assert specialist.status == Specialist.Status.SUSPENDED
    latest = specialist.history.first()
    assert latest.history_user.username == "admin"
    assert latest.history_change_reason == "Licence lapsed."


def test_publishing_a_pending_new_listing_decides_its_request(staff_client):
    owner = User.objects.create_user("dr@example.com", "dr@example.com")
    request = services.create_listing(
        owner,
        identity={
            "npi": "1234567893",
            "first_name": "Ada",
            "middle_name": "",
            "last_name": "Okafor",
        },
        values={},
    )
    staff_client.post(
        reverse("admin:providers_specialist_changelist"),
        {"action": "publish", "_selected_action": [request.specialist_id]},
    )
    request.refresh_from_db()
    assert request.status == Decision.APPROVED
    assert request.specialist.status == Specialist.Status.PUBLISHED
    # A later rejection cannot leave the listing public while telling the
    # provider it was rejected: the request is no longer waiting.
    with pytest.raises(services.AlreadyDecided):
        services.reject_change(request, moderator=request.decided_by, reason="No.")


def test_the_status_is_not_editable_on_the_change_form(staff_client):
    specialist = make_specialist(status=Specialist.Status.DRAFT)
    url = reverse("admin:providers_specialist_change", args=[specialist.pk])
    assert 'name="status"' not in staff_client.get(url).text


def test_the_add_page_cannot_publish(staff_client):
    url = reverse("admin:providers_specialist_add")
    assert 'name="status"' not in staff_client.get(url).text
    response = staff_client.post(
        url,
        {
            "npi": "1234567893",
            "slug": "ann-lee",
            "first_name": "Ann",
            "last_name": "Lee",
            "status": "published",
            "practices-TOTAL_FORMS": "0",
            "practices-INITIAL_FORMS": "0",
            "source_record-TOTAL_FORMS": "0",
            "source_record-INITIAL_FORMS": "0",
            "service_volumes-TOTAL_FORMS": "0",
            "service_volumes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    assert Specialist.objects.get().status == Specialist.Status.DRAFT


def test_admin_requires_staff(client):
    response = client.get(reverse("admin:providers_specialist_changelist"))
    assert response.status_code == 302


def test_an_admin_save_that_changes_no_listing_value_records_nothing(staff_client):
    specialist = make_specialist()
    url = reverse("admin:providers_specialist_change", args=[specialist.pk])

    response = staff_client.post(url, admin_form_data(staff_client.get(url)))

    assert response.status_code == 302
    assert not specialist.change_requests.exists()


def test_an_admin_edit_of_credentials_is_an_approved_correction(staff_client):
    specialist = make_specialist(credentials="MD")
    url = reverse("admin:providers_specialist_change", args=[specialist.pk])

    staff_client.post(
        url, admin_form_data(staff_client.get(url), credentials="MD, FAAOS")
    )

    change = specialist.change_requests.get()
    assert (change.kind, change.status) == ("edit", Decision.APPROVED)
    assert change.proposed == {"credentials": "MD, FAAOS"}
    assert change.base["credentials"] == "MD"
    assert change.decided_by.username == "admin"
