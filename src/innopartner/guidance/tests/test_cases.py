"""Each of the six cases shows its own lessons at the right steps: a procedure of the case's
type is brought through its stages with the real services (innopartner.testing), and the
guidance panel of the procedure page is rendered at each stage."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from innopartner.guidance.selectors import lessons_at
from innopartner.participation import services as participation
from innopartner.procedures.models import Procedure
from innopartner.testing import draft_procedure, publish, select, to_partnership, to_standstill

pytestmark = pytest.mark.slow


def shown(procedure, *, kind="buyer") -> set[str]:
    html = render_to_string("guidance/partials/panel.html", {"procedure": procedure, "kind": kind})
    return set(re.findall(r'data-lesson="([^"]+)"', html))


# case -> the lessons that must show at each stage of an innovation partnership
IP_STEPS = {
    "preparation": {
        "ifv": {"ifv-budget-per-partner-trade-off", "ifv-sbir-versus-partnership"},
        "hof-van-twente": {"hvt-ambition-on-one-page", "hvt-bidders-pick-own-partners"},
        "gvb": {"gvb-risks-and-alternatives-explicit", "gvb-core-business-risk"},
        "almere": {"almere-chain-manager", "almere-purchase-fixed-early"},
        "rivierenland": {"rivierenland-who-pays-what", "rivierenland-cofunding-50-percent"},
        "charm": {"charm-hours-and-administration", "charm-decouple-programmes"},
    },
    "requests_open": {
        "ifv": {"ifv-joint-meeting-then-one-to-one"},
        "almere": {"almere-chain-manager"},
        "rivierenland": {"rivierenland-publicity-at-pin", "rivierenland-time-for-questions"},
    },
    "selection": {
        "hof-van-twente": {"hvt-bidders-pick-own-partners"},
        "rivierenland": {"rivierenland-combine-knowledge"},
    },
    "negotiation": {
        "ifv": {"ifv-joint-meeting-then-one-to-one", "ifv-interim-dialogue-share-with-all"},
        "hof-van-twente": {"hvt-expertise-short-lines"},
        "almere": {"almere-convince-buyers-and-users"},
        "charm": {"charm-flexible-contracts"},
    },
    "standstill": {
        "ifv": {"ifv-budget-per-partner-trade-off"},
        "rivierenland": {"rivierenland-cofunding-50-percent"},
    },
    "rd_phases": {
        "ifv": {"ifv-budget-per-partner-trade-off", "ifv-dropout-cannot-be-bought-from"},
        "rivierenland": {"rivierenland-cofunding-50-percent"},
        "charm": {"charm-supervisor-per-party", "charm-hours-and-administration"},
    },
}
# Lessons that must NOT show at a stage (they belong elsewhere).
IP_NOT = {
    "preparation": {"charm-supervisor-per-party", "rivierenland-purchase-then-open"},
    "requests_open": {"hvt-bidders-pick-own-partners", "gvb-core-business-risk"},
    "negotiation": {"gvb-core-business-risk", "rivierenland-publicity-at-pin"},
    "rd_phases": {"rivierenland-publicity-at-pin", "gvb-market-not-ready"},
}


def _check(procedure, stage):
    assert procedure.stage == stage
    lessons = shown(procedure)
    for case, expected in IP_STEPS[stage].items():
        assert expected <= lessons, f"{case} at {stage}: missing {expected - lessons}"
    assert not (IP_NOT.get(stage, set()) & lessons), f"wrong lessons at {stage}"


def test_innovation_partnership_shows_each_cases_lessons_at_each_stage(world):
    procedure = draft_procedure(world)
    _check(procedure, "preparation")
    procedure = publish(world, procedure)
    _check(procedure, "requests_open")
    for operator in world.operators:
        participation.request_submit(
            procedure=procedure, operator=operator, now=world.now, actor=world.supplier(operator)
        )
    world.now = procedure.requests_deadline + dt.timedelta(days=1)
    participation.request_assess(
        request=procedure.requests.first(),
        qualified=True,
        assessment="Geschikt.",
        now=world.now,
        actor=world.officer,
    )
    procedure = Procedure.objects.get(pk=procedure.pk)
    _check(procedure, "selection")


def test_innovation_partnership_negotiation_standstill_and_rd_phases(world):
    procedure = select(world, publish(world, draft_procedure(world)))
    _check(procedure, "negotiation")
    procedure = to_standstill(world, procedure)
    _check(procedure, "standstill")
    procedure = to_partnership(world, procedure)
    _check(procedure, "rd_phases")
    with translation.override("en"):
        html = render_to_string(
            "guidance/partials/panel.html", {"procedure": procedure, "kind": "auditor"}
        )
    assert "A supervisor (coach) for each company" in html
    assert "Een supervisor" not in html


def test_charm_pcp_shows_hours_and_supervisors_in_the_rd_phases(world):
    procedure = draft_procedure(world, procedure_type="pcp")
    prep = shown(procedure)
    assert "charm-hours-and-administration" in prep
    assert "almere-purchase-fixed-early" not in prep  # purchase without new tender: IP only
    procedure = to_partnership(
        world, to_standstill(world, select(world, publish(world, procedure)))
    )
    assert procedure.stage == "rd_phases"
    assert {
        "charm-supervisor-per-party",
        "charm-hours-and-administration",
        "charm-decouple-programmes",
        "charm-risk-management",
    } <= shown(procedure)


def test_gvb_procedure_choice_lessons_show_when_preparing_a_competitive_negotiation(world):
    procedure = draft_procedure(world, procedure_type="competitive_negotiation")
    lessons = shown(procedure)
    assert {
        "gvb-market-not-ready",
        "gvb-risks-and-alternatives-explicit",
        "gvb-core-business-risk",
        "gvb-tco-compare-options",
    } <= lessons
    assert "ifv-budget-per-partner-trade-off" not in lessons  # no development budget in CPN
    assert "almere-chain-manager" in lessons


def test_suppliers_never_get_the_panel(world, procedure):
    assert shown(procedure, kind="supplier") == set()
    assert (
        render_to_string(
            "guidance/partials/panel.html", {"procedure": procedure, "kind": "supplier"}
        ).strip()
        == ""
    )


@pytest.mark.parametrize(
    ("slug", "at_end", "earlier"),
    [
        (
            "rivierenland",
            {"rivierenland-purchase-then-open"},
            {"rd_phases": {"rivierenland-cofunding-50-percent"}},
        ),
        (
            "charm",
            {"charm-rethink-own-role"},
            {"rd_phases": {"charm-supervisor-per-party", "charm-hours-and-administration"}},
        ),
    ],
)
def test_a_case_run_through_the_scenario_runner_shows_its_lessons(slug, at_end, earlier, db):
    from innopartner.scenarios.format import CASES_DIR, load_scenario
    from innopartner.scenarios.runner import run_scenario

    result = run_scenario(load_scenario(CASES_DIR / f"{slug}.yaml"))
    assert result.ok, result.failure
    assert at_end <= shown(result.procedure), f"{slug} at {result.final_state}"
    for stage, expected in earlier.items():
        ids = {lesson.id for lesson in lessons_at(result.procedure, stage=stage)}
        assert expected <= ids
