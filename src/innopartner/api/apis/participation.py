"""Requests to participate and the selection of candidates."""

from __future__ import annotations

from rest_framework import serializers

from innopartner.participation import services

from .. import serializers as out
from ..fields import TextField
from ..selectors import member_of, organisation, organisations, requests_visible_to
from .base import Endpoint, ReadEndpoint


class OperatorIn(serializers.Serializer):
    operator = serializers.UUIDField(
        help_text="UUID of the company or consortium you act for (a supplier user)."
    )


class InterestRegisterApi(Endpoint):
    """Register interest in a published procedure"""

    tag = "participation"
    example = {"operator": "3fa85f64-5717-4562-b3fc-2c963f66afa6"}
    InputSerializer = OperatorIn
    OutputSerializer = out.InterestOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.interest_register(
            procedure=procedure,
            operator=organisation(data["operator"]),
            now=now,
            actor=request.user,
        )


class RequestListApi(ReadEndpoint):
    """List requests to participate

    The buyer's staff and auditors see all; a supplier sees its own."""

    tag = "participation"
    many = True
    OutputSerializer = out.RequestOut

    def perform(self, *, request, procedure, data, now, **path):
        return requests_visible_to(user=request.user, procedure=procedure)


class RequestSubmitApi(Endpoint):
    """Request to participate, before the deadline of the notice"""

    tag = "participation"
    example = {"operator": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "statement": "Wij doen mee."}

    class InputSerializer(OperatorIn):
        statement = TextField(required=False, allow_blank=True, default="")

    OutputSerializer = out.RequestOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.request_submit(
            procedure=procedure,
            operator=organisation(data["operator"]),
            statement=data["statement"],
            now=now,
            actor=request.user,
        )


class RequestAssessApi(Endpoint):
    """Assess a request against the selection criteria

    After the request deadline; the first assessment moves the procedure into selection."""

    status_code = 200
    tag = "participation"
    example = {"qualified": True, "assessment": "Voldoet aan alle selectiecriteria."}

    class InputSerializer(serializers.Serializer):
        qualified = serializers.BooleanField()
        assessment = TextField()

    OutputSerializer = out.RequestOut

    def perform(self, *, request, procedure, data, now, rid, **path):
        found = member_of(procedure.requests, rid, what="verzoek", code="request-not-found")
        return services.request_assess(request=found, now=now, actor=request.user, **data)


class CandidatesInviteApi(Endpoint):
    """Invite the selected candidates to tender (the selection decision)

    Every other candidate gets a letter with the reasons; the procedure moves into
    negotiation."""

    tag = "participation"
    many = True
    example = {
        "operators": ["3fa85f64-5717-4562-b3fc-2c963f66afa6"],
        "fewer_reason": "",
        "reasons": {},
    }

    class InputSerializer(serializers.Serializer):
        operators = serializers.ListField(child=serializers.UUIDField(), max_length=200)
        fewer_reason = TextField(required=False, allow_blank=True, default="")
        reasons = serializers.DictField(
            child=TextField(),
            required=False,
            default=dict,
            help_text="Reasons per candidate that is not invited, keyed by its UUID.",
        )

    OutputSerializer = out.InvitationOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.candidates_invite(
            procedure=procedure,
            operators=organisations(data["operators"], field="operators"),
            fewer_reason=data["fewer_reason"],
            reasons=data["reasons"],
            now=now,
            actor=request.user,
        )
