"""Questions and answers, meetings, negotiation of a round, successive reduction and the
confidential information of participants."""

from __future__ import annotations

from rest_framework import serializers

from innopartner.core.exceptions import InvalidInput
from innopartner.negotiation import services
from innopartner.negotiation.models import DisclosureConsent, Meeting

from .. import serializers as out
from ..fields import AwareDateTimeField, TextField
from ..selectors import (
    member_of,
    organisation,
    organisations,
    questions_for,
    round_in,
)
from .base import Endpoint, ReadEndpoint


class QuestionListApi(ReadEndpoint):
    """List the questions you may see

    The buyer's staff and auditors see every question with its asker; a supplier its own
    questions and every answer published to it, without who asked (Art. 31(4))."""

    tag = "negotiation"
    many = True
    OutputSerializer = out.QuestionOut

    def perform(self, *, request, procedure, data, now, **path):
        return questions_for(user=request.user, procedure=procedure)


class QuestionAskApi(Endpoint):
    """Ask a question (a supplier, for its company)"""

    tag = "negotiation"
    example = {"operator": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "text": "Mag het via LoRa?"}

    class InputSerializer(serializers.Serializer):
        operator = serializers.UUIDField()
        text = TextField()

    OutputSerializer = out.QuestionActedOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.question_ask(
            procedure=procedure,
            operator=organisation(data["operator"]),
            text=data["text"],
            now=now,
            actor=request.user,
        )


class QuestionAnswerApi(Endpoint):
    """Draft the answer to a question

    It reaches nobody until the answers are published; a private answer needs a reason."""

    status_code = 200
    tag = "negotiation"
    example = {"answer": "Ja.", "to_all": True}

    class InputSerializer(serializers.Serializer):
        answer = TextField()
        to_all = serializers.BooleanField(default=True)
        private_reason = TextField(required=False, allow_blank=True, default="")

    OutputSerializer = out.QuestionActedOut

    def perform(self, *, request, procedure, data, now, qid, **path):
        question = member_of(procedure.questions, qid, what="vraag", code="question-not-found")
        return services.question_answer(question=question, now=now, actor=request.user, **data)


class AnswersPublishApi(Endpoint):
    """Publish every drafted answer at once, numbered (nota van inlichtingen)"""

    status_code = 200
    tag = "negotiation"
    many = True
    OutputSerializer = out.QuestionActedOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.answers_publish(procedure=procedure, now=now, actor=request.user)


class MeetingRecordApi(Endpoint):
    """Record a meeting held: information (all), dialogue or negotiation (one candidate)"""

    tag = "negotiation"
    example = {
        "kind": "information",
        "held_at": "2024-01-15T10:00:00+01:00",
        "minutes": "Toelichting op de stukken.",
    }

    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=Meeting.Kind.values)
        held_at = AwareDateTimeField()
        minutes = TextField()
        operator = serializers.UUIDField(required=False, allow_null=True)
        agenda = TextField(required=False, allow_blank=True, default="")
        attendees = serializers.IntegerField(
            min_value=0, max_value=100000, required=False, allow_null=True
        )
        round = serializers.IntegerField(
            min_value=1, max_value=32767, required=False, allow_null=True
        )

    OutputSerializer = out.MeetingOut

    def perform(self, *, request, procedure, data, now, **path):
        data = dict(data)
        operator = data.pop("operator", None)
        number = data.pop("round", None)
        return services.meeting_record(
            procedure=procedure,
            operator=organisation(operator) if operator else None,
            tender_round=round_in(procedure=procedure, n=str(number)) if number else None,
            now=now,
            actor=request.user,
            **data,
        )


class MinutesIn(serializers.Serializer):
    operator = serializers.UUIDField()
    minutes = TextField()


class RoundNegotiateApi(Endpoint):
    """Negotiate on an opened round: one meeting per remaining tenderer (Art. 31(3), (4))

    The final round is never negotiated."""

    status_code = 200
    tag = "negotiation"
    example = {
        "minutes": [{"operator": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "minutes": "Besproken."}]
    }

    class InputSerializer(serializers.Serializer):
        minutes = MinutesIn(many=True)

    OutputSerializer = out.RoundOut

    def perform(self, *, request, procedure, data, now, n, **path):
        tender_round = round_in(procedure=procedure, n=n)
        minutes = [(organisation(m["operator"]), m["minutes"]) for m in data["minutes"]]
        return services.round_negotiate(
            tender_round=tender_round, minutes=minutes, now=now, actor=request.user
        )


