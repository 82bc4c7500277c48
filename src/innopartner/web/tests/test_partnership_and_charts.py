"""The partnership page per role (buyer staff act, auditors read, a partner sees only its own)
and the score chart of a round (buyer staff and auditors, only after consensus)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from innopartner.partnership import services as partnership
from innopartner.partnership.models import (
    CallOff,
    InstalmentPayment,
    PartnerPhase,
    ProgressReport,
    PurchaseStart,
)
from innopartner.procedures.models import Procedure
from innopartner.web import clock

from .conftest import sign_in


def url(name, *args):
    return reverse(f"web:{name}", args=args)


@pytest.fixture
def gate(demo):
    return demo["demo-beslismoment"]


# --- the partnership page --------------------------------------------------------------------


def test_buyer_staff_see_every_partner_with_forms_and_the_gate_link(client, gate):
    sign_in(client, "demo-officer")
    response = client.get(url("partnership", gate.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "SatFire Analytics B.V." in page and "GeoMoist B.V." in page
    assert "Tussendoelen beoordeeld op de demodag." in page
    assert url("gate", gate.pk) in page
    assert "Termijn betalen" in page and 'for="id_i-instalment"' in page
    # reachable from the procedure page
    assert url("partnership", gate.pk) in client.get(url("procedure", gate.pk)).content.decode()


def test_an_auditor_reads_without_forms(client, gate):
    sign_in(client, "demo-auditor")
    page = client.get(url("partnership", gate.pk)).content.decode()
    assert "GeoMoist B.V." in page and "Beslismomenten" in page
    assert "Termijn betalen" not in page
    for name in ("partnership_instalment", "partnership_targets", "partnership_complete"):
        assert url(name, gate.pk) not in page


def test_a_partner_sees_only_its_own_phases_and_a_non_partner_nothing(client, gate):
    sign_in(client, "demo-supplier-a")
    page = client.get(url("partnership", gate.pk)).content.decode()
    assert "SatFire Analytics B.V." in page
    assert "GeoMoist" not in page  # never another partner (Art. 31(6))
    assert "Beslismomenten" not in page and "Termijn betalen" not in page
    sign_in(client, "demo-supplier-c")
    assert client.get(url("partnership", gate.pk)).status_code == 404
    sign_in(client, "demo-evaluator")
    assert client.get(url("partnership", gate.pk)).status_code == 403


def test_the_buyer_pays_an_instalment_once_and_the_second_time_sees_the_rule(client, gate):
    sign_in(client, "demo-officer")
    sat = gate.partners.get(operator__name__startswith="SatFire").operator
    data = {"i-operator": str(sat.pk), "i-instalment": "1:1"}
    assert client.post(url("partnership_instalment", gate.pk), data).status_code == 302
    assert InstalmentPayment.objects.filter(partner_phase__partner__operator=sat).count() == 1
    response = client.post(url("partnership_instalment", gate.pk), data)
    assert response.status_code == 400
    assert "instalment-already-paid" in response.content.decode()
    assert InstalmentPayment.objects.filter(partner_phase__partner__operator=sat).count() == 1


def test_the_buyer_assesses_targets_and_bad_input_stores_nothing(client, gate):
    sign_in(client, "demo-officer")
    geo = gate.partners.get(operator__name__startswith="GeoMoist").operator
    response = client.post(
        url("partnership_targets", gate.pk), {"t-operator": str(geo.pk), "t-assessment": ""}
    )
    assert response.status_code == 400
    pp = PartnerPhase.objects.get(partner__operator=geo, phase__number=1)
    assert pp.assessment == "Tussendoelen beoordeeld op de demodag."
    response = client.post(
        url("partnership_targets", gate.pk),
        {
            "t-operator": str(geo.pk),
            "t-assessment": "Herbeoordeeld na de demo.",
            "t-target_1": "on",
            "t-target_2": "on",
            "t-gate_score": "7",
        },
    )
    assert response.status_code == 302
    pp.refresh_from_db()
    assert pp.targets_met is True and pp.assessment == "Herbeoordeeld na de demo."


def test_purchase_call_off_and_completion_are_refused_while_a_phase_runs(client, gate):
    sign_in(client, "demo-officer")
    sat = gate.partners.get(operator__name__startswith="SatFire").operator
    data = {"a-operator": str(sat.pk)}
    for level in gate.performance_levels.all():
        data[f"a-level_{level.pk}"] = "95"
    for item in gate.purchase_items.all():
        data[f"a-item_{item.pk}"] = "1000"
    response = client.post(url("partnership_purchase", gate.pk), data)
    assert response.status_code == 400 and "phases-not-completed" in response.content.decode()
    item = gate.purchase_items.first()
    response = client.post(
        url("partnership_call_off", gate.pk),
        {"c-buyer": str(gate.buyers.first().authority_id), "c-item": item.name, "c-quantity": "1"},
    )
    assert response.status_code == 400 and "wrong-stage" in response.content.decode()
    response = client.post(url("partnership_complete", gate.pk), {"f-reason": "Klaar."})
    assert response.status_code == 400 and "phase-still-running" in response.content.decode()
    assert not PurchaseStart.objects.exists() and not CallOff.objects.exists()
    assert Procedure.objects.get(pk=gate.pk).stage == "rd_phases"


def test_a_supplier_cannot_use_the_buyer_forms(client, gate):
    sign_in(client, "demo-supplier-a")
    sat = gate.partners.get(operator__name__startswith="SatFire").operator
    response = client.post(
        url("partnership_instalment", gate.pk), {"i-operator": str(sat.pk), "i-instalment": "1:1"}
    )
    assert response.status_code == 403
    assert not InstalmentPayment.objects.exists()


def test_a_partner_reports_progress_in_its_running_phase_and_only_it_and_the_buyer_read_it(
    client, gate
):
    sign_in(client, "demo-supplier-a")
    phase1 = gate.phase_plans.get(number=1)
    # phase 1 is already assessed: too late to report on it
    response = client.post(
        url("partnership_progress", gate.pk),
        {"p-target": str(phase1.targets.first().pk), "p-text": "Bijna klaar."},
    )
    assert response.status_code == 400
    assert not ProgressReport.objects.exists()

    officer = sign_in(client, "demo-officer")
    partnership.gate_decide(
        procedure=gate, phase_number=1, reasons="Volgens de regel.", now=clock.now(), actor=officer
    )
    continuing = PartnerPhase.objects.get(partner__procedure=gate, phase__number=2).partner
    other = gate.partners.exclude(pk=continuing.pk).get()
    users = {"SatFire": "demo-supplier-a", "GeoMoist": "demo-supplier-b"}
    reporter = users[continuing.operator.name.split()[0]]
    bystander = users[other.operator.name.split()[0]]
    target = gate.phase_plans.get(number=2).targets.first()

    sign_in(client, reporter)
    response = client.post(
        url("partnership_progress", gate.pk), {"p-target": str(target.pk), "p-text": ""}
    )
    assert response.status_code == 400  # empty report: the form says so, nothing stored
    response = client.post(
        url("partnership_progress", gate.pk),
        {"p-target": str(target.pk), "p-text": "Prototype draait in het veld."},
    )
    assert response.status_code == 302
    assert ProgressReport.objects.get().reported_by.username == reporter

    sign_in(client, bystander)
    page = client.get(url("partnership", gate.pk)).content.decode()
    assert "Prototype draait" not in page
    response = client.post(
        url("partnership_progress", gate.pk), {"p-target": str(target.pk), "p-text": "Wij ook."}
    )
    assert response.status_code == 400  # dropped at the gate: no longer in a running phase
    assert ProgressReport.objects.count() == 1

    sign_in(client, "demo-officer")
    assert "Prototype draait" in client.get(url("partnership", gate.pk)).content.decode()


# --- the score chart -------------------------------------------------------------------------


def test_the_score_chart_shows_consensus_points_as_svg_with_a_table(client, gate):
    tender_round = gate.rounds.order_by("-number").first()
    sign_in(client, "demo-officer")
    response = client.get(url("round_chart", gate.pk, tender_round.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<svg role="img"' in page and "<title id=" in page and "<desc id=" in page
    assert page.count("<rect") >= 2 * gate.award_criteria.count()
    table = page[page.index('<table class="list">') :]
    assert "SatFire Analytics B.V." in table and "Kwaliteit" in table
    sign_in(client, "demo-auditor")
    assert client.get(url("round_chart", gate.pk, tender_round.pk)).status_code == 200


def test_the_score_chart_is_refused_to_suppliers_and_evaluators(client, gate):
    tender_round = gate.rounds.order_by("-number").first()
    for username in ("demo-supplier-a", "demo-evaluator"):
        sign_in(client, username)
        response = client.get(url("round_chart", gate.pk, tender_round.pk))
        assert response.status_code == 403
        assert "<svg" not in response.content.decode()


def test_no_chart_before_the_committee_agreed_every_score(client, demo):
    procedure = demo["demo-beoordeling"]
    tender_round = procedure.rounds.get(number=1)
    sign_in(client, "demo-officer")
    response = client.get(url("round_chart", procedure.pk, tender_round.pk))
    assert response.status_code == 409
    page = response.content.decode()
    assert "consensus-score-missing" in page and "<svg" not in page


def test_no_chart_of_a_sealed_round(client, demo):
    procedure = demo["demo-opening"]
    tender_round = procedure.rounds.get(number=1)
    sign_in(client, "demo-officer")
    assert client.get(url("round_chart", procedure.pk, tender_round.pk)).status_code == 403
