"""Reads of tenders. Confidentiality is enforced here and only here: sealed content is never
returned before the opening is confirmed, and one supplier never sees another's tender
(Art. 21, 22(3), 31(6))."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from innopartner.core.exceptions import NotAllowed
from innopartner.procedures.permissions import (
    is_auditor,
    is_buyer_staff,
    is_evaluator,
    supplier_operator_ids,
)

from .models import Receipt, Tender, TenderRound


def tender_list_visible_to(*, user, procedure) -> QuerySet[Tender]:
    """Tenders that the user may know exist. The buyer sees the envelopes (who, when, digest)
    before opening; a supplier sees only its own."""
    tenders = Tender.objects.filter(round__procedure=procedure).select_related("operator", "round")
    if is_buyer_staff(procedure=procedure, user=user) or is_evaluator(
        procedure=procedure, user=user
    ):
        return tenders
    return tenders.filter(operator_id__in=supplier_operator_ids(user))


def tender_content(*, tender: Tender, user, now: dt.datetime | None = None) -> bytes:
    """The content of a tender: the ONE function that decrypts it. Before the round's opening
    is confirmed (four eyes) nobody reads it, whatever their role (the tenderer too: it has its
    own copy and the receipt; superusers too: the Django flag grants nothing here) (Art. 22(3)).
    After the opening the tenderer itself, the buyer's staff, evaluators and auditors may; each
    read is recorded in the audit trail (who, when, which tender)."""
    from innopartner.audit.services import audit_record
    from innopartner.sealing import services as sealing

    from .services import TENDER_PURPOSE

    procedure = tender.round.procedure
    if not (
        tender.operator_id in supplier_operator_ids(user)
        or is_buyer_staff(procedure=procedure, user=user)
        or is_evaluator(procedure=procedure, user=user)
        or is_auditor(user)
    ):
        raise NotAllowed("U mag deze inschrijving niet inzien.", code="tender-not-yours")
    if not tender.round.is_opened:
        raise NotAllowed(
            "De inschrijvingen zijn nog niet geopend (Art. 22(3) Richtlijn 2014/24/EU).",
            code="tender-sealed",
        )
    content = sealing.open_blob(
        purpose=TENDER_PURPOSE,
        procedure_id=procedure.pk,
        record_id=tender.pk,
        name=tender.blob,
        sealed_sha256=tender.sealed_sha256,
    )
    audit_record(
        actor=user,
        action="tender.read",
        subject=tender,
        procedure=procedure,
        at=now or timezone.now(),
        after={"operator": tender.operator.name, "round": tender.round.number},
    )
    return content


def live_tenders(tender_round: TenderRound) -> QuerySet[Tender]:
    return tender_round.tenders.filter(status=Tender.Status.SUBMITTED).select_related("operator")


@dataclass
class ReceiptCheck:
    """What ``innopartner receipt verify`` proves about a receipt, check by check."""

    receipt: Receipt
    checks: list[tuple[str, bool | None, str]] = field(default_factory=list)  # name, ok, detail

    def add(self, name: str, ok: bool | None, detail: str) -> None:
        self.checks.append((name, ok, detail))

    @property
    def ok(self) -> bool:
        return all(ok is not False for _name, ok, _detail in self.checks)


def receipt_verify(
    *, receipt: Receipt, user=None, own_copy: bytes | None = None, now: dt.datetime | None = None
) -> ReceiptCheck:
    """Prove what was submitted under a receipt.

    Always, without any key: the receipt's digest is the tender's, and the sealed file in the
    store is there and unchanged (its SHA-256 equals the one recorded when it was received; the
    authenticated encryption is checked on decryption). With the tenderer's own copy: that copy
    is what the receipt names. After the confirmed opening, and only through
    ``tender_content`` (so for a person who may read it, and recorded): the decrypted tender
    is what the receipt names."""
    from innopartner.sealing import services as sealing

    tender = receipt.tender
    result = ReceiptCheck(receipt=receipt)
    result.add(
        "envelope",
        receipt.sha256 == tender.sha256 and receipt.size == tender.size,
        f"ontvangstbewijs en inschrijving noemen dezelfde SHA-256 {receipt.sha256}",
    )
    result.add(
        "sealed-file",
        sealing.check_sealed_file(name=tender.blob, sealed_sha256=tender.sealed_sha256),
        f"verzegeld bestand {tender.blob} ongewijzigd (SHA-256 {tender.sealed_sha256})",
    )
    if own_copy is not None:
        digest = hashlib.sha256(own_copy).hexdigest()
        result.add(
            "own-copy",
            digest == receipt.sha256,
            f"eigen kopie van de inschrijver heeft SHA-256 {digest}",
        )
    if not tender.round.is_opened:
        result.add(
            "content", None, "nog niet geopend: de inhoud wordt pas na de opening ontsleuteld"
        )
    elif user is None:
        result.add("content", None, "geen persoon opgegeven (--as): inhoud niet ontsleuteld")
    else:
        content = tender_content(tender=tender, user=user, now=now)
        digest = hashlib.sha256(content).hexdigest()
        result.add(
            "content",
            digest == receipt.sha256,
            f"ontsleutelde inschrijving heeft SHA-256 {digest}",
        )
    return result
