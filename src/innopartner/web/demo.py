"""Procedures at live stages for the demo, so that every demo account has something to do
right after login. Built through the engine's services (via the test builders in
``innopartner.testing``), with times relative to now, by the demo accounts of IFV and the two
IFV suppliers:

- open for requests to participate, with questions waiting for an answer;
- tenders waiting to be opened (four eyes: demo-officer starts, demo-officer-2 confirms);
- scoring under way (tenders opened, demo-evaluator has not scored yet);
- a gate due (partners assessed after phase 1).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from innopartner.parties import services as parties
from innopartner.parties.models import Organisation
from innopartner.procedures import services as procedures
from innopartner.procedures.models import Procedure

BUYER = "Instituut Fysieke Veiligheid"
SUPPLIERS = ("SatFire Analytics B.V.", "GeoMoist B.V.")
THIRD = ("Demo Drone Systems B.V.", "69999991", "demo-supplier-c")

LIVE = {
    "demo-verzoeken": "Slimme blusmiddelen: verzoeken tot deelneming open",
    "demo-opening": "Droneverkenning bij natuurbranden: opening van de inschrijvingen",
    "demo-beoordeling": "Rookvoorspelling: beoordeling loopt",
    "demo-beslismoment": "Vroege detectie van veenbranden: beslismoment na fase 1",
}


def _organisation(name: str, *, authority: bool, kvk: str, now) -> Organisation:
    found = Organisation.objects.filter(name=name).first()
    if found is not None:
        return found
    if authority:
        return parties.authority_create(name=name, authority_type="agency", now=now)
    return parties.operator_create(name=name, kvk_number=kvk, now=now)


def _world(now: dt.datetime):
    from innopartner.cli import ensure_demo_accounts
    from innopartner.testing import World

    buyer = _organisation(BUYER, authority=True, kvk="", now=now)
    operators = [
        _organisation(SUPPLIERS[0], authority=False, kvk="69999993", now=now),
        _organisation(SUPPLIERS[1], authority=False, kvk="69999992", now=now),
        _organisation(THIRD[0], authority=False, kvk=THIRD[1], now=now),
    ]
    ensure_demo_accounts()
    User = get_user_model()
    third_user = parties.person_add(
        username=THIRD[2], organisation=operators[2], role="supplier", now=now
    )
    users = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
    world = World(
        now=now,
        buyer=buyer,
        officer=users["demo-officer"],
        second_officer=users["demo-officer-2"],
        evaluator=users["demo-evaluator"],
        operators=operators,
    )
    world.suppliers = {
        operators[0].pk: users["demo-supplier-a"],
        operators[1].pk: users["demo-supplier-b"],
        operators[2].pk: third_user,
    }
    return world


def _draft(world, slug: str, **kwargs) -> Procedure:
    from innopartner.testing import draft_procedure

    procedure = draft_procedure(world, **kwargs)
    procedures.preparation_update(
        procedure=procedure, title=LIVE[slug], now=world.now, actor=world.officer
    )
    Procedure.objects.filter(pk=procedure.pk).update(slug=slug)
    return Procedure.objects.get(pk=procedure.pk)


def load_live_procedures(*, now: dt.datetime | None = None) -> list[Procedure]:
    """Build the four live procedures once; skip those already there."""
    from innopartner.negotiation import services as negotiation
    from innopartner.participation import services as participation
    from innopartner.partnership import services as partnership
    from innopartner.tendering import services as tendering
    from innopartner.testing import publish, select, to_partnership, to_standstill

    now = now or timezone.now()
    built = []
    if Procedure.objects.filter(slug__in=list(LIVE)).count() == len(LIVE):
        return built
    sat, geo, third = _world(now - dt.timedelta(days=400)).operators
    del third

    if not Procedure.objects.filter(slug="demo-verzoeken").exists():
        world = _world(now - dt.timedelta(days=46))
        from innopartner.consultation.demo import challenge_for_demo

        p = _draft(world, "demo-verzoeken")
        challenge_for_demo(world, p)  # the market consultation before the notice
        p = publish(world, p, days=35)
        world.tick(days=1)
        for operator in (sat, geo):
            participation.interest_register(
                procedure=p, operator=operator, now=world.now, actor=world.supplier(operator)
            )
        q1 = negotiation.question_ask(
            procedure=p,
            operator=geo,
            text="Mag een combinatie van ondernemers inschrijven?",
            now=world.now,
            actor=world.supplier(geo),
        )
        world.tick(days=1)
        negotiation.question_answer(
            question=q1,
            answer="Ja, met één penvoerder die de combinatie vertegenwoordigt.",
            now=world.now,
            actor=world.officer,
        )
        negotiation.answers_publish(procedure=p, now=world.now, actor=world.officer)
        world.tick(days=2)
        for operator, text in (
            (sat, "Welke blusmiddelen zijn nu in gebruik bij de korpsen?"),
            (geo, "Is er budget voor een veldproef in de tweede fase?"),
        ):
            negotiation.question_ask(
                procedure=p,
                operator=operator,
                text=text,
                now=world.now,
                actor=world.supplier(operator),
            )
        built.append(p)

    if not Procedure.objects.filter(slug="demo-opening").exists():
        world = _world(now - dt.timedelta(days=60))
        p = select(world, publish(world, _draft(world, "demo-opening"), days=32))
        tender_round = tendering.round_open(
            procedure=p,
            kind="initial",
            deadline=now - dt.timedelta(hours=2),
            now=world.now,
            actor=world.officer,
        )
        world.now = now - dt.timedelta(days=1)
        for i, operator in enumerate(world.operators):
            tendering.tender_submit(
                tender_round=tender_round,
                operator=operator,
                content=f"Inschrijving {operator.name}\n".encode(),
                filename="inschrijving.txt",
                price=90000 + 5000 * i,
                now=world.now,
                actor=world.supplier(operator),
            )
        built.append(p)

    if not Procedure.objects.filter(slug="demo-beoordeling").exists():
        world = _world(now - dt.timedelta(days=60))
        p = select(world, publish(world, _draft(world, "demo-beoordeling"), days=32))
        tender_round = tendering.round_open(
            procedure=p,
            kind="initial",
            deadline=now - dt.timedelta(days=2),
            now=world.now,
            actor=world.officer,
        )
        world.now = now - dt.timedelta(days=3)
        for i, operator in enumerate(world.operators):
            tendering.tender_submit(
                tender_round=tender_round,
                operator=operator,
                content=f"Inschrijving {operator.name}\n".encode(),
                filename="inschrijving.txt",
                price=120000 - 4000 * i,
                now=world.now,
                actor=world.supplier(operator),
            )
        world.now = now - dt.timedelta(days=1)
        opening = tendering.tenders_opening_start(
            tender_round=tender_round, now=world.now, actor=world.officer
        )
        tendering.tenders_opening_confirm(
            opening=opening, now=world.now + dt.timedelta(minutes=10), actor=world.second_officer
        )
        built.append(p)

    if not Procedure.objects.filter(slug="demo-beslismoment").exists():
        world = _world(now - dt.timedelta(days=200))
        p = select(world, publish(world, _draft(world, "demo-beslismoment"), days=32))
        p = to_partnership(world, to_standstill(world, p))
        world.now = now - dt.timedelta(days=2)
        for partner in p.partners.select_related("operator"):
            partnership.targets_assess(
                procedure=p,
                operator=partner.operator,
                phase_number=1,
                results={1: True, 2: partner.operator == sat},
                gate_score=8,
                assessment="Tussendoelen beoordeeld op de demodag.",
                now=world.now,
                actor=world.officer,
            )
        built.append(p)
    return built
