import pytest
from django.core.exceptions import ValidationError

from providers.validators import is_valid_npi, validate_npi, validate_nucc_code


@pytest.mark.parametrize("npi", ["1234567893", "1245319599", "1003000126"])
def test_valid_npis_pass(npi):
    validate_npi(npi)
    assert is_valid_npi(npi)


@pytest.mark.parametrize("npi", ["1234567890", "1234567894", "1245319598"])
def test_npi_with_wrong_check_digit_is_rejected_with_a_clear_message(npi):
    with pytest.raises(ValidationError) as caught:
        validate_npi(npi)
    assert "check digit" in caught.value.messages[0]


@pytest.mark.parametrize("npi", ["123456789", "12345678931", "", "1234 56789"])
def test_npi_of_wrong_length_is_rejected(npi):
    with pytest.raises(ValidationError) as caught:
        validate_npi(npi)
    assert "exactly 10 digits" in caught.value.messages[0]


@pytest.mark.parametrize("npi", ["12345678A3", "ABCDEFGHIJ"])
def test_npi_with_letters_is_rejected(npi):
    with pytest.raises(ValidationError) as caught:
        validate_npi(npi)
    assert "no letters" in caught.value.messages[0]


@pytest.mark.parametrize("code", ["207X00000X", "2085R0204X", "111N00000X"])
def test_real_nucc_codes_pass(code):
    validate_nucc_code(code)


@pytest.mark.parametrize("code", ["207X00000", "207x00000x", "207X00000Y", ""])
def test_malformed_nucc_codes_are_rejected(code):
    with pytest.raises(ValidationError):
        validate_nucc_code(code)
