"""Only a supplier user acting for the lead member may form a consortium (Art. 19(2) Dir.
2014/24/EU); the composition rules still apply; a refusal stores nothing."""

from __future__ import annotations

import pytest

from innopartner.core.exceptions import InvalidInput, NotAllowed, RuleViolation
from innopartner.parties import services as parties
from innopartner.parties.models import ConsortiumMember, Organisation
from innopartner.testing import make_world


@pytest.fixture
def world(db):
    return make_world(operators=2)


def test_a_supplier_of_the_lead_forms_the_consortium(world):
    a, b = world.operators
    consortium = parties.consortium_form(
        name="Combinatie AB", lead=a, members=[b], now=world.now, actor=world.supplier(a)
    )
    links = {(m.member_id, m.is_lead) for m in consortium.member_links.all()}
    assert links == {(a.pk, True), (b.pk, False)}
    assert consortium.kind == Organisation.Kind.CONSORTIUM


@pytest.mark.parametrize("who", ["other_supplier", "officer", "nobody"])
def test_anyone_not_acting_for_the_lead_is_refused(world, who):
    a, b = world.operators
    actor = {"other_supplier": world.supplier(b), "officer": world.officer, "nobody": None}[who]
    with pytest.raises(NotAllowed) as refused:
        parties.consortium_form(name="Kaping", lead=a, members=[b], now=world.now, actor=actor)
    assert refused.value.code == "not-acting-for-lead"
    assert not Organisation.objects.filter(name="Kaping").exists()
    assert not ConsortiumMember.objects.exists()


def test_composition_rules_and_name_still_apply(world):
    a, _b = world.operators
    with pytest.raises(RuleViolation) as refused:
        parties.consortium_form(
            name="Alleen A", lead=a, members=[], now=world.now, actor=world.supplier(a)
        )
    assert refused.value.code == "consortium-too-small"
    with pytest.raises(InvalidInput):
        parties.consortium_form(
            name=" ", lead=a, members=[world.buyer], now=world.now, actor=world.supplier(a)
        )
    assert not Organisation.objects.filter(kind=Organisation.Kind.CONSORTIUM).exists()
