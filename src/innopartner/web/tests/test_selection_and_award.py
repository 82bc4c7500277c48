"""The selection (assess each request, invite candidates) and the award through the web: the
engine decides, a refusal shows its message and code with the input kept, and only the
procedure's own buyer staff may act."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from innopartner.evaluation.selectors import round_ranking
from innopartner.participation import services as participation
from innopartner.participation.models import RequestToParticipate
from innopartner.parties import services as parties
from innopartner.procedures.models import Procedure
from innopartner.web import clock

from .conftest import sign_in


def url(name, *args):
    return reverse(f"web:{name}", args=args)


def _user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def other_buyer(db):
    """A procurement officer of another contracting authority."""
    now = clock.now()
    authority = parties.authority_create(
        name="Gemeente Elders", authority_type="municipality", now=now
    )
    parties.person_add(
        username="ander-inkoper", organisation=authority, role="procurement_officer", now=now
    )
    return "ander-inkoper"


@pytest.fixture
def requested(demo):
    """demo-verzoeken with a request from SatFire and one from GeoMoist."""
    procedure = demo["demo-verzoeken"]
    for username in ("demo-supplier-a", "demo-supplier-b"):
        user = _user(username)
        participation.request_submit(
            procedure=procedure,
            operator=user.memberships.get().organisation,
            now=clock.now(),
            actor=user,
        )
    return procedure


@pytest.fixture
def after_requests_deadline(requested, monkeypatch):
    later = requested.requests_deadline + dt.timedelta(days=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    return requested


def _assess(client, procedure, req, assessment="Voldoet aan de eisen.", qualified="1"):
    return client.post(
        url("request_assess", procedure.pk, req.pk),
        {"qualified": qualified, "assessment": assessment},
    )


# --- selection -------------------------------------------------------------------------------


def test_the_buyer_sees_the_requests_to_assess(client, requested):
    sign_in(client, "demo-officer")
    page = client.get(url("selection", requested.pk))
    assert page.status_code == 200
    assert "SatFire" in page.content.decode() and "GeoMoist" in page.content.decode()


def test_assessing_before_the_requests_deadline_is_refused_with_the_rule(client, requested):
    req = requested.requests.first()
    sign_in(client, "demo-officer")
    response = _assess(client, requested, req, assessment="Te vroeg beoordeeld ABC.")
    assert response.status_code == 400
    page = response.content.decode()
    assert "selection-before-request-deadline" in page
    assert "Te vroeg beoordeeld ABC." in page
    req.refresh_from_db()
    assert req.status == RequestToParticipate.Status.SUBMITTED


def test_the_buyer_assesses_and_invites_after_the_deadline(client, after_requests_deadline):
    procedure = after_requests_deadline
    sign_in(client, "demo-officer")
    for req in procedure.requests.all():
        response = _assess(client, procedure, req)
        assert response.status_code == 302
        assert response["Location"] == url("selection", procedure.pk)
        req.refresh_from_db()
        assert req.status == RequestToParticipate.Status.QUALIFIED
    ids = [str(r.operator_id) for r in procedure.requests.all()]
    # two qualify, the notice asks for at least three: inviting one is refused, input kept
    too_few = client.post(
        url("selection", procedure.pk), {"operators": ids[:1], "fewer_reason": "Kleine markt Q7."}
    )
    assert too_few.status_code == 400
    page = too_few.content.decode()
    assert "too-few-candidates-invited" in page
    assert "Kleine markt Q7." in page
    boxes = re.findall(r'<input type="checkbox" name="operators"[^>]*>', page)
    assert len(boxes) == 2
    assert [b for b in boxes if "checked" in b] == [b for b in boxes if ids[0] in b]
    no_reason = client.post(url("selection", procedure.pk), {"operators": ids})
    assert no_reason.status_code == 400
    assert "fewer-candidates-reason-missing" in no_reason.content.decode()
    assert Procedure.objects.get(pk=procedure.pk).invitations.count() == 0
    invited = client.post(
        url("selection", procedure.pk), {"operators": ids, "fewer_reason": "Kleine markt."}
    )
    assert invited.status_code == 302
    procedure = Procedure.objects.get(pk=procedure.pk)
    assert procedure.stage == "negotiation"
    assert procedure.invitations.count() == 2


def test_an_empty_selection_form_is_refused_by_the_form(client, after_requests_deadline):
    sign_in(client, "demo-officer")
    response = client.post(url("selection", after_requests_deadline.pk), {})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("username", "status"),
    [("demo-supplier-a", 403), ("demo-evaluator", 403), ("demo-auditor", 403), (None, 404)],
    ids=["supplier", "evaluator", "auditor", "another-buyer"],
)
def test_other_roles_cannot_assess_or_select(
    client, after_requests_deadline, other_buyer, username, status
):
    procedure = after_requests_deadline
    sign_in(client, username or other_buyer)
    req = procedure.requests.first()
    assert _assess(client, procedure, req).status_code == status
    assert client.get(url("selection", procedure.pk)).status_code == status
    ids = [str(r.operator_id) for r in procedure.requests.all()]
    response = client.post(url("selection", procedure.pk), {"operators": ids, "fewer_reason": "X"})
    assert response.status_code == status
    req.refresh_from_db()
    assert req.status == RequestToParticipate.Status.SUBMITTED
    assert procedure.invitations.count() == 0


# --- award -----------------------------------------------------------------------------------


@pytest.fixture
def final_scored(demo):
    """A procedure of the demo buyer with an initial and a final round, opened and scored."""
    from innopartner.participation.selectors import remaining_participants
    from innopartner.testing import draft_procedure, publish, run_round, select
    from innopartner.web.demo import _world

    world = _world(clock.now() - dt.timedelta(days=200))
    procedure = select(world, publish(world, draft_procedure(world), days=32))
    remaining = remaining_participants(procedure=procedure)
    prices = {o: 100000 + 1000 * i for i, o in enumerate(remaining)}
    quality = {o: 9 - i for i, o in enumerate(remaining)}
    run_round(world, procedure, kind="initial", prices=prices, quality=quality)
    last = run_round(world, procedure, kind="final", prices=prices, quality=quality)
    ranked = [t.operator for t, _r in round_ranking(last)]
    return Procedure.objects.get(pk=procedure.pk), ranked


def test_the_buyer_awards_to_the_best_ranked(client, final_scored):
    procedure, ranked = final_scored
    sign_in(client, "demo-officer")
    page = client.get(url("award", procedure.pk))
    assert page.status_code == 200
    assert ranked[0].name in page.content.decode()
    response = client.post(
        url("award", procedure.pk),
        {"winners": [str(ranked[0].pk)], "reasons": "Beste prijs-kwaliteitverhouding."},
    )
    assert response.status_code == 302
    procedure = Procedure.objects.get(pk=procedure.pk)
    assert procedure.award_decision is not None
    assert procedure.stage == "standstill"


def test_an_award_past_a_better_tender_is_refused_with_the_rule(client, final_scored):
    procedure, ranked = final_scored
    sign_in(client, "demo-officer")
    response = client.post(
        url("award", procedure.pk),
        {"winners": [str(ranked[1].pk)], "reasons": "Voorkeur voor Z8."},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "award-against-ranking" in page
    assert "De gunning volgt de rangorde" in page
    assert "Voorkeur voor Z8." in page
    assert not hasattr(Procedure.objects.get(pk=procedure.pk), "award_decision")


def test_an_award_on_the_initial_round_is_refused_with_the_rule(client, demo):
    from innopartner.evaluation import services as evaluation
    from innopartner.tendering.models import Tender

    procedure = demo["demo-beoordeling"]
    criterion = procedure.award_criteria.get(kind="quality")
    officer, evaluator = _user("demo-officer"), _user("demo-evaluator")
    for tender in Tender.objects.filter(round__procedure=procedure, status="submitted"):
        evaluation.score_submit(
            tender=tender,
            criterion=criterion,
            score=7,
            justification="Goed.",
            now=clock.now(),
            actor=evaluator,
        )
        evaluation.consensus_record(
            tender=tender,
            criterion=criterion,
            score=7,
            justification="Eens.",
            now=clock.now(),
            actor=officer,
        )
    ranked = [t.operator for t, _r in round_ranking(procedure.rounds.get())]
    sign_in(client, "demo-officer")
    response = client.post(
        url("award", procedure.pk), {"winners": [str(ranked[0].pk)], "reasons": "Te vroeg."}
    )
    assert response.status_code == 400
    assert "award-without-negotiation" in response.content.decode()
    assert "Te vroeg." in response.content.decode()


@pytest.mark.parametrize(
    ("username", "status"),
    [("demo-supplier-a", 403), ("demo-evaluator", 403), (None, 404)],
    ids=["supplier", "evaluator", "another-buyer"],
)
def test_other_roles_cannot_award(client, final_scored, other_buyer, username, status):
    procedure, ranked = final_scored
    sign_in(client, username or other_buyer)
    assert client.get(url("award", procedure.pk)).status_code == status
    response = client.post(
        url("award", procedure.pk), {"winners": [str(ranked[0].pk)], "reasons": "Poging."}
    )
    assert response.status_code == status
    assert not hasattr(Procedure.objects.get(pk=procedure.pk), "award_decision")
