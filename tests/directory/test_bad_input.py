"""Bad input gets a message beside the field (page) or a 400 (API), never a 500."""

import pytest

from providers.models import Specialist
from tests.factories import make_procedure, make_specialist

pytestmark = pytest.mark.django_db

BAD = [
    ({"location": "Atlantis, ZZ"}, "location", "could not find"),
    ({"location": "15213", "radius": "far"}, "radius", "number of miles"),
    ({"location": "15213", "radius": "0"}, "radius", "at least 1 mile"),
    ({"location": "15213", "radius": "501"}, "radius", "at most 500 miles"),
    ({"location": "15213", "radius": "-5"}, "radius", "at least 1 mile"),
    ({"location": "15213", "radius": "NaN"}, "radius", "number of miles"),
    ({"procedure": "brain-transplant"}, "procedure", "list a procedure"),
    ({"specialty": "astrology"}, "specialty", "list a specialty"),
    ({"location": "95.1,-80"}, "location", "between -90 and 90"),
    ({"location": "40.4,-200"}, "location", "between -180 and 180"),
    ({"location": "x" * 500}, "location", "at most 200 characters"),
    ({"q": "a" * 1000}, "q", "at most 200 characters"),
    ({"location": "15213", "page": "x"}, "page", "whole number"),
    ({"location": "15213", "page": "0"}, "page", "start at 1"),
    ({"location": "15213", "page": "99"}, "page", "no page 99"),
    ({"language": "klingon"}, "language", "Choose a language"),
    ({"sort": "price"}, "sort", "Sort by distance or by name"),
    ({"location": "<script>alert(1)</script>"}, "location", "could not find"),
]
# A NUL character anywhere in the address is refused before any view, with 400:
# tests/directory/test_errors.py.


@pytest.fixture(autouse=True)
def listing():
    make_procedure(slug="kyphoplasty")
    make_specialist()


@pytest.mark.parametrize(("params", "field", "message"), BAD)
def test_the_page_shows_a_message_beside_the_field(client, params, field, message):
    response = client.get("/find/", params)
    assert response.status_code == 200
    page = response.content.decode()
    errors = page.split(f'id="id_{field}_errors"')[1].split("</ul>")[0]
    assert message.lower() in errors.lower()
    assert "<script>alert(1)</script>" not in page


@pytest.mark.parametrize(("params", "field", "message"), BAD)
def test_the_api_answers_400_with_field_errors(client, params, field, message):
    response = client.get("/api/v1/specialists/", params)
    assert response.status_code == 400
    assert message.lower() in " ".join(response.json()[field]).lower()


def test_bad_input_changes_nothing_stored(client):
    before = list(Specialist.objects.values())
    for params, _, _ in BAD:
        client.get("/find/", params)
        client.get("/api/v1/specialists/", params)
    assert list(Specialist.objects.values()) == before


def test_unknown_profile_and_procedure_are_404(client):
    assert client.get("/specialists/nobody/").status_code == 404
    assert client.get("/procedures/nothing/").status_code == 404
    assert client.get("/api/v1/specialists/nobody/").status_code == 404
