"""Readable, unique slugs: a second listing of the same name gets -2, then -3."""

import pytest

from providers import services
from providers.models import Specialist, Specialty
from providers.slugs import unique_slug
from tests.factories import make_specialist, make_specialty, valid_npi
from tests.providers.conftest import make_user

pytestmark = pytest.mark.django_db


def test_a_free_name_is_its_own_slug_with_accents_transliterated():
    assert unique_slug(Specialist, "Zoë Müller, MD") == "zoe-muller-md"


def test_a_taken_slug_gets_2_then_3():
    make_specialist(slug="ana-reyes")
    assert unique_slug(Specialist, "Ana Reyes") == "ana-reyes-2"
    make_specialist(slug="ana-reyes-2")
    assert unique_slug(Specialist, "Ana Reyes") == "ana-reyes-3"


def test_a_gap_is_not_filled_out_of_order():
    # Only the plain slug counts as taken here: "-3" existing alone does not
    # push the next one past "-2".
    make_specialist(slug="ana-reyes")
    make_specialist(slug="ana-reyes-3")
    assert unique_slug(Specialist, "Ana Reyes") == "ana-reyes-2"


def test_a_row_keeps_its_own_slug():
    own = make_specialist(slug="ana-reyes")
    assert unique_slug(Specialist, "Ana Reyes", exclude_pk=own.pk) == "ana-reyes"


def test_each_model_counts_only_its_own_slugs():
    make_specialist(slug="pain-medicine")
    assert unique_slug(Specialty, "Pain Medicine") == "pain-medicine"
    make_specialty(slug="pain-medicine")
    assert unique_slug(Specialty, "Pain Medicine") == "pain-medicine-2"


def test_text_with_no_letters_or_digits_is_called_listing():
    assert unique_slug(Specialist, "—") == "listing"


def test_two_new_listings_of_one_name_get_two_profile_addresses():
    identity = {"first_name": "Ana", "middle_name": "", "last_name": "Reyes"}
    first = services.create_listing(
        make_user("first@example.org"),
        identity={"npi": valid_npi(), **identity},
        values={},
    ).specialist
    second = services.create_listing(
        make_user("second@example.org"),
        identity={"npi": valid_npi(), **identity},
        values={},
    ).specialist
    assert (first.slug, second.slug) == ("ana-reyes", "ana-reyes-2")
    assert first.get_absolute_url() != second.get_absolute_url()
