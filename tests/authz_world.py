"""The world the authorization matrix runs in: two procedures of one buyer, built through the
real services (``innopartner.testing``), with secret strings seeded wherever one company's or
one evaluator's information sits, so that a response can be searched for what it must not show.

Procedure ``R`` is awarded (standstill), for its decision letters.
Procedure ``P`` is in negotiation: round 1 opened (four eyes), evaluator 1 has scored every
tender, evaluator 2 has not. Procedure ``Q`` has sealed tenders in round 1 (deadline passed,
not opened). Suppliers A and B and consortium K (operators C and D, lead C) take part in both.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from innopartner import testing
from innopartner.evaluation import services as evaluation
from innopartner.negotiation import services as negotiation
from innopartner.parties import services as parties
from innopartner.procedures.models import DecisionLetter
from innopartner.tendering import services as tendering

#: Roles of the matrix, in the order the table lists them.
ROLES = (
    "anonymous",
    "supplier_a",
    "supplier_b",
    "consortium",
    "evaluator_scored",
    "evaluator_unscored",
    "officer",
    "other_officer",
    "auditor",
)


def price_of(operator_index: int, procedure_index: int) -> Decimal:
    """A price no page would show by accident: 9 135 7xy."""
    return Decimal(f"91357{procedure_index}{operator_index}")


def price_pattern(price: Decimal) -> re.Pattern[bytes]:
    """The price as any page may write it: 9135701, 9.135.701, 9,135,701, 9 135 701."""
    digits = str(int(price))
    sep = rb"[.,\s\xc2\xa0\xe2\x80\xaf]?"
    head, rest = digits[: len(digits) % 3 or 3], digits[len(digits) % 3 or 3 :]
    groups = [head] + [rest[i : i + 3] for i in range(0, len(rest), 3)]
    return re.compile(sep.join(g.encode() for g in groups))


@dataclass
class Secret:
    """A string (or price pattern) that belongs to ``owner`` (an operator key, or an evaluator)
    in ``procedure`` ("P" or "Q"), of a ``kind``: content, price, question, item, score."""

    label: str
    pattern: re.Pattern[bytes]
    owner: str
    procedure: str
    kind: str


@dataclass
class AuthzWorld:
    world: Any
    users: dict[str, Any]
    procedures: dict[str, Any]
    operators: dict[str, Any]
    tenders: dict[tuple[str, str], Any]  # (procedure, operator key) -> tender
    rounds: dict[str, Any]
    objects: dict[str, Any] = field(default_factory=dict)
    secrets: list[Secret] = field(default_factory=list)


def build() -> AuthzWorld:
    world = testing.make_world(operators=4)
    now = world.now
    a, b, c, d = world.operators
    consortium = parties.consortium_create(
        name="Combinatie CD", lead=c, members=[d], now=now, actor=world.officer
    )
    world.suppliers[consortium.pk] = world.supplier(c)  # supplier-c acts for the consortium
    evaluator2 = parties.person_add(
        username="evaluator-2", organisation=world.buyer, role="evaluator", now=now
    )
    audit_office = parties.authority_create(
        name="Auditdienst", authority_type="municipality", now=now
    )
    auditor = parties.person_add(
        username="auditor", organisation=audit_office, role="auditor", now=now
    )
    operators = {"A": a, "B": b, "K": consortium}
    result = AuthzWorld(
        world=world,
        users={
            "anonymous": None,
            "supplier_a": world.supplier(a),
            "supplier_b": world.supplier(b),
            "consortium": world.supplier(c),
            "evaluator_scored": world.evaluator,
            "evaluator_unscored": evaluator2,
            "officer": world.officer,
            "other_officer": world.other_buyer_officer,
            "auditor": auditor,
        },
        procedures={},
        operators=operators,
        tenders={},
        rounds={},
    )
    for index, name in enumerate(("P", "Q")):
        _procedure(result, name, index)
    # C: a draft with a published challenge page (market consultation, before the notice) and
    # a response whose idea is the respondent's own (a start-up without an account: "X").
    from innopartner.consultation import services as consultation

    draft = testing.draft_procedure(world)
    page = consultation.challenge_page_save(
        procedure=draft,
        now=world.now,
        actor=world.officer,
        title="Vismigratie meten",
        need="Wij zoeken een manier om vismigratie het hele jaar te meten.",
        contact_name="Inkoper",
        contact_email="inkoop@example.nl",
    )
    page = consultation.challenge_page_publish(page=page, now=world.now, actor=world.officer)
    consultation.response_submit(
        page=page,
        organisation_name="Start-up X",
        contact_person="Xandra",
        email="x@example.nl",
        kind="idea",
        idea=_secret(result, "GEHEIMIDEE-C-X", "X", "C", "idea"),
        now=world.now,
    )
    result.procedures["C"] = draft
    result.objects["challenge_page"] = page
    # R: awarded (standstill), so that there are decision letters; K's is the one in the URLs.
    awarded = testing.draft_procedure(world)
    awarded = testing.publish(world, awarded)
    awarded = testing.select(world, awarded, list(operators.values()))
    awarded = testing.to_standstill(world, awarded)
    result.procedures["R"] = awarded
    result.objects["letter_K"] = DecisionLetter.objects.filter(
        procedure=awarded, addressee=consortium
    ).first()
    return result


def _secret(result: AuthzWorld, label: str, owner: str, procedure: str, kind: str) -> str:
    result.secrets.append(
        Secret(label, re.compile(re.escape(label.encode())), owner, procedure, kind)
    )
    return label


def _procedure(result: AuthzWorld, name: str, index: int) -> None:
    world = result.world
    procedure = testing.draft_procedure(world)
    procedure = testing.publish(world, procedure)
    procedure = testing.select(world, procedure, list(result.operators.values()))
    result.procedures[name] = procedure
    for key, operator in result.operators.items():
        question = negotiation.question_ask(
            procedure=procedure,
            operator=operator,
            text=_secret(result, f"GEHEIMVRAAG-{name}-{key}", key, name, "question"),
            now=world.now,
            actor=world.supplier(operator),
        )
        result.objects.setdefault(f"question_{name}", question)
        item = negotiation.confidential_item_register(
            procedure=procedure,
            owner=operator,
            title=_secret(result, f"GEHEIMITEM-{name}-{key}", key, name, "item"),
            now=world.now,
            actor=world.supplier(operator),
        )
        result.objects.setdefault(f"item_{name}", item)
    tender_round = tendering.round_open(
        procedure=procedure,
        kind="initial",
        deadline=world.now + dt.timedelta(days=14),
        now=world.now,
        actor=world.officer,
    )
    result.rounds[name] = tender_round
    world.tick(days=13)
    for op_index, (key, operator) in enumerate(result.operators.items()):
        price = price_of(op_index, index)
        result.secrets.append(Secret(f"price {price}", price_pattern(price), key, name, "price"))
        content = (
            f"Inschrijving {_secret(result, f'GEHEIMINHOUD-{name}-{key}', key, name, 'content')}"
        )
        receipt = tendering.tender_submit(
            tender_round=tender_round,
            operator=operator,
            content=content.encode(),
            filename="inschrijving.txt",
            price=price,
            now=world.now,
            actor=world.supplier(operator),
        )
        result.tenders[(name, key)] = receipt.tender
        result.objects[f"receipt_{name}_{key}"] = receipt
    world.tick(days=2)
    if name == "P":
        opening = tendering.tenders_opening_start(
            tender_round=tender_round, now=world.now, actor=world.officer
        )
        tendering.tenders_opening_confirm(
            opening=opening, now=world.now, actor=world.second_officer
        )
        criterion = procedure.award_criteria.get(kind="quality")
        for key, _operator in result.operators.items():
            tender = result.tenders[(name, key)]
            tender.refresh_from_db()
            evaluation.score_submit(
                tender=tender,
                criterion=criterion,
                score=7,
                justification=_secret(result, f"GEHEIMOORDEEL-{name}-{key}", "E1", name, "score"),
                now=world.now,
                actor=world.evaluator,
            )
    world.tick(days=1)
