"""Rule [17], publication: a Dutch authority publishes through TenderNed or a Tsender
(Aw 2012 art. 2.52 and 2.66)."""

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.procedures import rules


def refused(channel, procedure_type_code="innovation_partnership", lead_country="NL"):
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_publication_channel(
            channel=channel, procedure_type_code=procedure_type_code, lead_country=lead_country
        )
    return excinfo.value


@pytest.mark.parametrize("channel", ["tenderned", "tsender"])
def test_a_dutch_lead_buyer_publishes_through_tenderned_or_a_tsender(channel):
    rules.ensure_publication_channel(
        channel=channel, procedure_type_code="innovation_partnership", lead_country="NL"
    )


def test_a_dutch_lead_buyer_may_not_publish_directly_on_ted():
    error = refused("ted")
    assert error.code == "publication-channel-not-allowed"
    assert "2.52" in error.article


def test_a_dutch_lead_buyer_may_not_skip_publication_of_an_innovation_partnership():
    assert refused("none").code == "publication-channel-not-allowed"


def test_an_unknown_channel_is_refused():
    assert refused("website").code == "publication-channel-not-allowed"


@pytest.mark.parametrize("channel", ["ted", "tenderned", "tsender"])
def test_a_foreign_lead_buyer_of_a_cross_border_procedure_may_use_ted(channel):
    rules.ensure_publication_channel(
        channel=channel, procedure_type_code="innovation_partnership", lead_country="BE"
    )


def test_a_foreign_lead_buyer_may_not_skip_publication_either():
    assert refused("none", lead_country="DE").code == "publication-channel-not-allowed"


def test_pre_commercial_procurement_outside_the_directives_needs_no_publication():
    rules.ensure_publication_channel(channel="none", procedure_type_code="pcp", lead_country="NL")


def test_pre_commercial_procurement_by_a_dutch_buyer_still_may_not_go_straight_to_ted():
    assert refused("ted", procedure_type_code="pcp").code == "publication-channel-not-allowed"
