"""Opening hours as written, read into FHIR's hoursOfOperation."""

from fhir_api.hours import parse_hours


def test_ranges_lists_and_noon():
    assert parse_hours("Monday, Wednesday and Friday, 9 am to 5 pm") == (
        {
            "daysOfWeek": ["mon", "wed", "fri"],
            "openingTime": "09:00:00",
            "closingTime": "17:00:00",
        },
    )
    assert parse_hours(
        "Monday to Thursday, 7:30 am to 4:30 pm; Friday, 8 am to noon"
    ) == (
        {
            "daysOfWeek": ["mon", "tue", "wed", "thu"],
            "openingTime": "07:30:00",
            "closingTime": "16:30:00",
        },
        {"daysOfWeek": ["fri"], "openingTime": "08:00:00", "closingTime": "12:00:00"},
    )


def test_text_that_does_not_read_as_hours_is_none():
    for text in (
        "By appointment",
        "Friday to Monday, 9 am to 5 pm",
        "Mondays, late",
        "",
    ):
        assert parse_hours(text) is None
