"""Services of sealed tenders: rounds, submission, replacement, withdrawal, opening."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction

from innopartner.audit.services import audit_record
from innopartner.core.exceptions import InvalidInput, RuleViolation
from innopartner.participation.selectors import is_invited, is_remaining, remaining_participants
from innopartner.parties.models import Organisation
from innopartner.procedures import rules as procedure_rules
from innopartner.procedures.models import Procedure
from innopartner.procedures.permissions import ensure_acts_for_operator, ensure_buyer_staff
from innopartner.procedures.services import locked
from innopartner.procedures.types import Stage
from innopartner.sealing import services as sealing
from innopartner.sealing import store as sealing_store

from . import rules
from .models import Receipt, Tender, TenderOpening, TenderRound

MAX_TENDER_BYTES = 200 * 1024 * 1024


@transaction.atomic
def round_open(
    *,
    procedure: Procedure,
    kind: str,
    deadline: dt.datetime,
    now: dt.datetime,
    actor: Any,
    price_required: bool = True,
) -> TenderRound:
    """Invite the remaining tenderers to the next round of tenders."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    rules.ensure_round_may_open(stage=procedure.stage)
    if kind not in TenderRound.Kind.values:
        raise InvalidInput(f"Onbekend soort ronde '{kind}'.", code="round-kind-unknown")
    rules.ensure_round_deadline_in_future(deadline=deadline, now=now)
    previous = procedure.rounds.order_by("-number").first()
    number = previous.number + 1 if previous else 1
    rules.ensure_round_sequence(
        kind=kind,
        number=number,
        negotiation_mandatory=procedure.type.negotiation_mandatory,
        previous_kind=previous.kind if previous else None,
        previous_opened=previous.is_opened if previous else True,
        previous_negotiated=bool(previous and previous.negotiated_at),
    )
    tender_round = TenderRound.objects.create(
        procedure=procedure,
        number=number,
        kind=kind,
        opened_for_submission_at=now,
        deadline=deadline,
        price_required=price_required,
    )
    audit_record(
        actor=actor,
        action="round.opened",
        subject=tender_round,
        procedure=procedure,
        at=now,
        after={
            "number": number,
            "kind": kind,
            "deadline": deadline,
            "invited": [o.name for o in remaining_participants(procedure=procedure)],
        },
    )
    return tender_round


def round_deadline_extend_after_change(*, procedure: Procedure, deadline: dt.datetime) -> None:
    """After a change to the documents the running round gets the resubmission deadline
    (Art. 31(4)); called inside the change's transaction. A round whose opening has started
    is closed: its deadline stays, or tenders could arrive after the opening began and the
    opening be confirmed before the (new) deadline."""
    current = procedure.rounds.order_by("-number").first()
    if current and not current.openings.exists() and current.deadline < deadline:
        current.deadline = deadline
        current.save(update_fields=["deadline"])


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _check_content(content: bytes, filename: str) -> None:
    if not content:
        raise InvalidInput(
            "Een inschrijving zonder inhoud wordt niet aangenomen.", code="tender-empty"
        )
    if len(content) > MAX_TENDER_BYTES:
        raise InvalidInput("De inschrijving is te groot.", code="tender-too-large")
    if not filename or "/" in filename or "\\" in filename or filename.startswith("."):
        raise InvalidInput(f"Ongeldige bestandsnaam '{filename}'.", code="filename-invalid")


Clock = Callable[[], dt.datetime]


def _received_at(now: dt.datetime, clock: Clock | None) -> dt.datetime:
    """The moment of receipt: the server clock read again once the upload is sealed and
    stored, inside the transaction, so that an upload that began before the deadline but is
    complete only after it counts as late (Art. 31(1); art. 2.71 Aw 2012). Without a clock
    (scenarios, tests on a simulated time line) ``now`` is that moment."""
    if clock is None:
        return now
    return max(now, clock())