class TendersReduceApi(Endpoint):
    """Drop the lowest-ranked tenderers after a scored round (Art. 31(5))

    Only if the documents announced successive reduction; each gets a letter with its rank."""

    tag = "negotiation"
    many = True
    example = {
        "eliminate": ["3fa85f64-5717-4562-b3fc-2c963f66afa6"],
        "reasons": {"3fa85f64-5717-4562-b3fc-2c963f66afa6": "Laagste score."},
    }

    class InputSerializer(serializers.Serializer):
        eliminate = serializers.ListField(child=serializers.UUIDField(), max_length=200)
        reasons = serializers.DictField(
            child=TextField(), required=False, default=dict, help_text="Keyed by operator UUID."
        )

    OutputSerializer = out.InvitationOut

    def perform(self, *, request, procedure, data, now, n, **path):
        return services.tenders_reduce(
            tender_round=round_in(procedure=procedure, n=n),
            eliminate=organisations(data["eliminate"], field="eliminate"),
            reasons=data["reasons"],
            now=now,
            actor=request.user,
        )


class ConfidentialItemRegisterApi(Endpoint):
    """Register confidential information of your company (Art. 21, 31(4))"""

    tag = "negotiation"
    example = {"owner": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "title": "Meetprincipe"}

    class InputSerializer(serializers.Serializer):
        owner = serializers.UUIDField()
        title = TextField(max_length=300)
        description = TextField(required=False, allow_blank=True, default="")

    OutputSerializer = out.ConfidentialItemOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.confidential_item_register(
            procedure=procedure,
            owner=organisation(data["owner"], field="owner"),
            title=data["title"],
            description=data["description"],
            now=now,
            actor=request.user,
        )


class ConsentGiveApi(Endpoint):
    """Consent to one specific disclosure of one item to named recipients (Art. 31(4))"""

    tag = "negotiation"
    example = {
        "disclosure": "Het meetprincipe in de volgende ronde aan B tonen.",
        "recipients": ["3fa85f64-5717-4562-b3fc-2c963f66afa6"],
    }

    class InputSerializer(serializers.Serializer):
        disclosure = TextField()
        recipients = serializers.ListField(child=serializers.UUIDField(), max_length=200)

    OutputSerializer = out.ConsentOut

    def perform(self, *, request, procedure, data, now, cid, **path):
        item = member_of(
            procedure.confidential_items, cid, what="vertrouwelijk item", code="item-not-found"
        )
        return services.consent_give(
            item=item,
            disclosure=data["disclosure"],
            recipients=organisations(data["recipients"], field="recipients"),
            now=now,
            actor=request.user,
        )


class ConfidentialDiscloseApi(Endpoint):
    """Pass confidential information on, under the owner's consent"""

    tag = "negotiation"
    example = {
        "consent": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "recipients": ["3fa85f64-5717-4562-b3fc-2c963f66afa6"],
    }

    class InputSerializer(serializers.Serializer):
        consent = serializers.UUIDField(required=False, allow_null=True)
        recipients = serializers.ListField(child=serializers.UUIDField(), max_length=200)

    OutputSerializer = out.DisclosureOut

    def perform(self, *, request, procedure, data, now, cid, **path):
        item = member_of(
            procedure.confidential_items, cid, what="vertrouwelijk item", code="item-not-found"
        )
        consent = None
        if data.get("consent"):
            consent = DisclosureConsent.objects.filter(
                pk=data["consent"], item__procedure=procedure
            ).first()
            if consent is None:
                raise InvalidInput(
                    "consent: geen toestemming met dit id voor dit item.", code="consent-unknown"
                )
        return services.confidential_disclose(
            item=item,
            recipients=organisations(data["recipients"], field="recipients"),
            consent=consent,
            now=now,
            actor=request.user,
        )
