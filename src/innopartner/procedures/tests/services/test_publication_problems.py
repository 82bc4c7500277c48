"""``publication_problems`` lists every rule that blocks the contract notice, in the order a
buyer would fix them, each with its own code; ``ensure_publishable`` (and so ``notice_publish``)
still refuses with the first and carries them all."""

import datetime as dt

import pytest

from innopartner.audit.models import AuditRecord
from innopartner.core.exceptions import RuleViolation
from innopartner.procedures import services
from innopartner.procedures.models import Notice, Procedure
from innopartner.testing import draft_procedure, make_world

pytestmark = pytest.mark.django_db

THREE = [
    "award-criteria-weights-not-100",
    "rd-selection-criterion-missing",
    "intended-partners-missing",
]


@pytest.fixture
def world():
    return make_world(operators=0)


def codes(procedure):
    return [p.code for p in services.publication_problems(Procedure.objects.get(pk=procedure.pk))]


def three_failures(world) -> Procedure:
    """A complete draft broken three ways that rule 3 does not itself list: weights adding up
    to 101 (Art. 67(5)), no R&D selection criterion (Art. 31(6)), several partners without
    their intended number (Art. 31(1))."""
    procedure = draft_procedure(world)
    criterion = procedure.award_criteria.get(kind="quality")
    services.award_criterion_change(
        criterion=criterion, weight=criterion.weight + 1, now=world.now, actor=world.officer
    )
    procedure.selection_criteria.update(covers_rd_capacity=False)
    Procedure.objects.filter(pk=procedure.pk).update(intended_partners=None)
    return Procedure.objects.get(pk=procedure.pk)


def test_a_publishable_procedure_has_no_problems(world):
    procedure = Procedure.objects.get(pk=draft_procedure(world).pk)
    assert services.publication_problems(procedure) == []
    services.ensure_publishable(procedure)  # does not raise


def test_three_failures_are_all_listed_in_order_each_with_its_own_code_and_article(world):
    procedure = three_failures(world)
    problems = services.publication_problems(procedure)
    assert [p.code for p in problems] == THREE
    assert [p.article for p in problems] == [
        "Art. 67(5) Richtlijn 2014/24/EU",
        "Art. 31(6) Richtlijn 2014/24/EU",
        "Art. 31(1) Richtlijn 2014/24/EU",
    ]
    assert all(isinstance(p, RuleViolation) and p.message for p in problems)


def test_fixing_one_leaves_the_other_two_and_fixing_all_leaves_none(world):
    procedure = three_failures(world)
    procedure.selection_criteria.update(covers_rd_capacity=True)
    assert codes(procedure) == [THREE[0], THREE[2]]
    services.preparation_update(
        procedure=procedure, intended_partners=2, now=world.now, actor=world.officer
    )
    assert codes(procedure) == [THREE[0]]
    criterion = procedure.award_criteria.get(kind="quality")
    services.award_criterion_change(
        criterion=criterion, weight=criterion.weight - 1, now=world.now, actor=world.officer
    )
    assert codes(procedure) == []


def test_an_element_rule_3_lists_is_also_refused_by_its_own_rule(world):
    """No award criteria, no R&D selection criterion and no proportionality justification:
    rule 3 lists the two absent elements (documents-incomplete), and the award and
    proportionality rules each refuse too, with their own article; the R&D rule refuses the
    selection criterion that is there but does not cover R&D."""
    procedure = draft_procedure(world)
    procedure.award_criteria.all().delete()
    procedure.selection_criteria.update(covers_rd_capacity=False)
    Procedure.objects.filter(pk=procedure.pk).update(proportionality_justification="")
    problems = services.publication_problems(Procedure.objects.get(pk=procedure.pk))
    assert [p.code for p in problems] == [
        "documents-incomplete",
        "award-criteria-missing",
        "rd-selection-criterion-missing",
        "proportionality-not-justified",
    ]
    assert problems[0].extra["missing"] == [
        "gunningscriteria met weging (award criteria and weighting)",
        "onderbouwing van de evenredigheid (proportionality justification)",
    ]
    assert problems[3].article == "Art. 31(7) Richtlijn 2014/24/EU"


def test_notice_publish_refuses_with_the_first_code_carries_all_and_changes_nothing(world):
    procedure = three_failures(world)
    records = AuditRecord.objects.count()
    with pytest.raises(RuleViolation) as refusal:
        services.notice_publish(
            procedure=procedure,
            requests_deadline=world.now + dt.timedelta(days=40),
            channel="tenderned",
            now=world.now,
            actor=world.officer,
        )
    assert refusal.value.code == THREE[0]  # clients keying on the first code do not break
    assert [p.code for p in refusal.value.extra["problems"]] == THREE
    assert AuditRecord.objects.count() == records
    procedure.refresh_from_db()
    assert procedure.stage == "preparation" and procedure.notice_dispatched_at is None
    assert not Notice.objects.filter(procedure=procedure).exists()


def test_the_refusal_of_ensure_publishable_keeps_the_rules_own_extra(world):
    """Rule 3's own list of missing elements survives next to the list of problems."""
    procedure = draft_procedure(world, complete=False)
    with pytest.raises(RuleViolation) as refusal:
        services.ensure_publishable(procedure)
    error = refusal.value
    assert error.code == "documents-incomplete"
    assert "minimumeisen (minimum requirements)" in error.extra["missing"]
    assert error.extra["problems"][0] is error
    assert len(error.extra["problems"]) > 1
