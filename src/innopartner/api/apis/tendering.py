"""Sealed tenders: rounds, submission, replacement, withdrawal, the four-eyes opening and
reading a tender's content."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser

from innopartner.core.exceptions import NotFound
from innopartner.tendering import services
from innopartner.tendering.models import TenderRound
from innopartner.tendering.selectors import tender_content

from .. import serializers as out
from ..errors import problem_responses
from ..fields import AwareDateTimeField, money
from ..selectors import organisation, round_in, tender_in, tenders_visible_to
from .base import READ_ERRORS, Endpoint, ReadEndpoint


class RoundOpenApi(Endpoint):
    """Open the next round of tenders for the remaining tenderers

    Initial, subsequent or final; the sequence follows Art. 31(3)."""

    tag = "tendering"
    example = {"kind": "initial", "deadline": "2024-03-01T12:00:00+01:00", "price_required": True}

    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=TenderRound.Kind.values)
        deadline = AwareDateTimeField()
        price_required = serializers.BooleanField(default=True)

    OutputSerializer = out.RoundOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.round_open(procedure=procedure, now=now, actor=request.user, **data)


class TenderFileIn(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True, help_text="The tender document, stored byte for byte."
    )
    price = money(required=False, allow_null=True, help_text="Required when the round asks it.")


class TenderSubmitApi(Endpoint):
    """Submit a sealed tender (multipart upload)

    Before the round's deadline, for an invited and remaining company. The receipt carries the
    SHA-256 of exactly what was received and the server's time."""

    tag = "tendering"
    parser_classes = [MultiPartParser, FormParser]

    class InputSerializer(TenderFileIn):
        operator = serializers.UUIDField(help_text="UUID of the company you tender for.")

    OutputSerializer = out.ReceiptOut

    def perform(self, *, request, procedure, data, now, n, **path):
        upload = data["file"]
        return services.tender_submit(
            tender_round=round_in(procedure=procedure, n=n),
            operator=organisation(data["operator"]),
            content=upload.read(),
            filename=upload.name or "",
            price=data.get("price"),
            now=now,
            clock=timezone.now,  # the moment of receipt, read after the upload is stored
            actor=request.user,
        )


class TenderReplaceApi(Endpoint):
    """Replace your tender with a new file, before the deadline (multipart upload)"""

    tag = "tendering"
    parser_classes = [MultiPartParser, FormParser]
    InputSerializer = TenderFileIn
    OutputSerializer = out.ReceiptOut

    def perform(self, *, request, procedure, data, now, tid, **path):
        upload = data["file"]
        return services.tender_replace(
            tender=tender_in(user=request.user, procedure=procedure, tid=tid),
            content=upload.read(),
            filename=upload.name or "",
            price=data.get("price"),
            now=now,
            clock=timezone.now,  # the moment of receipt, read after the upload is stored
            actor=request.user,
        )


class TenderWithdrawApi(Endpoint):
    """Withdraw your tender, before the deadline"""

    status_code = 200
    tag = "tendering"
    OutputSerializer = out.ReceiptOut

    def perform(self, *, request, procedure, data, now, tid, **path):
        return services.tender_withdraw(
            tender=tender_in(user=request.user, procedure=procedure, tid=tid),
            now=now,
            actor=request.user,
        )


class TendersOpeningStartApi(Endpoint):
    """Start the opening of a round's tenders (first of four eyes), after the deadline"""

    tag = "tendering"
    OutputSerializer = out.OpeningOut

    def perform(self, *, request, procedure, data, now, n, **path):
        return services.tenders_opening_start(
            tender_round=round_in(procedure=procedure, n=n), now=now, actor=request.user
        )


class TendersOpeningConfirmApi(Endpoint):
    """Confirm the opening (second of four eyes): only now can the tenders be read

    Another authorised person than the one who started it; draws up the official record."""

    status_code = 200
    tag = "tendering"
    OutputSerializer = out.OpeningOut

    def perform(self, *, request, procedure, data, now, n, **path):
        tender_round = round_in(procedure=procedure, n=n)
        opening = tender_round.openings.order_by("-started_at").first()
        if opening is None:
            raise NotFound(
                f"De opening van ronde {tender_round.number} is niet gestart.",
                code="opening-not-found",
            )
        return services.tenders_opening_confirm(opening=opening, now=now, actor=request.user)


class TenderListApi(ReadEndpoint):
    """List the tenders you may know exist

    The buyer's staff and evaluators see every envelope (who, when, size, SHA-256); a
    supplier only its own; auditors every envelope. Never the content or the price."""

    tag = "tendering"
    paginated = True
    OutputSerializer = out.TenderOut

    def perform(self, *, request, procedure, data, now, **path):
        return tenders_visible_to(user=request.user, procedure=procedure).order_by(
            "round__number", "submitted_at", "id"
        )


class TenderContentApi(ReadEndpoint):
    """Download a tender's content

    Nobody before the opening is confirmed (four eyes; Art. 22(3)), not even the tenderer;
    afterwards the tenderer, the buyer's staff, evaluators and auditors. Every read is
    recorded in the audit trail."""

    tag = "tendering"
    errors = (*READ_ERRORS, 403)

    @classmethod
    def openapi(cls):
        schema = super().openapi()
        schema["responses"] = {
            (200, "application/octet-stream"): OpenApiResponse(
                response=OpenApiTypes.BINARY,
                description="The tender exactly as received; `X-Content-SHA256` repeats its "
                "digest.",
            ),
            **problem_responses(*cls.errors),
        }
        return schema

    def perform(self, *, request, procedure, data, now, tid, **path):
        tender = tender_in(user=request.user, procedure=procedure, tid=tid)
        content = tender_content(tender=tender, user=request.user)
        response = HttpResponse(content, content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="{tender.pk}.bin"'
        response["X-Content-SHA256"] = tender.sha256
        return response
