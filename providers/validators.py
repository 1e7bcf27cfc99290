"""Validators for identifiers that come from outside: NPI and NUCC codes."""

import re

from django.core.exceptions import ValidationError

NPI_PATTERN = re.compile(r"^\d{10}$")
NUCC_PATTERN = re.compile(r"^[0-9A-Z]{9}X$")

# CMS: the check digit is the Luhn digit of "80840" + the first nine digits.
NPI_PREFIX = "80840"


def luhn_check_digit(digits: str) -> int:
    """The Luhn digit that, appended to `digits`, makes a valid Luhn number."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10


def npi_check_digit(first_nine: str) -> int:
    return luhn_check_digit(NPI_PREFIX + first_nine)


def is_valid_npi(value: str) -> bool:
    return bool(NPI_PATTERN.match(value)) and int(value[9]) == npi_check_digit(
        value[:9]
    )


def validate_npi(value: str) -> None:
    if not NPI_PATTERN.match(value or ""):
        raise ValidationError(
            "An NPI is exactly 10 digits, with no letters or spaces.",
            code="npi_format",
        )
    if not is_valid_npi(value):
        raise ValidationError(
            "This is not a valid NPI: its last digit does not match the check "
            "digit. Please check it against the NPPES registry.",
            code="npi_check_digit",
        )


def validate_nucc_code(value: str) -> None:
    if not NUCC_PATTERN.match(value or ""):
        raise ValidationError(
            "A NUCC taxonomy code is 10 characters: 9 digits or capital letters "
            "followed by X, for example 207X00000X.",
            code="nucc_format",
        )
