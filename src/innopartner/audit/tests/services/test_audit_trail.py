"""The audit trail as behaviour: who did what, when, with before and after; and a change never
exists without its record."""

import pytest

from innopartner.audit.models import AuditRecord
from innopartner.audit.selectors import audit_trail
from innopartner.procedures import services
from innopartner.procedures.models import Procedure
from innopartner.testing import draft_procedure, make_world

pytestmark = pytest.mark.django_db


def test_an_update_records_the_actor_the_moment_and_the_old_and_new_values(world=None):
    world = make_world()
    procedure = draft_procedure(world)
    moment = world.tick(days=1)
    services.preparation_update(
        procedure=procedure, candidates_min=4, now=moment, actor=world.officer
    )
    record = audit_trail(procedure=procedure).filter(action="preparation.updated").last()
    assert record.actor == world.officer and record.actor_label == "officer"
    assert record.at == moment
    assert record.before == {"candidates_min": 3} and record.after == {"candidates_min": 4}
    assert record.subject_type == "procedures.Procedure" and record.subject_id == str(procedure.pk)


def test_a_change_is_undone_when_its_audit_record_cannot_be_written(monkeypatch):
    world = make_world()
    procedure = draft_procedure(world)
    before = AuditRecord.objects.count()

    def broken_audit(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(services, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        services.preparation_update(
            procedure=procedure, candidates_min=5, now=world.now, actor=world.officer
        )
    assert Procedure.objects.get(pk=procedure.pk).candidates_min == 3
    assert AuditRecord.objects.count() == before


def test_the_trail_of_a_procedure_is_in_order_and_holds_only_that_procedure():
    world = make_world()
    first = draft_procedure(world)
    second = draft_procedure(world)
    ids = list(audit_trail(procedure=first).values_list("id", flat=True))
    assert ids == sorted(ids)
    assert not audit_trail(procedure=first).filter(procedure=second).exists()
    assert audit_trail(procedure=first).first().action == "procedure.created"
