"""The market consultation's responses, read-only. A respondent's idea and contact details
are confidential to the buyer (Art. 21 Dir. 2014/24/EU): as on the web's consultation page,
only the procedure's buyer staff read them, through ``consultation.selectors
.responses_for_buyer``, which refuses everybody else (suppliers, evaluators, auditors and
other buyers: 403 ``not-buyer-staff``). What may be published (the consented summaries) is in
the public consultation report of the web, not here."""

from __future__ import annotations

from rest_framework import serializers

from innopartner.consultation import selectors
from innopartner.consultation.models import ChallengeResponse

from .base import READ_ERRORS, ReadEndpoint


class ChallengeResponseOut(serializers.ModelSerializer):
    class Meta:
        model = ChallengeResponse
        fields = [
            "id",
            "received_at",
            "organisation_name",
            "kvk_number",
            "contact_person",
            "email",
            "kind",
            "idea",
            "summary_consent",
            "public_summary",
        ]
        extra_kwargs = {
            "summary_consent": {
                "help_text": "Whether the respondent consented to publishing public_summary "
                "with its organisation's name."
            }
        }


class ConsultationResponseListApi(ReadEndpoint):
    """List the responses to the procedure's challenge page (market consultation)

    For the buyer's staff of the procedure only: the ideas and contact details are
    confidential to the buyer (Art. 21)."""

    tag = "consultation"
    paginated = True
    errors = (*READ_ERRORS, 403)

    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(
            choices=ChallengeResponse.Kind.values,
            required=False,
            help_text="Only responses of this kind.",
        )

    OutputSerializer = ChallengeResponseOut

    def perform(self, *, request, procedure, data, now, **path):
        responses = selectors.responses_for_buyer(procedure=procedure, user=request.user)
        if data.get("kind"):
            responses = [r for r in responses if r.kind == data["kind"]]
        return responses
