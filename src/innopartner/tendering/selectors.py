"""Reads of tenders. Confidentiality is enforced here and only here: sealed content is never
returned before the opening is confirmed, and one supplier never sees another's tender
(Art. 21, 22(3), 31(6))."""

from __future__ import annotations

from django.db.models import QuerySet

from innopartner.core.exceptions import NotAllowed
from innopartner.procedures.permissions import (
    is_auditor,
    is_buyer_staff,
    is_evaluator,
    supplier_operator_ids,
)

from .models import Tender, TenderRound


def tender_list_visible_to(*, user, procedure) -> QuerySet[Tender]:
    """Tenders that the user may know exist. The buyer sees the envelopes (who, when, digest)
    before opening; a supplier sees only its own."""
    tenders = Tender.objects.filter(round__procedure=procedure).select_related("operator", "round")
    if is_buyer_staff(procedure=procedure, user=user) or is_evaluator(
        procedure=procedure, user=user
    ):
        return tenders
    return tenders.filter(operator_id__in=supplier_operator_ids(user))


def tender_content(*, tender: Tender, user) -> bytes:
    """The content of a tender, for whoever may read it now."""
    procedure = tender.round.procedure
    if tender.operator_id in supplier_operator_ids(user):
        return bytes(tender.content)
    if not (
        is_buyer_staff(procedure=procedure, user=user)
        or is_evaluator(procedure=procedure, user=user)
        or is_auditor(user)
    ):
        raise NotAllowed("U mag deze inschrijving niet inzien.", code="tender-not-yours")
    if not tender.round.is_opened:
        raise NotAllowed(
            "De inschrijvingen zijn nog niet geopend (Art. 22(3) Richtlijn 2014/24/EU).",
            code="tender-sealed",
        )
    return bytes(tender.content)


def live_tenders(tender_round: TenderRound) -> QuerySet[Tender]:
    return tender_round.tenders.filter(status=Tender.Status.SUBMITTED).select_related("operator")
