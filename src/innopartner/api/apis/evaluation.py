"""The evaluation committee: independent scores, consensus, compliance with the minimum
requirements."""

from __future__ import annotations

from rest_framework import serializers

from innopartner.core.exceptions import InvalidInput
from innopartner.evaluation import services
from innopartner.evaluation.selectors import scores_visible_to

from .. import serializers as out
from ..fields import TextField
from ..selectors import tender_in
from .base import READ_ERRORS, Endpoint, ReadEndpoint


class ScoreIn(serializers.Serializer):
    criterion = serializers.UUIDField(
        help_text="UUID of a quality award criterion of this procedure (its `id`)."
    )
    score = serializers.DecimalField(max_digits=6, decimal_places=2)
    justification = TextField()


# A sample shape for the OpenAPI example; it names no criterion, a client sends its own.
SAMPLE_CRITERION = "3fa85f64-5717-4562-b3fc-2c963f66afa6"


def _criterion(procedure, public_id):
    """The award criterion the body names, by its public UUID; one of another procedure is
    as unknown here as one that does not exist."""
    criterion = procedure.award_criteria.filter(public_id=public_id).first()
    if criterion is None:
        raise InvalidInput(
            "criterion: geen gunningscriterium met dit id in deze procedure.",
            code="criterion-unknown",
        )
    return criterion


class ScoreListApi(ReadEndpoint):
    """List the scores of a tender you may see

    An evaluator sees others' scores on a criterion only after scoring it; the buyer's staff
    see all."""

    tag = "evaluation"
    many = True
    errors = (*READ_ERRORS, 403)
    OutputSerializer = out.ScoreOut

    def perform(self, *, request, procedure, data, now, tid, **path):
        tender = tender_in(user=request.user, procedure=procedure, tid=tid)
        return scores_visible_to(user=request.user, tender=tender).order_by("submitted_at", "id")


class ScoreSubmitApi(Endpoint):
    """Score an opened tender on a quality criterion, independently, with a justification"""

    tag = "evaluation"
    example = {
        "criterion": SAMPLE_CRITERION,
        "score": "7.5",
        "justification": "Sterk meetprincipe.",
    }
    InputSerializer = ScoreIn
    OutputSerializer = out.ScoreOut

    def perform(self, *, request, procedure, data, now, tid, **path):
        return services.score_submit(
            tender=tender_in(user=request.user, procedure=procedure, tid=tid),
            criterion=_criterion(procedure, data["criterion"]),
            score=data["score"],
            justification=data["justification"],
            now=now,
            actor=request.user,
        )


class ConsensusRecordApi(Endpoint):
    """Record the committee's consensus score, after the individual scores"""

    tag = "evaluation"
    example = {
        "criterion": SAMPLE_CRITERION,
        "score": "7",
        "justification": "Eens na bespreking.",
    }
    InputSerializer = ScoreIn
    OutputSerializer = out.ConsensusOut

    def perform(self, *, request, procedure, data, now, tid, **path):
        return services.consensus_record(
            tender=tender_in(user=request.user, procedure=procedure, tid=tid),
            criterion=_criterion(procedure, data["criterion"]),
            score=data["score"],
            justification=data["justification"],
            now=now,
            actor=request.user,
        )


class TenderComplianceRecordApi(Endpoint):
    """Record whether an opened tender meets every minimum requirement (Art. 31(1))"""

    status_code = 200
    tag = "evaluation"
    example = {"compliant": True, "note": "Voldoet aan alle minimumeisen."}

    class InputSerializer(serializers.Serializer):
        compliant = serializers.BooleanField()
        note = TextField()

    OutputSerializer = out.ComplianceOut

    def perform(self, *, request, procedure, data, now, tid, **path):
        return services.tender_compliance_record(
            tender=tender_in(user=request.user, procedure=procedure, tid=tid),
            now=now,
            actor=request.user,
            **data,
        )
