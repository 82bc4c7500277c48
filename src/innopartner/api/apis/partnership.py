"""The partnership: targets, instalments, gates, purchase and call-offs (Art. 31(2))."""

from __future__ import annotations

from rest_framework import serializers

from innopartner.partnership import services

from .. import serializers as out
from ..fields import TextField
from ..selectors import organisation, organisation_in_path, organisations, parse_number
from .base import Endpoint


def _phase_number(n: str) -> int:
    return parse_number(n, what="fase", code="phase-not-found")


class TargetsAssessApi(Endpoint):
    """Assess a partner's result against every intermediate target of a phase

    `results` is keyed by the target's number within the phase (1, 2, ...) or its text."""

    status_code = 200
    tag = "partnership"
    example = {"results": {"1": True, "2": True}, "assessment": "Alle tussendoelen gehaald."}

    class InputSerializer(serializers.Serializer):
        results = serializers.DictField(child=serializers.BooleanField())
        assessment = TextField()
        gate_score = serializers.DecimalField(
            max_digits=7, decimal_places=2, required=False, allow_null=True
        )

    OutputSerializer = out.PartnerPhaseOut

    def perform(self, *, request, procedure, data, now, op, n, **path):
        return services.targets_assess(
            procedure=procedure,
            operator=organisation_in_path(op),
            phase_number=_phase_number(n),
            now=now,
            actor=request.user,
            **data,
        )


class InstalmentPayApi(Endpoint):
    """Pay a planned instalment of a phase to a partner in that phase"""

    tag = "partnership"
    example = {"instalment": "1"}

    class InputSerializer(serializers.Serializer):
        instalment = serializers.CharField(
            max_length=300, help_text="Number of the instalment within the phase, or its text."
        )

    OutputSerializer = out.InstalmentPaymentOut

    def perform(self, *, request, procedure, data, now, op, n, **path):
        return services.instalment_pay(
            procedure=procedure,
            operator=organisation_in_path(op),
            phase_number=_phase_number(n),
            instalment=data["instalment"],
            now=now,
            actor=request.user,
        )


class GateDecideApi(Endpoint):
    """Decide at the gate after a phase: continue, drop partners, or end the partnership

    `continuing` (optional) must match the announced gate rule."""

    tag = "partnership"
    example = {"reasons": "Beste resultaat op de tussendoelen.", "end_partnership": False}

    class InputSerializer(serializers.Serializer):
        reasons = TextField()
        continuing = serializers.ListField(
            child=serializers.UUIDField(), max_length=200, required=False, allow_null=True
        )
        end_partnership = serializers.BooleanField(default=False)

    OutputSerializer = out.GateDecisionOut

    def perform(self, *, request, procedure, data, now, n, **path):
        continuing = data.get("continuing")
        return services.gate_decide(
            procedure=procedure,
            phase_number=_phase_number(n),
            reasons=data["reasons"],
            continuing=organisations(continuing, field="continuing")
            if continuing is not None
            else None,
            end_partnership=data["end_partnership"],
            now=now,
            actor=request.user,
        )


class PurchaseStartApi(Endpoint):
    """Start the purchase phase with a partner that completed every phase

    The measured performance meets the agreed levels; the prices stay within the maximum."""

    tag = "partnership"
    example = {
        "operator": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "measured": {"nauwkeurigheid": "93"},
        "prices": {"Meetjaar": "90000.00"},
    }

    class InputSerializer(serializers.Serializer):
        operator = serializers.UUIDField()
        measured = serializers.DictField(
            child=serializers.DecimalField(max_digits=14, decimal_places=4),
            help_text="Measured value per performance level, keyed by its name.",
        )
        prices = serializers.DictField(
            child=serializers.DecimalField(max_digits=14, decimal_places=2),
            help_text="Agreed unit price per purchase item, keyed by its name.",
        )

    OutputSerializer = out.PurchaseStartOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.purchase_start(
            procedure=procedure,
            operator=organisation(data["operator"]),
            measured=data["measured"],
            prices=data["prices"],
            now=now,
            actor=request.user,
        )


class CallOffPlaceApi(Endpoint):
    """Place a call-off for one of the joint buyers, at the agreed price"""

    tag = "partnership"
    example = {"buyer": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "item": "Meetjaar", "quantity": "1"}

    class InputSerializer(serializers.Serializer):
        buyer = serializers.UUIDField()
        item = serializers.CharField(max_length=200, help_text="Name of the purchase item.")
        quantity = serializers.DecimalField(max_digits=14, decimal_places=2)

    OutputSerializer = out.CallOffOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.call_off_place(
            procedure=procedure,
            buyer=organisation(data["buyer"], field="buyer"),
            item_name=data["item"],
            quantity=data["quantity"],
            now=now,
            actor=request.user,
        )
