"""What the profile and the API say about procedures, with their Medicare source."""

import pytest

from providers.evidence import procedure_evidence
from providers.models import ServiceVolume
from tests.factories import make_procedure, make_specialist

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedures():
    return (
        make_procedure(name="Kyphoplasty", slug="kyphoplasty"),
        make_procedure(name="Vertebroplasty", slug="vertebroplasty"),
    )


def test_the_profile_says_how_many_procedures_for_how_many_patients(client, procedures):
    kyphoplasty, vertebroplasty = procedures
    specialist = make_specialist(procedures=[kyphoplasty, vertebroplasty])
    ServiceVolume.objects.create(
        specialist=specialist, procedure=kyphoplasty, year=2023, services=137,
        beneficiaries=118,
    )  # fmt: skip

    page = client.get(specialist.get_absolute_url()).content.decode()

    assert page.count("Medicare Part B, 2023") == 1  # the source, once
    assert (
        'Kyphoplasty</a>: <span class="evidence">137 procedures, at least 118 '
        "patients" in page
    )
    assert 'Vertebroplasty</a>: <span class="evidence">not shown (fewer than 11' in page


def test_without_any_medicare_import_nothing_is_claimed(procedures):
    specialist = make_specialist(procedures=procedures)

    assert [e.text for e in procedure_evidence(specialist)] == ["", ""]


def test_a_billed_procedure_counts_even_if_never_declared(procedures):
    kyphoplasty, _ = procedures
    specialist = make_specialist()
    ServiceVolume.objects.create(
        specialist=specialist, procedure=kyphoplasty, year=2023, services=12,
        beneficiaries=11,
    )  # fmt: skip

    (evidence,) = procedure_evidence(specialist)

    assert evidence.procedure == kyphoplasty
    assert not evidence.declared


def test_the_api_gives_the_same_fields(client, procedures):
    kyphoplasty, _ = procedures
    specialist = make_specialist(procedures=[kyphoplasty])
    ServiceVolume.objects.create(
        specialist=specialist, procedure=kyphoplasty, year=2023, services=137,
        beneficiaries=118,
    )  # fmt: skip

    data = client.get(f"/api/v1/specialists/{specialist.slug}/").json()

    (volume,) = data["procedure_volumes"]
    assert volume["procedure"]["slug"] == "kyphoplasty"
    assert (volume["source"], volume["year"]) == ("Medicare Part B", 2023)
    assert (volume["services"], volume["beneficiaries"]) == (137, 118)
    assert volume["text"].startswith("Medicare Part B, 2023: 137 kyphoplasty")
