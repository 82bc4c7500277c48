"""Progress reports: the partner reports, with audit; nobody else reports for it; another
partner never reads them."""

import pytest

from innopartner.audit.models import AuditRecord
from innopartner.core.exceptions import InvalidInput, NotAllowed, RuleViolation
from innopartner.partnership.progress import progress_report_submit, progress_reports_visible_to
from innopartner.testing import (
    draft_procedure,
    make_world,
    publish,
    select,
    to_partnership,
    to_standstill,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world(operators=3)


@pytest.fixture
def procedure(world):
    return to_partnership(
        world, to_standstill(world, select(world, publish(world, draft_procedure(world))))
    )


def _partners(procedure):
    return [p.operator for p in procedure.partners.order_by("joined_at", "operator__name")]


def test_a_partner_reports_on_a_target_and_the_audit_trail_records_it(world, procedure):
    partner, other = _partners(procedure)
    target = procedure.phase_plans.get(number=1).targets.first()
    report = progress_report_submit(
        procedure=procedure,
        operator=partner,
        target=target,
        text="Eerste metingen gedaan.",
        now=world.now,
        actor=world.supplier(partner),
    )
    record = AuditRecord.objects.get(action="progress.reported")
    assert record.actor == world.supplier(partner)
    assert record.after["target"] == target.description and record.after["partner"] == partner.name
    assert list(progress_reports_visible_to(user=world.supplier(partner), procedure=procedure)) == [
        report
    ]
    assert not progress_reports_visible_to(user=world.supplier(other), procedure=procedure)
    assert progress_reports_visible_to(user=world.officer, procedure=procedure).count() == 1


def test_nobody_reports_for_another_partner(world, procedure):
    partner, other = _partners(procedure)
    target = procedure.phase_plans.get(number=1).targets.first()
    for actor in (world.supplier(other), world.officer):
        with pytest.raises(NotAllowed):
            progress_report_submit(
                procedure=procedure,
                operator=partner,
                target=target,
                text="Namens een ander.",
                now=world.now,
                actor=actor,
            )
    assert not AuditRecord.objects.filter(action="progress.reported").exists()


def test_an_empty_report_and_a_report_on_a_later_phase_are_refused(world, procedure):
    partner, _other = _partners(procedure)
    with pytest.raises(InvalidInput) as caught:
        progress_report_submit(
            procedure=procedure,
            operator=partner,
            target=procedure.phase_plans.get(number=1).targets.first(),
            text="  ",
            now=world.now,
            actor=world.supplier(partner),
        )
    assert caught.value.code == "report-empty"
    with pytest.raises(RuleViolation) as caught:
        progress_report_submit(
            procedure=procedure,
            operator=partner,
            target=procedure.phase_plans.get(number=2).targets.first(),
            text="Vooruitlopend.",
            now=world.now,
            actor=world.supplier(partner),
        )
    assert caught.value.code == "partner-not-in-phase"
