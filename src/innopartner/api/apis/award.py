"""The award: intended decision, standstill, agreement, award notice."""

from __future__ import annotations

from rest_framework import serializers

from innopartner.award import services

from .. import serializers as out
from ..fields import TextField, money, small_int
from ..selectors import organisations
from .base import Endpoint


class AwardDecideApi(Endpoint):
    """Send the intended award decision to every tenderer

    On the final tenders, to the best ranked; the standstill period starts the next day."""

    tag = "award"
    example = {
        "winners": ["3fa85f64-5717-4562-b3fc-2c963f66afa6"],
        "reasons": "Beste prijs-kwaliteitverhouding.",
    }

    class InputSerializer(serializers.Serializer):
        winners = serializers.ListField(child=serializers.UUIDField(), max_length=200)
        reasons = TextField()
        reasons_per_tenderer = serializers.DictField(
            child=TextField(), required=False, default=dict, help_text="Keyed by operator UUID."
        )

    OutputSerializer = out.AwardDecisionOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.award_decide(
            procedure=procedure,
            winners=organisations(data["winners"], field="winners"),
            reasons=data["reasons"],
            reasons_per_tenderer=data["reasons_per_tenderer"],
            now=now,
            actor=request.user,
        )


class AgreementSignApi(Endpoint):
    """Conclude the partnership agreement (or contract) after the standstill period"""

    tag = "award"
    example = {"value": "1200000.00", "duration_years": 4}

    class InputSerializer(serializers.Serializer):
        standstill_exception = serializers.CharField(
            max_length=30, required=False, allow_blank=True, default=""
        )
        exception_reason = TextField(required=False, allow_blank=True, default="")
        value = money(required=False, allow_null=True)
        duration_years = small_int(required=False, allow_null=True)

    OutputSerializer = out.AgreementOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.agreement_sign(procedure=procedure, now=now, actor=request.user, **data)


class AwardNoticePublishApi(Endpoint):
    """Publish the contract award notice (within 30 days of the contract, Art. 50)"""

    tag = "award"
    OutputSerializer = out.NoticeOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.award_notice_publish(procedure=procedure, now=now, actor=request.user)
