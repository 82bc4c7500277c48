"""Builders for tests: a small world of a buyer, its people and some operators, and a
procedure brought to any stage through the real services (never by writing rows directly),
so that a test starts exactly where it needs to and every fixture obeys the rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from innopartner.core.timeutil import AMSTERDAM
from innopartner.parties import services as parties
from innopartner.parties.models import Organisation
from innopartner.procedures import services as procedures
from innopartner.procedures.models import Procedure

START = dt.datetime(2024, 1, 8, 9, 0, tzinfo=AMSTERDAM)


@dataclass
class World:
    now: dt.datetime
    buyer: Organisation
    officer: Any
    second_officer: Any
    evaluator: Any
    operators: list[Organisation] = field(default_factory=list)
    suppliers: dict[Any, Any] = field(default_factory=dict)  # operator pk -> user
    other_buyer_officer: Any = None

    def tick(self, **delta: float) -> dt.datetime:
        self.now = self.now + dt.timedelta(**delta)
        return self.now

    def supplier(self, operator: Organisation):
        return self.suppliers[operator.pk]


def make_world(*, operators: int = 4, now: dt.datetime = START) -> World:
    buyer = parties.authority_create(
        name="Waterschap Voorbeeld", authority_type="water_board", now=now
    )
    officer = parties.person_add(
        username="officer", organisation=buyer, role="procurement_officer", now=now
    )
    second = parties.person_add(
        username="officer2", organisation=buyer, role="project_leader", now=now
    )
    evaluator = parties.person_add(
        username="evaluator", organisation=buyer, role="evaluator", now=now
    )
    other = parties.authority_create(name="Gemeente Elders", authority_type="municipality", now=now)
    other_officer = parties.person_add(
        username="other-officer", organisation=other, role="procurement_officer", now=now
    )
    world = World(
        now=now,
        buyer=buyer,
        officer=officer,
        second_officer=second,
        evaluator=evaluator,
        other_buyer_officer=other_officer,
    )
    for index in range(operators):
        operator = parties.operator_create(
            name=f"Ondernemer {chr(65 + index)} B.V.", kvk_number=f"{70000000 + index:08d}", now=now
        )
        world.operators.append(operator)
        world.suppliers[operator.pk] = parties.person_add(
            username=f"supplier-{chr(97 + index)}", organisation=operator, role="supplier", now=now
        )
    return world


def draft_procedure(
    world: World,
    *,
    procedure_type: str = "innovation_partnership",
    complete: bool = True,
    successive_reduction: bool = True,
    termination_option: bool = True,
    partners: int = 2,
    gates: tuple[str, ...] = ("mini_competition", "final"),
) -> Procedure:
    """A procedure in preparation; with ``complete`` its documents pass every publication rule."""
    actor, now = world.officer, world.now
    procedure = procedures.procedure_create(
        title="Slimme vismonitoring",
        procedure_type_code=procedure_type,
        lead_buyer=world.buyer,
        now=now,
        actor=actor,
    )
    if not complete:
        return procedure
    has_phases = procedure.type.has_rd_phases
    procedures.preparation_update(
        procedure=procedure,
        now=now,
        actor=actor,
        need_description="Wij zoeken een nieuwe manier om vismigratie te meten.",
        estimated_rd_value=Decimal("500000"),
        estimated_purchase_value=Decimal("700000"),
        proportionality_justification="De afname staat in verhouding tot de ontwikkeling.",
        partner_structure="several" if partners > 1 else "one",
        intended_partners=partners,
        ip_arrangement="buyer_owns",
        candidates_min=3,
        candidates_max=5,
        successive_reduction=successive_reduction,
        termination_option=termination_option,
        termination_conditions="Na elke fase kan het partnerschap worden beëindigd of verkleind.",
        purchase_max_cost=Decimal("700000"),
    )
    procedures.requirement_add(
        procedure=procedure, text="Meet het hele jaar door.", is_minimum=True, now=now, actor=actor
    )
    procedures.requirement_add(
        procedure=procedure, text="Rapporteert maandelijks.", is_minimum=False, now=now, actor=actor
    )
    procedures.selection_criterion_add(
        procedure=procedure,
        text="Capaciteit voor O&O.",
        covers_rd_capacity=True,
        now=now,
        actor=actor,
    )
    procedures.award_criterion_add(
        procedure=procedure, name="Kwaliteit", kind="quality", weight=60, now=now, actor=actor
    )
    procedures.award_criterion_add(
        procedure=procedure, name="Prijs", kind="price", weight=40, now=now, actor=actor
    )
    if has_phases:
        for number, gate in enumerate(gates, start=1):
            procedures.phase_plan_add(
                procedure=procedure,
                number=number,
                name=f"Fase {number}",
                gate_kind=gate,
                gate_continue_count=1 if gate == "mini_competition" else None,
                targets=[f"Tussendoel {number}a", f"Tussendoel {number}b"],
                instalments=[(f"Termijn fase {number}", 50000)],
                now=now,
                actor=actor,
            )
        procedures.performance_level_add(
            procedure=procedure, name="nauwkeurigheid", target=90, unit="%", now=now, actor=actor
        )
        if procedure.type.has_purchase_phase:
            procedures.purchase_item_add(
                procedure=procedure,
                name="Meetjaar",
                max_unit_price=100000,
                expected_quantity=5,
                now=now,
                actor=actor,
            )
    return procedure


def publish(world: World, procedure: Procedure, *, days: int = 30) -> Procedure:
    procedures.notice_publish(
        procedure=procedure,
        # Calendar days in Amsterdam, as the time-limit rule counts them: a UTC timedelta would
        # fall an hour short across the autumn change to winter time.
        requests_deadline=world.now.astimezone(AMSTERDAM) + dt.timedelta(days=days),
        channel="tenderned",
        now=world.now,
        actor=world.officer,
    )
    return Procedure.objects.get(pk=procedure.pk)


def select(
    world: World, procedure: Procedure, operators: list[Organisation] | None = None
) -> Procedure:
    """Every operator requests; all qualify; all are invited. Ends in negotiation."""
    from innopartner.participation import services as participation

    operators = operators if operators is not None else world.operators
    for operator in operators:
        participation.request_submit(
            procedure=procedure, operator=operator, now=world.now, actor=world.supplier(operator)
        )
    world.now = procedure.requests_deadline + dt.timedelta(days=1)
    for request in procedure.requests.all():
        participation.request_assess(
            request=request,
            qualified=True,
            assessment="Geschikt.",
            now=world.now,
            actor=world.officer,
        )
    participation.candidates_invite(
        procedure=procedure, operators=operators, now=world.now, actor=world.officer
    )
    return Procedure.objects.get(pk=procedure.pk)


def run_round(
    world: World,
    procedure: Procedure,
    *,
    kind: str,
    prices: dict[Organisation, Any],
    quality: dict[Organisation, Any] | None = None,
    negotiate: bool = True,
):
    """Open a round, let the given operators tender, open it (four eyes), score it and, unless
    it is the final one, negotiate on it. Returns the round."""
    from innopartner.evaluation import services as evaluation
    from innopartner.negotiation import services as negotiation
    from innopartner.participation.selectors import remaining_participants
    from innopartner.tendering import services as tendering

    tender_round = tendering.round_open(
        procedure=procedure,
        kind=kind,
        deadline=world.now + dt.timedelta(days=14),
        now=world.now,
        actor=world.officer,
    )
    world.tick(days=13)
    for operator, price in prices.items():
        tendering.tender_submit(
            tender_round=tender_round,
            operator=operator,
            content=f"{operator} {kind}".encode(),
            filename="inschrijving.pdf",
            price=price,
            now=world.now,
            actor=world.supplier(operator),
        )
    world.tick(days=2)
    opening = tendering.tenders_opening_start(
        tender_round=tender_round, now=world.now, actor=world.officer
    )
    tendering.tenders_opening_confirm(opening=opening, now=world.now, actor=world.second_officer)
    criterion = procedure.award_criteria.get(kind="quality")
    for tender in tender_round.tenders.filter(status="submitted"):
        score = (quality or {}).get(tender.operator, 7)
        evaluation.score_submit(
            tender=tender,
            criterion=criterion,
            score=score,
            justification="Goed.",
            now=world.now,
            actor=world.evaluator,
        )
        evaluation.consensus_record(
            tender=tender,
            criterion=criterion,
            score=score,
            justification="Eens.",
            now=world.now,
            actor=world.officer,
        )
    if negotiate and kind != "final":
        negotiation.round_negotiate(
            tender_round=tender_round,
            now=world.now,
            actor=world.officer,
            minutes=[(o, "Besproken.") for o in remaining_participants(procedure=procedure)],
        )
    world.tick(days=1)
    return tender_round


def to_standstill(
    world: World, procedure: Procedure, winners: list[Organisation] | None = None
) -> Procedure:
    """From negotiation: an initial and a final round with everyone, then the award to the best."""
    from innopartner.award import services as award
    from innopartner.participation.selectors import remaining_participants

    remaining = remaining_participants(procedure=procedure)
    prices = {o: 100000 + 1000 * i for i, o in enumerate(remaining)}
    quality = {o: 9 - i for i, o in enumerate(remaining)}
    run_round(world, procedure, kind="initial", prices=prices, quality=quality)
    run_round(world, procedure, kind="final", prices=prices, quality=quality)
    n = procedure.intended_partners or 1
    winners = winners if winners is not None else remaining[:n]
    award.award_decide(
        procedure=procedure,
        winners=winners,
        reasons="Beste prijs-kwaliteitverhouding.",
        now=world.now,
        actor=world.officer,
    )
    return Procedure.objects.get(pk=procedure.pk)


def to_partnership(world: World, procedure: Procedure) -> Procedure:
    from innopartner.award import services as award

    world.tick(days=21)
    award.agreement_sign(procedure=procedure, now=world.now, actor=world.officer)
    return Procedure.objects.get(pk=procedure.pk)


def pass_second_factor(client: Any, user: Any) -> Any:
    """Sign a test client in as ``user`` as after a valid TOTP code: a confirmed device and the
    session mark that django-otp's middleware reads (web.middleware asks buyer staff,
    evaluators, auditors and admin staff for it outside demo mode)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return user
