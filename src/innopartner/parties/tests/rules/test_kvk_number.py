"""A Dutch Chamber of Commerce (KvK) number has exactly eight digits."""

import pytest

from innopartner.core.exceptions import InvalidInput
from innopartner.parties import rules


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12345678", "12345678"),
        ("01234567", "01234567"),
        ("1234 5678", "12345678"),
        ("12.34.56.78", "12345678"),
        (" 12 345 678 ", "12345678"),
        ("1234\t5678\n", "12345678"),
    ],
)
def test_a_kvk_number_of_eight_digits_is_kept_without_spaces_and_dots(typed, stored):
    assert rules.normalise_kvk_number(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "1234567",  # seven digits
        "123456789",  # nine digits
        "1234567A",  # a letter
        "NL12345678",  # a country prefix
        "1234-5678",  # a dash
        "",
        "   ",
        "１２３４５６７８",  # full-width digits
        "١٢٣٤٥٦٧٨",  # Arabic-Indic digits
    ],
)
def test_anything_but_eight_digits_is_refused_as_a_kvk_number(typed):
    with pytest.raises(InvalidInput) as excinfo:
        rules.normalise_kvk_number(typed)
    assert excinfo.value.code == "kvk-number-invalid"


def test_no_kvk_number_at_all_is_refused():
    with pytest.raises(InvalidInput) as excinfo:
        rules.normalise_kvk_number(None)
    assert excinfo.value.code == "kvk-number-invalid"
