"""Rules of sealed tenders, rounds and the opening."""

from __future__ import annotations

import datetime as dt

from innopartner.core.exceptions import NotAllowed, RuleViolation
from innopartner.core.timeutil import AMSTERDAM
from innopartner.procedures.rules import ensure_stage
from innopartner.procedures.types import Stage


def ensure_invited(*, invited: bool, remaining: bool, name: str) -> None:
    """[6] Art. 31(1),(6): only operators invited after selection may tender; one that was
    eliminated in an earlier round no longer may."""
    if not invited:
        raise RuleViolation(
            f"{name} is niet uitgenodigd tot inschrijving en kan geen inschrijving doen.",
            code="tenderer-not-invited",
            article="Art. 31(1) en (6) Richtlijn 2014/24/EU",
        )
    if not remaining:
        raise RuleViolation(
            f"{name} is in een eerdere ronde afgevallen.",
            code="tenderer-eliminated",
            article="Art. 31(5) Richtlijn 2014/24/EU",
        )


def _amsterdam(moment: dt.datetime) -> str:
    """A legal moment as the Dutch read it: Europe/Amsterdam with the zone (CET/CEST) named."""
    return moment.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M:%S %Z")


def ensure_before_deadline(*, deadline: dt.datetime, now: dt.datetime, action: str) -> None:
    """Tenders are received before the deadline or refused; until it they may be replaced or
    withdrawn. The server's clock decides; moments are absolute, so a DST change between the
    opening of the round and its deadline changes nothing."""
    if now >= deadline:
        raise RuleViolation(
            f"{action} is niet meer mogelijk: de termijn verstreek op {_amsterdam(deadline)} "
            "(after the deadline).",
            code="tender-after-deadline",
            article="Art. 31(1) Richtlijn 2014/24/EU; art. 2.71 Aw 2012",
        )


def ensure_received_before_deadline(
    *, deadline: dt.datetime, started: dt.datetime, received: dt.datetime
) -> None:
    """A tender counts as received when the server has it whole and sealed, not when its upload
    began: one that started before the deadline but was complete only at or after it is late
    (Art. 31(1); art. 2.71 Aw 2012, which looks at receipt)."""
    if received >= deadline:
        if started < deadline:
            raise RuleViolation(
                f"Uw inschrijving was pas volledig ontvangen op {_amsterdam(received)}, na de "
                f"termijn van {_amsterdam(deadline)}; het begin van de verzending telt niet "
                "(received after the deadline).",
                code="tender-after-deadline",
                article="Art. 31(1) Richtlijn 2014/24/EU; art. 2.71 Aw 2012",
            )
        ensure_before_deadline(deadline=deadline, now=received, action="Inschrijven")


def ensure_opening_after_deadline(*, deadline: dt.datetime, now: dt.datetime) -> None:
    """Art. 22(3): the content of tenders is examined only after the time limit for their
    submission has expired."""
    if now <= deadline:
        raise RuleViolation(
            "Inschrijvingen kunnen pas na het verstrijken van de termijn worden geopend.",
            code="tender-opening-too-early",
            article="Art. 22(3) Richtlijn 2014/24/EU",
        )


def ensure_opening_may_start(
    *, stage: str, deadline: dt.datetime, now: dt.datetime, started: bool
) -> None:
    """Art. 22(3): the opening of a round's tenders starts in the negotiation stage, after the
    deadline, once; its second step is the confirmation by another person (four eyes)."""
    ensure_stage(stage=stage, allowed=[Stage.NEGOTIATION], action="inschrijvingen openen")
    ensure_opening_after_deadline(deadline=deadline, now=now)
    if started:
        raise RuleViolation(
            "De opening van deze ronde is al gestart.", code="opening-already-started"
        )


def ensure_four_eyes(*, started_by_id: object, confirmed_by_id: object) -> None:
    """The opening needs two different authorised people (as TenderNed's vault)."""
    if started_by_id == confirmed_by_id:
        raise NotAllowed(
            "De opening moet worden bevestigd door een tweede, andere bevoegde medewerker.",
            code="four-eyes-required",
        )


def ensure_round_may_open(*, stage: str) -> None:
    """[7] Art. 31(3): the remaining tenderers are invited to rounds of tenders in the
    negotiation stage only."""
    ensure_stage(stage=stage, allowed=[Stage.NEGOTIATION], action="inschrijvingsronde openen")


def ensure_round_deadline_in_future(*, deadline: dt.datetime, now: dt.datetime) -> None:
    """Art. 31(4): tenderers get a time limit to (re)submit; one that has already passed
    gives them none."""
    if deadline <= now:
        raise RuleViolation(
            "De termijn van de ronde ligt in de toekomst.",
            code="round-deadline-in-past",
            article="Art. 31(4) Richtlijn 2014/24/EU",
        )


def ensure_round_sequence(
    *,
    kind: str,
    number: int,
    negotiation_mandatory: bool,
    previous_kind: str | None,
    previous_opened: bool,
    previous_negotiated: bool,
) -> None:
    """[7] Art. 31(3): the buyer negotiates the initial and every later tender except the final
    one. So the first round is the initial one; a later round follows an opened round that was
    negotiated; nothing follows the final round."""
    article = "Art. 31(3) Richtlijn 2014/24/EU"
    if number == 1:
        if kind != "initial":
            if negotiation_mandatory:
                raise RuleViolation(
                    "De eerste ronde is die van de eerste inschrijvingen; daarna wordt "
                    "onderhandeld (no award on initial tenders).",
                    code="first-round-must-be-initial",
                    article=article,
                )
        return
    if kind == "initial":
        raise RuleViolation(
            "Alleen de eerste ronde is die van de eerste inschrijvingen.",
            code="initial-round-only-first",
            article=article,
        )
    if previous_kind == "final":
        raise RuleViolation(
            "Na de definitieve inschrijvingen wordt niet meer onderhandeld.",
            code="final-tender-not-negotiable",
            article=article,
        )
    if not previous_opened:
        raise RuleViolation(
            "Open eerst de inschrijvingen van de vorige ronde.",
            code="previous-round-not-opened",
            article=article,
        )
    if not previous_negotiated:
        raise RuleViolation(
            "Onderhandel eerst over de inschrijvingen van de vorige ronde.",
            code="negotiation-required",
            article=article,
        )
