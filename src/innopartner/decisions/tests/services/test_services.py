"""The decision-support services store their inputs and results with an audit record; only the
buyer's staff may use them; bad input is refused with its code and stores nothing."""

import pytest

from innopartner.audit.models import AuditRecord
from innopartner.core.exceptions import InvalidInput, NotAllowed
from innopartner.decisions import services
from innopartner.decisions.models import ProcedureChoiceAssessment, TcoCostLine, TcoOption
from innopartner.decisions.selectors import latest_procedure_choice, tco_options
from innopartner.decisions.tests.test_choice import GVB, IFV
from innopartner.testing import draft_procedure, make_world

pytestmark = pytest.mark.django_db

LINES = [
    {"category": "acquisition", "amount": 100, "year": 0},
    {"category": "energy", "quantity": 2, "unit_price": 5, "from": 1, "to": 10},
]


@pytest.fixture
def world():
    return make_world(operators=1)


@pytest.fixture
def procedure(world):
    return draft_procedure(world, complete=False)


def refused(call, error, code):
    records = AuditRecord.objects.count()
    with pytest.raises(error) as caught:
        call()
    assert caught.value.code == code
    assert AuditRecord.objects.count() == records
    assert not ProcedureChoiceAssessment.objects.exists()
    assert not TcoOption.objects.exists() and not TcoCostLine.objects.exists()


def test_an_assessment_is_stored_with_its_reasons_and_audited(world, procedure):
    assessment = services.procedure_choice_assess(
        procedure=procedure, answers=IFV, now=world.now, actor=world.officer
    )
    assert assessment.recommendation == "innovation_partnership"
    assert assessment.reasons and assessment.sensitivities
    assert (assessment.assessed_at, assessment.assessed_by) == (world.now, world.officer)
    record = AuditRecord.objects.get(action="decisions.procedure_choice_assessed")
    assert (record.actor, record.procedure_id, record.at) == (
        world.officer,
        procedure.pk,
        world.now,
    )
    assert record.after["recommendation"] == "innovation_partnership"
    assert record.after["answers"]["risk_appetite"] == "medium"


def test_the_latest_assessment_counts(world, procedure):
    services.procedure_choice_assess(
        procedure=procedure, answers=IFV, now=world.now, actor=world.officer
    )
    services.procedure_choice_assess(
        procedure=procedure, answers=GVB, now=world.tick(days=1), actor=world.officer
    )
    assert latest_procedure_choice(procedure).recommendation == "competitive_negotiation"
    assert procedure.choice_assessments.count() == 2


@pytest.mark.parametrize("who", ["supplier", "other_buyer_officer", "evaluator"])
def test_only_the_buyers_staff_may_assess(world, procedure, who):
    actor = world.supplier(world.operators[0]) if who == "supplier" else getattr(world, who)
    refused(
        lambda: services.procedure_choice_assess(
            procedure=procedure, answers=IFV, now=world.now, actor=actor
        ),
        NotAllowed,
        "not-buyer-staff",
    )
    refused(
        lambda: services.tco_option_record(
            procedure=procedure, name="X", horizon_years=10, lines=LINES, now=world.now, actor=actor
        ),
        NotAllowed,
        "not-buyer-staff",
    )


def test_incomplete_answers_store_nothing(world, procedure):
    answers = {k: v for k, v in IFV.items() if k != "risk_appetite"}
    refused(
        lambda: services.procedure_choice_assess(
            procedure=procedure, answers=answers, now=world.now, actor=world.officer
        ),
        InvalidInput,
        "answers-missing",
    )


def test_a_tco_option_is_stored_with_its_lines_and_audited(world, procedure):
    option = services.tco_option_record(
        procedure=procedure,
        name="Warmtepomp",
        horizon_years=10,
        lines=LINES,
        assumed=True,
        now=world.now,
        actor=world.officer,
    )
    assert option.lines.count() == 2 and option.assumed
    record = AuditRecord.objects.get(action="decisions.tco_option_recorded")
    assert record.actor == world.officer and record.procedure_id == procedure.pk
    assert record.after["lines"][1]["years"] == [1, 10, 1]
    (read,) = tco_options(procedure)
    assert read.name == "Warmtepomp" and read.lines[1].amount == 10.0 and read.key == "Warmtepomp"


@pytest.mark.parametrize(
    ("lines", "horizon", "code"),
    [
        ([{"category": "lunch", "amount": 5}], 10, "tco-category-unknown"),
        ([{"category": "energy", "amount": -5}], 10, "tco-negative-amount"),
        (
            [{"category": "energy", "amount": 5, "from": 1, "to": 11}],
            10,
            "tco-year-outside-horizon",
        ),
        ([{"category": "energy"}], 10, "tco-line-invalid"),
        (LINES, "soon", "tco-horizon-invalid"),
    ],
)
def test_bad_cost_lines_store_nothing(world, procedure, lines, horizon, code):
    refused(
        lambda: services.tco_option_record(
            procedure=procedure,
            name="X",
            horizon_years=horizon,
            lines=lines,
            now=world.now,
            actor=world.officer,
        ),
        InvalidInput,
        code,
    )


def test_an_option_name_is_used_once_per_procedure(world, procedure):
    kwargs = dict(procedure=procedure, name="X", horizon_years=10, lines=LINES, actor=world.officer)
    services.tco_option_record(now=world.now, **kwargs)
    records = AuditRecord.objects.count()
    with pytest.raises(InvalidInput) as caught:
        services.tco_option_record(now=world.tick(hours=1), **kwargs)
    assert caught.value.code == "tco-option-exists"
    assert AuditRecord.objects.count() == records and TcoCostLine.objects.count() == 2
