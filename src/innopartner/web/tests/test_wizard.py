"""Step-by-step procedure creation through the web: each step saves through the preparation
services, a refusal shows its message and code with the input kept and nothing stored, going
back shows what was saved, the summary says what publication still misses, and only buyer
staff of the procedure may use it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from innopartner.procedures.models import Procedure
from innopartner.testing import draft_procedure, make_world

from .conftest import sign_in


def url(name, *args):
    return reverse(f"web:{name}", args=args)


@pytest.fixture
def world(db):
    return make_world(operators=1)


@pytest.fixture
def officer(client, world):
    sign_in(client, "officer")
    return client


@pytest.fixture
def draft(world):
    return draft_procedure(world, complete=False)


def step(procedure, name):
    return url("wizard_step", procedure.pk, name)


def test_start_creates_the_procedure_with_the_lead_and_a_further_buyer(officer, world):
    page = officer.get(url("wizard_start"))
    assert page.status_code == 200
    assert "Gemeente Elders" in page.content.decode()  # another authority may join
    response = officer.post(
        url("wizard_start"),
        {
            "title": "Slimme dijkmonitoring",
            "procedure_type": "innovation_partnership",
            "reference": "WV-2026-01",
            "directive": "2014/24",
            "subject_kind": "services",
            "buyers": [str(world.other_buyer_officer.memberships.get().organisation_id)],
        },
    )
    procedure = Procedure.objects.get(title="Slimme dijkmonitoring")
    assert response.status_code == 302
    assert response["Location"] == step(procedure, "voorbereiding")
    assert procedure.lead_buyer == world.buyer
    assert procedure.subject_kind == "services"
    assert {b.authority.name for b in procedure.buyers.all()} == {
        "Waterschap Voorbeeld",
        "Gemeente Elders",
    }


def test_start_refusal_shows_the_rule_and_keeps_the_input(officer):
    response = officer.post(
        url("wizard_start"),
        {
            "title": "   ",
            "procedure_type": "pcp",
            "reference": "REF-9",
            "directive": "2014/24",
            "subject_kind": "supplies",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "title-missing" in body and "Een procedure heeft een titel." in body
    assert 'value="REF-9"' in body
    assert not Procedure.objects.exists()


def test_preparation_step_saves_the_record_and_the_procedure_choice(officer, draft):
    response = officer.post(
        step(draft, "voorbereiding"),
        {
            "part": "voorbereiding",
            "need_description": "Wij willen dijken continu bewaken.",
            "budget": "1200000",
            "estimated_rd_value": "500000",
            "estimated_purchase_value": "700000",
            "proportionality_justification": "In verhouding.",
            "ip_arrangement": "buyer_owns",
            "partner_structure": "several",
            "intended_partners": "2",
            "candidates_min": "3",
            "candidates_max": "5",
            "termination_option": "on",
            "termination_conditions": "Na elke fase.",
            "procedure_choice_reasons": "Geen oplossing op de markt.",
            "alternatives": ["pcp"],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == step(draft, "marktconsultatie")
    draft.refresh_from_db()
    assert draft.need_description == "Wij willen dijken continu bewaken."
    assert draft.candidates_min == 3 and draft.intended_partners == 2
    assert draft.procedure_choice_reasons == "Geen oplossing op de markt."
    assert draft.alternatives_considered == ["pcp"]
    # Back to the step: what was saved is shown.
    body = officer.get(step(draft, "voorbereiding")).content.decode()
    assert "Wij willen dijken continu bewaken." in body
    assert 'value="1200000' in body


def test_preparation_refusal_keeps_the_input_and_stores_nothing(officer, draft):
    response = officer.post(
        step(draft, "voorbereiding"),
        {
            "part": "voorbereiding",
            "need_description": "Een nieuwe behoefte.",
            "budget": "-5",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "amount-negative" in body
    assert "Een nieuwe behoefte." in body
    draft.refresh_from_db()
    assert draft.need_description == "" and draft.budget is None
    # A rule on the combination: an IP split by co-funding needs the share (Art. 31(6)).
    response = officer.post(
        step(draft, "voorbereiding"),
        {"part": "voorbereiding", "ip_arrangement": "split_by_cofunding"},
    )
    assert response.status_code == 400
    assert "cofunding-share-invalid" in response.content.decode()
    response = officer.post(
        step(draft, "voorbereiding"),
        {
            "part": "voorbereiding",
            "ip_arrangement": "split_by_cofunding",
            "ip_cofunding_share": "50",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.ip_cofunding_share == 50


def test_list_steps_add_through_the_services(officer, draft):
    posts = {
        "marktconsultatie": {
            "part": "marktconsultatie",
            "kind": "information_meeting",
            "held_on": "2026-03-01",
            "with_whom": "12 bedrijven",
            "participants": "12",
            "learned": "Sensoren bestaan, de analyse niet.",
        },
        "eisen": {"part": "eisen", "text": "Meet elk uur.", "is_minimum": "on"},
        "selectie": {"part": "selectie", "text": "O&O-team.", "covers_rd_capacity": "on"},
        "gunning": {
            "part": "gunning",
            "name": "Kwaliteit",
            "kind": "quality",
            "weight": "60",
            "scale_min": "0",
            "scale_max": "10",
            "description": "0 slecht – 10 uitstekend",
        },
        "fasen": {
            "part": "fase",
            "number": "1",
            "name": "Ontwerp",
            "minimum_targets": "Werkend prototype\nVeldtest",
            "other_targets": "Publicatie",
            "instalments": "Start; 25000\nOplevering; 25000",
            "gate_kind": "go_no_go",
        },
        "afname": {
            "part": "afnamepost",
            "afnamepost-name": "Meetjaar",
            "afnamepost-unit": "jaar",
            "afnamepost-max_unit_price": "90000",
            "afnamepost-expected_quantity": "4",
        },
    }
    for name, data in posts.items():
        response = officer.post(step(draft, name), data)
        assert response.status_code == 302, (name, response.content.decode()[:2000])
        assert response["Location"] == step(draft, name)
    officer.post(
        step(draft, "afname"),
        {"part": "niveau", "niveau-name": "nauwkeurigheid", "niveau-target": "95"},
    )
    assert draft.consultations.get().participants == 12
    assert draft.requirements.get().is_minimum
    assert draft.selection_criteria.get().covers_rd_capacity
    assert draft.award_criteria.get().weight == 60
    phase = draft.phase_plans.get()
    assert [(t.description, t.is_minimum) for t in phase.targets.order_by("id")] == [
        ("Werkend prototype", True),
        ("Veldtest", True),
        ("Publicatie", False),
    ]
    assert phase.instalments.count() == 2
    assert draft.purchase_items.get().max_unit_price == 90000
    assert draft.performance_levels.get().name == "nauwkeurigheid"
    # The saved items are listed when the buyer comes back to a step.
    assert "Fase 1: Ontwerp" in officer.get(step(draft, "fasen")).content.decode()


def test_engine_refusals_on_list_steps_show_message_and_code(officer, draft):
    response = officer.post(
        step(draft, "fasen"),
        {"part": "fase", "number": "3", "name": "Te vroeg", "gate_kind": "final"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "phase-number-out-of-order" in body and 'value="Te vroeg"' in body
    response = officer.post(
        step(draft, "gunning"),
        {
            "part": "gunning",
            "name": "Omgekeerd",
            "kind": "quality",
            "weight": "10",
            "scale_min": "10",
            "scale_max": "0",
        },
    )
    assert response.status_code == 400
    assert "scale-invalid" in response.content.decode()
    response = officer.post(
        step(draft, "fasen"),
        {
            "part": "fase",
            "number": "1",
            "name": "F",
            "gate_kind": "final",
            "instalments": "geen bedrag",
        },
    )
    assert response.status_code == 400
    assert "omschrijving; bedrag" in response.content.decode()
    assert not draft.phase_plans.exists() and not draft.award_criteria.exists()


def test_phases_step_is_absent_for_a_procedure_without_rd_phases(officer, world):
    from innopartner.procedures import services as procedures

    procedure = procedures.procedure_create(
        title="Busvervoer",
        procedure_type_code="competitive_negotiation",
        lead_buyer=world.buyer,
        now=world.now,
        actor=world.officer,
    )
    assert officer.get(step(procedure, "fasen")).status_code == 404
    assert officer.get(step(procedure, "eisen")).status_code == 200


def test_summary_names_what_is_missing_and_links_to_publish_when_complete(officer, world, draft):
    body = officer.get(step(draft, "samenvatting")).content.decode()
    assert "documents-incomplete" in body and "fasering met tussendoelen" in body
    complete = draft_procedure(world)
    body = officer.get(step(complete, "samenvatting")).content.decode()
    assert "documents-incomplete" not in body
    assert "De stukken voldoen aan alle regels voor publicatie." in body
    assert url("notice_publish", complete.pk) in body


@pytest.mark.parametrize("username", ["evaluator", "supplier-a", "other-officer"])
def test_other_roles_are_refused_and_nothing_changes(client, world, draft, username):
    sign_in(client, username)
    for name in ("eisen", "voorbereiding", "samenvatting"):
        assert client.get(step(draft, name)).status_code in (403, 404)
    response = client.post(step(draft, "eisen"), {"part": "eisen", "text": "Ingeschoven eis."})
    assert response.status_code in (403, 404)
    assert not draft.requirements.exists()


@pytest.mark.parametrize("username", ["evaluator", "supplier-a"])
def test_only_buyer_staff_start_a_procedure(client, world, username):
    sign_in(client, username)
    assert client.get(url("wizard_start")).status_code == 403
    response = client.post(
        url("wizard_start"),
        {
            "title": "Kaping",
            "procedure_type": "pcp",
            "directive": "2014/24",
            "subject_kind": "supplies",
        },
    )
    assert response.status_code == 403
    assert not Procedure.objects.filter(title="Kaping").exists()


def test_basics_step_changes_title_and_adds_a_joint_buyer(officer, world, draft):
    other = world.other_buyer_officer.memberships.get().organisation
    body = officer.get(step(draft, "basis")).content.decode()
    assert 'value="Slimme vismonitoring"' in body and other.name in body
    response = officer.post(
        step(draft, "basis"),
        {
            "part": "basis",
            "title": "Slimme vismonitoring 2.0",
            "reference": "WV-7",
            "subject_kind": "services",
            "buyers": [str(other.pk)],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == step(draft, "voorbereiding")
    draft.refresh_from_db()
    assert (draft.title, draft.reference, draft.subject_kind) == (
        "Slimme vismonitoring 2.0",
        "WV-7",
        "services",
    )
    assert draft.buyers.filter(authority=other).exists()
    # Once joined, the authority is no longer offered.
    assert f'value="{other.pk}"' not in officer.get(step(draft, "basis")).content.decode()
