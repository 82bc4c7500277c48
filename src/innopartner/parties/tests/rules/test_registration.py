"""A Dutch operator is identified by its KvK number, a foreign one by its own register."""

import pytest

from innopartner.core.exceptions import InvalidInput
from innopartner.parties import rules


def test_a_dutch_operator_with_a_kvk_number_is_registered():
    rules.ensure_registration(country="NL", kvk_number="12345678", foreign_registration="")


def test_a_dutch_operator_without_a_kvk_number_is_refused():
    with pytest.raises(InvalidInput) as excinfo:
        rules.ensure_registration(country="NL", kvk_number="", foreign_registration="HRB 123")
    assert excinfo.value.code == "kvk-number-missing"


def test_a_foreign_operator_with_its_national_registration_is_registered():
    rules.ensure_registration(country="BE", kvk_number="", foreign_registration="0123.456.789")


def test_a_foreign_operator_with_a_dutch_kvk_number_is_registered():
    rules.ensure_registration(country="DE", kvk_number="12345678", foreign_registration="")


def test_a_foreign_operator_without_any_registration_is_refused():
    with pytest.raises(InvalidInput) as excinfo:
        rules.ensure_registration(country="DE", kvk_number="", foreign_registration="")
    assert excinfo.value.code == "foreign-registration-missing"


@pytest.mark.parametrize("country", ["nl", "NLD", "N", "", None, "N1"])
def test_a_country_code_other_than_two_capital_letters_is_refused(country):
    with pytest.raises(InvalidInput) as excinfo:
        rules.ensure_registration(country=country, kvk_number="12345678", foreign_registration="")
    assert excinfo.value.code == "country-invalid"
