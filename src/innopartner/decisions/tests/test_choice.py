"""The procedure-choice aid: each case of the publication reaches its procedure from its own
facts, every answer is checked, and the advice says what would change it."""

from dataclasses import replace

import pytest

from innopartner.core.exceptions import InvalidInput
from innopartner.decisions.choice import assess, parse_answers, recommend, what_would_change
from innopartner.scenarios.format import CASE_SLUGS, CASES_DIR, load_scenario

EXPECTED = {
    "ifv": "innovation_partnership",
    "hof-van-twente": "innovation_partnership",
    "almere": "innovation_partnership",
    "rivierenland": "innovation_partnership",
    "charm": "pcp",
    "gvb": "competitive_negotiation",
}

GVB = {
    "rd_needed": False,
    "solution_on_market": "needs_adaptation",
    "functional_only": False,
    "purchase_at_scale": True,
    "risk_appetite": "low",
    "market_appetite": "low",
    "acceptance_issue": True,
    "cofunding": False,
    "means_definable": True,
}
IFV = {
    "rd_needed": True,
    "solution_on_market": "none",
    "functional_only": True,
    "purchase_at_scale": True,
    "risk_appetite": "medium",
    "market_appetite": "medium",
    "acceptance_issue": False,
    "cofunding": True,
    "means_definable": False,
}


def case_answers(slug):
    steps = load_scenario(CASES_DIR / f"{slug}.yaml").steps
    (step,) = [s for s in steps if s["do"] == "assess_procedure_choice"]
    return step


def test_every_case_answers_the_questions_right_after_choosing_its_procedure():
    assert set(CASE_SLUGS) == set(EXPECTED)
    for slug in CASE_SLUGS:
        steps = [s["do"] for s in load_scenario(CASES_DIR / f"{slug}.yaml").steps]
        assert steps[steps.index("choose_procedure") + 1] == "assess_procedure_choice", slug


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_each_case_reaches_its_procedure_from_its_facts(slug):
    step = case_answers(slug)
    advice = recommend(parse_answers(step["answers"]))
    assert advice.recommendation == EXPECTED[slug]
    assert step["expect_recommendation"] == EXPECTED[slug]
    assert advice.reasons and all("Art." in r or "DOMAIN" in r for r in advice.reasons)


def test_gvb_reaches_negotiation_and_names_the_facts_against_a_partnership():
    result = assess(GVB)
    assert result["recommendation"] == "competitive_negotiation"
    against = result["reasons"][-1]
    assert "weinig risico" in against and "weinig animo" in against and "acceptatie" in against
    assert {
        (c["question"], c["changed_to"], c["recommendation"]) for c in result["what_would_change"]
    } == {  # fmt: skip
        ("solution_on_market", "as_is", "open_or_restricted"),
        ("means_definable", False, "competitive_dialogue"),
    }


def test_gvb_would_not_get_a_partnership_even_if_rd_were_needed_with_no_market_solution():
    answers = replace(parse_answers(GVB), rd_needed=True, solution_on_market="none")
    assert recommend(answers).recommendation == "pcp"


def test_ifv_advice_turns_to_pcp_when_the_buyer_cannot_carry_the_risk_or_will_not_buy():
    changes = {(c["question"], c["changed_to"]): c["recommendation"]
               for c in what_would_change(parse_answers(IFV))}  # fmt: skip
    assert changes[("risk_appetite", "low")] == "pcp"
    assert changes[("purchase_at_scale", False)] == "pcp"
    assert changes[("market_appetite", "low")] == "pcp"
    assert changes[("rd_needed", False)] == "competitive_dialogue"
    assert ("risk_appetite", "high") not in changes  # same advice: not listed
    assert ("cofunding", False) not in changes  # co-funding informs, it does not decide


def test_a_solution_on_the_market_as_it_is_leads_to_the_open_or_restricted_procedure():
    answers = {**GVB, "solution_on_market": "as_is", "risk_appetite": "high"}
    advice = recommend(parse_answers(answers))
    assert advice.recommendation == "open_or_restricted"
    assert "Art. 26(2)" in advice.reasons[0]


def test_a_solution_on_the_market_excludes_the_partnership_even_when_rd_is_wanted():
    advice = recommend(parse_answers({**IFV, "solution_on_market": "needs_adaptation"}))
    assert advice.recommendation == "competitive_dialogue"
    assert "Art. 31(1)" in advice.reasons[0]


def test_an_acceptance_issue_decides_only_for_a_buyer_without_a_high_risk_appetite():
    medium = recommend(parse_answers({**IFV, "acceptance_issue": True}))
    high = recommend(parse_answers({**IFV, "acceptance_issue": True, "risk_appetite": "high"}))
    assert (medium.recommendation, high.recommendation) == ("pcp", "innovation_partnership")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"rd_needed": "perhaps"}, "answers-invalid"),
        ({"risk_appetite": "very high"}, "answers-invalid"),
        ({"rd_needed": 1}, "answers-invalid"),
        ({"colour": "blue"}, "answers-unknown-question"),
    ],
)
def test_answers_outside_the_choices_are_refused_with_a_code(change, code):
    with pytest.raises(InvalidInput) as caught:
        parse_answers({**IFV, **change})
    assert caught.value.code == code


def test_every_question_must_be_answered():
    data = dict(IFV)
    del data["cofunding"]
    with pytest.raises(InvalidInput) as caught:
        parse_answers(data)
    assert caught.value.code == "answers-missing"


def test_yes_and_no_in_words_are_read_as_booleans():
    assert parse_answers({**IFV, "rd_needed": "yes", "cofunding": "no"}).cofunding is False
