"""Rule [3]: publication is blocked until the documents contain every element that Art.
31(1), (2), (5), (6) and 65(2) require; ``missing_document_elements`` names each one."""

import dataclasses
from decimal import Decimal

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.procedures import rules
from innopartner.procedures.types import (
    COMPETITIVE_NEGOTIATION,
    INNOVATION_PARTNERSHIP,
    PRE_COMMERCIAL_PROCUREMENT,
)

COMPLETE = rules.DocumentFacts(
    need_description="Een emissievrije veerpont voor de Waal.",
    minimum_requirement_count=4,
    award_criteria=[("quality", Decimal(60)), ("price", Decimal(40))],
    ip_arrangement="partner_owns_buyer_licence",
    phases=[(2, 1), (3, 2)],
    partner_structure="several",
    termination_option=True,
    termination_conditions="Na elke fase bij het niet halen van de tussendoelen.",
    successive_reduction_declared=True,
    candidates_min=3,
    candidates_max=5,
    selection_criteria_rd=[False, True],
    estimated_rd_value=Decimal("1200000"),
    estimated_purchase_value=Decimal("4000000"),
    proportionality_justification="Afname is ruim drie keer de ontwikkelinvestering.",
)


def missing(ptype=INNOVATION_PARTNERSHIP, **changes):
    return rules.missing_document_elements(
        ptype=ptype, facts=dataclasses.replace(COMPLETE, **changes)
    )


def test_a_complete_set_of_documents_misses_nothing():
    assert rules.missing_document_elements(ptype=INNOVATION_PARTNERSHIP, facts=COMPLETE) == []
    rules.ensure_documents_complete(ptype=INNOVATION_PARTNERSHIP, facts=COMPLETE)


def test_documents_without_a_need_description_miss_it():
    assert missing(need_description="") == ["beschrijving van de behoefte (need description)"]


def test_a_need_description_of_only_spaces_counts_as_missing():
    assert missing(need_description="  \n ") == ["beschrijving van de behoefte (need description)"]


def test_documents_without_minimum_requirements_miss_them():
    assert missing(minimum_requirement_count=0) == ["minimumeisen (minimum requirements)"]


def test_documents_without_award_criteria_miss_them():
    assert missing(award_criteria=[]) == [
        "gunningscriteria met weging (award criteria and weighting)"
    ]


def test_documents_without_a_candidate_minimum_miss_it():
    assert missing(candidates_min=None) == ["minimum aantal gegadigden (candidate minimum)"]


def test_documents_without_a_candidate_maximum_miss_nothing_because_it_is_optional():
    assert missing(candidates_max=None) == []


def test_documents_without_selection_criteria_miss_them():
    assert missing(selection_criteria_rd=[]) == ["selectiecriteria (selection criteria)"]


def test_documents_without_an_ipr_arrangement_miss_it():
    assert missing(ip_arrangement="") == ["regeling intellectueel eigendom (IPR arrangements)"]


def test_documents_without_a_phase_plan_miss_it():
    assert missing(phases=[]) == ["fasering met tussendoelen (phase plan)"]


def test_a_phase_without_intermediate_targets_is_named_by_its_number():
    assert missing(phases=[(2, 1), (0, 1)]) == ["tussendoelen voor fase 2 (intermediate targets)"]


def test_a_phase_without_an_instalment_is_named_by_its_number():
    assert missing(phases=[(2, 0), (3, 1)]) == ["termijnbetaling voor fase 1 (instalment)"]


def test_documents_without_one_or_several_partners_miss_it():
    assert missing(partner_structure="") == ["één of meerdere partners (one or several partners)"]


def test_documents_without_termination_conditions_miss_the_termination_option():
    assert missing(termination_conditions=" ") == [
        "beëindigings- of reductiemogelijkheid en de voorwaarden daarvan "
        "(termination/reduction option and conditions)"
    ]


@pytest.mark.parametrize(
    "changes",
    [{"estimated_rd_value": None}, {"estimated_purchase_value": None}],
    ids=["rd", "purchase"],
)
def test_documents_without_an_estimated_value_miss_it(changes):
    assert missing(**changes) == ["geraamde waarde van O&O en afname (estimated values)"]


def test_documents_without_a_proportionality_justification_miss_it():
    assert missing(proportionality_justification="") == [
        "onderbouwing van de evenredigheid (proportionality justification)"
    ]


def test_documents_with_nothing_in_them_miss_every_element_at_once():
    empty = rules.DocumentFacts(
        need_description="",
        minimum_requirement_count=0,
        award_criteria=[],
        ip_arrangement="",
        phases=[],
        partner_structure="",
        termination_option=False,
        termination_conditions="",
        successive_reduction_declared=False,
        candidates_min=None,
        candidates_max=None,
        selection_criteria_rd=[],
        estimated_rd_value=None,
        estimated_purchase_value=None,
        proportionality_justification="",
    )
    assert len(rules.missing_document_elements(ptype=INNOVATION_PARTNERSHIP, facts=empty)) == 11


def test_a_competitive_negotiation_needs_no_phases_ipr_or_proportionality():
    assert (
        missing(
            COMPETITIVE_NEGOTIATION,
            ip_arrangement="",
            phases=[],
            partner_structure="",
            termination_conditions="",
            estimated_rd_value=None,
            proportionality_justification="",
        )
        == []
    )


def test_pre_commercial_procurement_needs_phases_and_ipr_but_no_proportionality():
    assert missing(PRE_COMMERCIAL_PROCUREMENT, proportionality_justification="") == []
    assert missing(PRE_COMMERCIAL_PROCUREMENT, phases=[]) == [
        "fasering met tussendoelen (phase plan)"
    ]


def test_publication_with_incomplete_documents_is_refused_with_the_list_of_what_is_missing():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_documents_complete(
            ptype=INNOVATION_PARTNERSHIP,
            facts=dataclasses.replace(COMPLETE, minimum_requirement_count=0, ip_arrangement=""),
        )
    error = excinfo.value
    assert error.code == "documents-incomplete"
    assert "65(2)" in error.article
    assert error.extra["missing"] == [
        "minimumeisen (minimum requirements)",
        "regeling intellectueel eigendom (IPR arrangements)",
    ]