def _store(tender_round, operator, content, filename, price, now, actor, clock) -> Tender:
    """Seal what was received, exactly, and keep its SHA-256 (the receipt repeats it). The
    sealed file is durable before the row exists (crash safety, see ``sealing.store``); the
    deadline is then decided on the moment of receipt."""
    _check_content(content, filename)
    if tender_round.price_required and price is None:
        raise InvalidInput("Deze ronde vraagt een prijs.", code="tender-price-missing")
    tender = Tender(
        round=tender_round,
        operator=operator,
        filename=filename,
        size=len(content),
        sha256=_digest(content),
        price=Decimal(str(price)) if price is not None else None,
        submitted_by=actor if getattr(actor, "pk", None) else None,
    )
    sealed = sealing.seal_blob(
        purpose=TENDER_PURPOSE,
        procedure_id=tender_round.procedure_id,
        record_id=tender.pk,
        plaintext=content,
    )
    try:
        received = _received_at(now, clock)
        rules.ensure_received_before_deadline(
            deadline=tender_round.deadline, started=now, received=received
        )
        tender.submitted_at = received
        tender.blob = sealed.name
        tender.sealed_sha256 = sealed.sealed_sha256
        tender.save(force_insert=True)
    except Exception:
        sealing_store.remove(sealed.name)  # never committed: the file would be an orphan
        raise
    return tender


def _receipt(tender: Tender, kind: str, now: dt.datetime) -> Receipt:
    return Receipt.objects.create(
        tender=tender, kind=kind, sha256=tender.sha256, size=tender.size, server_time=now
    )


TENDER_PURPOSE = "tender"


def _live_round(tender_round: TenderRound) -> tuple[Procedure, TenderRound]:
    procedure = locked(tender_round.procedure)
    tender_round = TenderRound.objects.select_for_update().get(pk=tender_round.pk)
    return procedure, tender_round


@transaction.atomic
def tender_submit(
    *,
    tender_round: TenderRound,
    operator: Organisation,
    content: bytes,
    filename: str,
    now: dt.datetime,
    actor: Any,
    price: Decimal | None = None,
    clock: Clock | None = None,
) -> Receipt:
    """Receive a sealed tender before the deadline and give a receipt. ``now`` is when the
    request came in; ``clock`` (the server clock; web and API pass it) is read again after the
    upload is sealed and stored, and that moment of receipt decides the deadline."""
    procedure, tender_round = _live_round(tender_round)
    ensure_acts_for_operator(user=actor, operator=operator)
    procedure_rules.ensure_stage(
        stage=procedure.stage, allowed=[Stage.NEGOTIATION], action="inschrijven"
    )
    rules.ensure_invited(
        invited=is_invited(procedure=procedure, operator=operator),
        remaining=is_remaining(procedure=procedure, operator=operator),
        name=operator.name,
    )
    rules.ensure_before_deadline(deadline=tender_round.deadline, now=now, action="Inschrijven")
    if Tender.objects.filter(
        round=tender_round, operator=operator, status=Tender.Status.SUBMITTED
    ).exists():
        raise RuleViolation(
            "Er staat al een inschrijving van u in deze ronde; vervang of trek die in.",
            code="tender-already-submitted",
        )
    tender = _store(tender_round, operator, content, filename, price, now, actor, clock)
    receipt = _receipt(tender, Receipt.Kind.SUBMISSION, tender.submitted_at)
    audit_record(
        actor=actor,
        action="tender.submitted",
        subject=tender,
        procedure=procedure,
        at=tender.submitted_at,
        after={
            "operator": operator.name,
            "round": tender_round.number,
            "sha256": tender.sha256,
            "sealed_sha256": tender.sealed_sha256,
            "size": tender.size,
        },
    )
    return receipt


@transaction.atomic
def tender_replace(
    *,
    tender: Tender,
    content: bytes,
    filename: str,
    now: dt.datetime,
    actor: Any,
    price: Decimal | None = None,
    clock: Clock | None = None,
) -> Receipt:
    """Replace the own live tender before the deadline (decided as for a submission)."""
    procedure, tender_round = _live_round(tender.round)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    ensure_acts_for_operator(user=actor, operator=tender.operator)
    procedure_rules.ensure_stage(
        stage=procedure.stage, allowed=[Stage.NEGOTIATION], action="inschrijving vervangen"
    )
    rules.ensure_before_deadline(deadline=tender_round.deadline, now=now, action="Vervangen")
    if tender.status != Tender.Status.SUBMITTED:
        raise RuleViolation(
            "Alleen een geldige inschrijving kan worden vervangen.", code="tender-not-live"
        )
    tender.status = Tender.Status.REPLACED
    tender.save(update_fields=["status"])
    replacement = _store(tender_round, tender.operator, content, filename, price, now, actor, clock)
    receipt = _receipt(replacement, Receipt.Kind.REPLACEMENT, replacement.submitted_at)
    audit_record(
        actor=actor,
        action="tender.replaced",
        subject=replacement,
        procedure=procedure,
        at=replacement.submitted_at,
        before={"sha256": tender.sha256},
        after={"sha256": replacement.sha256, "sealed_sha256": replacement.sealed_sha256},
    )
    return receipt


