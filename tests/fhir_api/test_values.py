"""Reading parameter values: near, dates, tokens, references."""

from datetime import UTC, datetime

import pytest

from fhir_api import values
from fhir_api.values import BadParameter


def test_near_reads_latitude_first_and_converts_units_to_miles():
    near = values.near("near", "40.444|-79.9552|10|km")
    assert (near.point.y, near.point.x) == (40.444, -79.9552)  # y is latitude
    assert near.radius_mi == pytest.approx(6.2137, abs=1e-4)
    assert values.near("near", "40|-80|5|mi").radius_mi == 5
    assert values.near("near", "40|-80|8046.72|m").radius_mi == pytest.approx(5)
    assert values.near("near", "40|-80").radius_mi == 25  # server default


@pytest.mark.parametrize(
    "value",
    ["40", "40|-80|1|2|3", "100|0", "0|200", "a|b", "40|-80|x|mi", "40|-80|0|mi"],
)
def test_bad_near_values_name_the_parameter(value):
    with pytest.raises(BadParameter) as raised:
        values.near("near", value)
    assert raised.value.parameter == "near" and "near" in raised.value.message


def test_date_ranges_by_precision():
    assert values.date_range("_lastUpdated", "2026") == (
        "eq",
        datetime(2026, 1, 1, tzinfo=UTC),
        datetime(2027, 1, 1, tzinfo=UTC),
    )
    assert values.date_range("_lastUpdated", "ge2026-02")[1:] == (
        datetime(2026, 2, 1, tzinfo=UTC),
        datetime(2026, 3, 1, tzinfo=UTC),
    )
    prefix, start, _ = values.date_range("_lastUpdated", "lt2026-11-24T10:00:00 05:00")
    assert prefix == "lt"  # a '+' in a URL arrives as a space
    assert start == datetime(2026, 11, 24, 5, 0, tzinfo=UTC)


def test_token_and_reference():
    assert (
        values.token(
            "identifier",
            "http://hl7.org/fhir/sid/us-npi|123",
            system="http://hl7.org/fhir/sid/us-npi",
        )
        == "123"
    )
    assert values.token("identifier", "|123", system="x") == "123"
    assert values.token("identifier", "other|123", system="x") is None
    assert values.reference("location", "https://h/fhir/Location/7", "Location") == "7"
    with pytest.raises(BadParameter):
        values.reference("location", "Practitioner/7", "Location")
