"""Rule [11]: a participant's confidential information goes to others only with its consent
to a specific disclosure of specific information; blanket consents are refused
(Art. 21, 31(4) and (6))."""

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.negotiation import rules

SPECIFIC = "Testrapport accuwisselsysteem aan partner Waalveer voor de gezamenlijke proefvaart"


def refused(item_named=True, disclosure=SPECIFIC, recipient_count=1):
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_specific_consent(
            item_named=item_named, disclosure=disclosure, recipient_count=recipient_count
        )
    assert "31(4)" in excinfo.value.article
    return excinfo.value.code


def test_a_specific_consent_naming_item_disclosure_and_recipients_passes():
    rules.ensure_specific_consent(item_named=True, disclosure=SPECIFIC, recipient_count=1)


def test_a_specific_consent_in_english_passes():
    rules.ensure_specific_consent(
        item_named=True,
        disclosure="Share the battery test report with partner B for the joint trial",
        recipient_count=2,
    )


def test_the_dutch_word_alleen_is_not_mistaken_for_alle():
    rules.ensure_specific_consent(
        item_named=True,
        disclosure="Alleen het testrapport, alleen aan partner Waalveer",
        recipient_count=1,
    )


def test_a_consent_without_a_named_item_is_refused_as_blanket():
    assert refused(item_named=False) == "consent-blanket"


@pytest.mark.parametrize(
    "wording",
    [
        "all information",
        "All information about our solution",
        "alle informatie",
        "Alle vertrouwelijke gegevens mogen worden gedeeld",
        "any document we submitted",
        "everything in our tender",
        "elke openbaarmaking die nodig is",
        "iedere ontvanger binnen het partnerschap",
        "onbeperkt delen met partners",
        "general waiver of confidentiality",
        "algemeen toestemming voor delen",
        "unrestricted disclosure to partners",
        "whatever the buyer considers useful",
    ],
)
def test_vague_wording_is_refused_as_blanket(wording):
    assert refused(disclosure=wording) == "consent-blanket"


def test_a_disclosure_of_fewer_than_ten_characters_is_refused_as_blanket():
    assert refused(disclosure="  rapport ") == "consent-blanket"


def test_a_disclosure_of_exactly_ten_characters_passes():
    rules.ensure_specific_consent(item_named=True, disclosure="rapport B.", recipient_count=1)


def test_a_consent_without_recipients_is_refused_as_blanket():
    assert refused(recipient_count=0) == "consent-blanket"


def test_a_disclosure_covered_by_an_unused_consent_for_that_item_and_recipients_passes():
    rules.ensure_disclosure_covered(
        consent_item_matches=True, consent_used=False, recipients_covered=True
    )


def test_a_disclosure_of_another_item_is_not_covered():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_disclosure_covered(
            consent_item_matches=False, consent_used=False, recipients_covered=True
        )
    assert excinfo.value.code == "consent-does-not-cover-item"
    assert "31(4)" in excinfo.value.article


def test_a_consent_is_used_once():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_disclosure_covered(
            consent_item_matches=True, consent_used=True, recipients_covered=True
        )
    assert excinfo.value.code == "consent-already-used"


def test_a_disclosure_to_recipients_outside_the_consent_is_not_covered():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_disclosure_covered(
            consent_item_matches=True, consent_used=False, recipients_covered=False
        )
    assert excinfo.value.code == "consent-does-not-cover-recipients"