@transaction.atomic
def tender_withdraw(*, tender: Tender, now: dt.datetime, actor: Any) -> Receipt:
    procedure, tender_round = _live_round(tender.round)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    ensure_acts_for_operator(user=actor, operator=tender.operator)
    rules.ensure_before_deadline(deadline=tender_round.deadline, now=now, action="Intrekken")
    if tender.status != Tender.Status.SUBMITTED:
        raise RuleViolation(
            "Alleen een geldige inschrijving kan worden ingetrokken.", code="tender-not-live"
        )
    tender.status = Tender.Status.WITHDRAWN
    tender.save(update_fields=["status"])
    receipt = _receipt(tender, Receipt.Kind.WITHDRAWAL, now)
    audit_record(
        actor=actor,
        action="tender.withdrawn",
        subject=tender,
        procedure=procedure,
        at=now,
        before={"status": "submitted"},
        after={"status": "withdrawn"},
    )
    return receipt


@transaction.atomic
def tenders_opening_start(
    *, tender_round: TenderRound, now: dt.datetime, actor: Any
) -> TenderOpening:
    """First of the four eyes: an authorised buyer starts the opening after the deadline."""
    procedure, tender_round = _live_round(tender_round)
    ensure_buyer_staff(procedure=procedure, user=actor)
    rules.ensure_opening_may_start(
        stage=procedure.stage,
        deadline=tender_round.deadline,
        now=now,
        started=tender_round.openings.exists(),
    )
    opening = TenderOpening.objects.create(round=tender_round, started_by=actor, started_at=now)
    audit_record(
        actor=actor,
        action="opening.started",
        subject=opening,
        procedure=procedure,
        at=now,
        after={"round": tender_round.number},
    )
    return opening


def _official_record(opening: TenderOpening, confirmed_by: Any, now: dt.datetime) -> str:
    tender_round = opening.round
    procedure = tender_round.procedure
    lines = [
        "PROCES-VERBAAL VAN OPENING VAN DE INSCHRIJVINGEN",
        f"Procedure: {procedure.title} ({procedure.reference or procedure.pk})",
        f"Ronde {tender_round.number} ({tender_round.get_kind_display()}), termijn "
        f"{tender_round.deadline.isoformat()}",
        f"Geopend door {opening.started_by.username} op {opening.started_at.isoformat()}, "
        f"bevestigd door {confirmed_by.username} op {now.isoformat()}",
        "",
        "Ontvangen (ontvangsttijd, inschrijver, bestand, grootte, SHA-256, status):",
    ]
    for tender in tender_round.tenders.select_related("operator").order_by("submitted_at", "id"):
        lines.append(
            f"- {tender.submitted_at.isoformat()} | {tender.operator.name} | {tender.filename} | "
            f"{tender.size} bytes | {tender.sha256} | {tender.get_status_display()}"
        )
    live = tender_round.tenders.filter(status=Tender.Status.SUBMITTED).count()
    lines += ["", f"Aantal geldige inschrijvingen: {live}"]
    return "\n".join(lines)


@transaction.atomic
def tenders_opening_confirm(
    *, opening: TenderOpening, now: dt.datetime, actor: Any
) -> TenderOpening:
    """Second of the four eyes: a different authorised buyer confirms; only now can the tenders
    be read, and the official record is drawn up."""
    procedure, tender_round = _live_round(opening.round)
    opening = TenderOpening.objects.select_for_update().get(pk=opening.pk)
    ensure_buyer_staff(procedure=procedure, user=actor)
    procedure_rules.ensure_stage(
        stage=procedure.stage, allowed=[Stage.NEGOTIATION], action="inschrijvingen openen"
    )
    rules.ensure_four_eyes(started_by_id=opening.started_by_id, confirmed_by_id=actor.pk)
    if opening.confirmed_at is not None:
        raise RuleViolation("Deze opening is al bevestigd.", code="opening-already-confirmed")
    opening.confirmed_by = actor
    opening.confirmed_at = now
    opening.official_record = _official_record(opening, actor, now)
    opening.save()
    audit_record(
        actor=actor,
        action="opening.confirmed",
        subject=opening,
        procedure=procedure,
        at=now,
        after={
            "round": tender_round.number,
            "tenders": tender_round.tenders.filter(status=Tender.Status.SUBMITTED).count(),
        },
    )
    return opening
