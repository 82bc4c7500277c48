"""Output serializers shared by several endpoints. Input is always an endpoint's own nested
``InputSerializer``; output shapes that recur (a procedure, a tender's envelope, a receipt)
live here once."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from innopartner.audit.models import AuditRecord
from innopartner.award.models import Agreement, AwardDecision, AwardDecisionLine
from innopartner.evaluation.models import ConsensusScore, Score
from innopartner.negotiation.models import (
    ConfidentialItem,
    Disclosure,
    DisclosureConsent,
    Meeting,
    Question,
)
from innopartner.negotiation.selectors import APPROVAL_STATES
from innopartner.participation.models import Interest, Invitation, RequestToParticipate
from innopartner.parties.models import Organisation
from innopartner.partnership.models import (
    CallOff,
    GateDecision,
    InstalmentPayment,
    PartnerPhase,
    PurchaseStart,
)
from innopartner.procedures.funnel import procedure_funnel
from innopartner.procedures.models import (
    AwardCriterion,
    DecisionLetter,
    MarketConsultationEntry,
    Notice,
    PerformanceLevel,
    PhasePlan,
    Procedure,
    ProcedureBuyer,
    PurchaseItem,
    Requirement,
    SelectionCriterion,
)
from innopartner.procedures.selectors import may_read_internals, next_deadline
from innopartner.tendering.models import Receipt, Tender, TenderOpening, TenderRound


class OrganisationRef(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name"]


class OrganisationOut(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "kind",
            "authority_type",
            "country",
            "kvk_number",
            "foreign_registration",
            "is_sme",
        ]


class BuyerOut(serializers.ModelSerializer):
    id = serializers.UUIDField(source="authority_id")
    name = serializers.CharField(source="authority.name")

    class Meta:
        model = ProcedureBuyer
        fields = ["id", "name", "is_lead", "role"]


class ProcedureOut(serializers.ModelSerializer):
    case = serializers.CharField(source="slug", allow_null=True)
    published = serializers.BooleanField(source="is_published")
    buyers = BuyerOut(many=True)

    class Meta:
        model = Procedure
        fields = [
            "id",
            "case",
            "reference",
            "title",
            "procedure_type",
            "stage",
            "directive",
            "subject_kind",
            "published",
            "notice_dispatched_at",
            "requests_deadline",
            "publication_channel",
            "created_at",
            "buyers",
        ]


class DocumentRecordOut(serializers.ModelSerializer):
    """A record of the procedure documents, named by its public UUID: the integer key counts
    the records of every procedure in the installation (docs/security.md, identifiers)."""

    id = serializers.UUIDField(source="public_id", read_only=True)


class RequirementOut(DocumentRecordOut):
    class Meta:
        model = Requirement
        fields = ["id", "text", "is_minimum"]


class SelectionCriterionOut(DocumentRecordOut):
    class Meta:
        model = SelectionCriterion
        fields = ["id", "text", "covers_rd_capacity"]


class AwardCriterionOut(DocumentRecordOut):
    class Meta:
        model = AwardCriterion
        fields = ["id", "name", "kind", "weight", "scale_min", "scale_max", "description"]


class PhasePlanOut(serializers.ModelSerializer):
    targets = serializers.SerializerMethodField()
    instalments = serializers.SerializerMethodField()

    class Meta:
        model = PhasePlan
        fields = [
            "number",
            "name",
            "description",
            "duration_months",
            "budget_per_partner",
            "gate_kind",
            "gate_continue_count",
            "gate_criteria",
            "targets",
            "instalments",
        ]

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"text": {"type": "string"}, "is_minimum": {"type": "boolean"}},
            },
        }
    )
    def get_targets(self, phase):
        return [{"text": t.description, "is_minimum": t.is_minimum} for t in phase.targets.all()]

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "description": {"type": "string"},
                    "amount": {"type": "string", "format": "decimal"},
                },
            },
        }
    )
    def get_instalments(self, phase):
        return [
            {"description": i.description, "amount": str(i.amount)} for i in phase.instalments.all()
        ]


class PerformanceLevelOut(DocumentRecordOut):
    class Meta:
        model = PerformanceLevel
        fields = ["id", "name", "unit", "target", "higher_is_better"]


class PurchaseItemOut(DocumentRecordOut):
    class Meta:
        model = PurchaseItem
        fields = ["id", "name", "unit", "max_unit_price", "expected_quantity"]


class ConsultationOut(DocumentRecordOut):
    class Meta:
        model = MarketConsultationEntry
        fields = ["id", "kind", "held_on", "with_whom", "participants", "learned"]


class RoundOut(serializers.ModelSerializer):
    opened = serializers.BooleanField(source="is_opened")

    class Meta:
        model = TenderRound
        fields = [
            "id",
            "number",
            "kind",
            "opened_for_submission_at",
            "deadline",
            "price_required",
            "negotiated_at",
            "opened",
        ]


class FunnelStepOut(serializers.Serializer):
    stage = serializers.CharField()
    count = serializers.IntegerField()


class NextDeadlineOut(serializers.Serializer):
    what = serializers.CharField(
        help_text="requests, round_<n>_tenders, resubmission, standstill_end or award_notice"
    )
    at = serializers.DateTimeField()


class InternalRecordOut(serializers.ModelSerializer):
    """The preparation record: for the buyer's staff and auditors only."""

    class Meta:
        model = Procedure
        fields = [
            "budget",
            "estimated_rd_value",
            "estimated_purchase_value",
            "proportionality_justification",
            "ip_details",
            "ip_cofunding_share",
            "procedure_choice_reasons",
            "alternatives_considered",
            "horizon_years",
            "fewer_candidates_reason",
        ]


class ProcedureDetailOut(ProcedureOut):
    """The procedure as its documents describe it; the funnel and the internal record only
    for the buyer's staff and auditors."""

    requirements = RequirementOut(many=True)
    selection_criteria = SelectionCriterionOut(many=True)
    award_criteria = AwardCriterionOut(many=True)
    phases = PhasePlanOut(many=True, source="phase_plans")
    performance_levels = PerformanceLevelOut(many=True)
    purchase_items = PurchaseItemOut(many=True)
    rounds = RoundOut(many=True)
    next_deadline = serializers.SerializerMethodField()
    funnel = serializers.SerializerMethodField()
    internal = serializers.SerializerMethodField()

    class Meta(ProcedureOut.Meta):
        fields = [
            *ProcedureOut.Meta.fields,
            "need_description",
            "partner_structure",
            "intended_partners",
            "ip_arrangement",
            "candidates_min",
            "candidates_max",
            "successive_reduction",
            "termination_option",
            "termination_conditions",
            "purchase_max_cost",
            "requirements",
            "selection_criteria",
            "award_criteria",
            "phases",
            "performance_levels",
            "purchase_items",
            "rounds",
            "next_deadline",
            "funnel",
            "internal",
        ]

    def _internals(self, procedure) -> bool:
        request = self.context.get("request")
        return request is not None and may_read_internals(user=request.user, procedure=procedure)

    @extend_schema_field(NextDeadlineOut(allow_null=True))
    def get_next_deadline(self, procedure):
        from django.utils import timezone

        found = next_deadline(procedure, now=timezone.now())
        return NextDeadlineOut(found).data if found else None

    @extend_schema_field(FunnelStepOut(many=True, allow_null=True))
    def get_funnel(self, procedure):
        if not self._internals(procedure):
            return None
        return [step.as_dict() for step in procedure_funnel(procedure)]

    @extend_schema_field(InternalRecordOut(allow_null=True))
    def get_internal(self, procedure):
        if not self._internals(procedure):
            return None
        return InternalRecordOut(procedure).data


class NoticeOut(serializers.ModelSerializer):
    class Meta:
        model = Notice
        fields = [
            "id",
            "kind",
            "eforms_subtype",
            "channel",
            "dispatched_at",
            "due_by",
            "is_late",
            "summary",
        ]


class BuyerLinkOut(serializers.ModelSerializer):
    authority = OrganisationRef()

    class Meta:
        model = ProcedureBuyer
        fields = ["authority", "is_lead", "role"]


class InterestOut(serializers.ModelSerializer):
    operator = OrganisationRef()

    class Meta:
        model = Interest
        fields = ["operator", "registered_at"]


class RequestOut(serializers.ModelSerializer):
    operator = OrganisationRef()
    statement = serializers.SerializerMethodField(
        help_text="The sealed statement: null until the time limit for requests has expired "
        "(Art. 22(3)); then for the candidate, the buyer's staff and auditors (each read is "
        "recorded in the audit trail)."
    )

    def get_statement(self, obj) -> str | None:
        from innopartner.core.exceptions import DomainError
        from innopartner.participation.selectors import request_statement

        request = self.context.get("request")
        try:
            return request_statement(request=obj, user=getattr(request, "user", None))
        except DomainError:
            return None

    class Meta:
        model = RequestToParticipate
        fields = [
            "id",
            "operator",
            "submitted_at",
            "statement",
            "status",
            "assessment",
            "assessed_at",
        ]


class InvitationOut(serializers.ModelSerializer):
    operator = OrganisationRef()

    class Meta:
        model = Invitation
        fields = ["operator", "invited_at", "eliminated_at", "eliminated_after_round"]


class QuestionOut(serializers.Serializer):
    id = serializers.UUIDField(
        allow_null=True, help_text="Only for the buyer's staff and auditors, who act on it."
    )
    number = serializers.IntegerField(
        allow_null=True, help_text="Number in the nota van inlichtingen."
    )
    text = serializers.CharField()
    answer = serializers.CharField(allow_blank=True)
    published_at = serializers.DateTimeField(allow_null=True)
    asked_by = serializers.CharField(
        allow_null=True, help_text="Only for the buyer's staff, auditors and the asker itself."
    )
    # The approval step for answers (four eyes) is the buyer's internal record: these keys are
    # present only for the buyer's staff of the procedure, absent for everybody else.
    approval_state = serializers.ChoiceField(
        source="approval.state",
        choices=APPROVAL_STATES,
        required=False,
        help_text=(
            "Only for the buyer's staff: unanswered, drafted (awaiting approval), returned (for "
            "rework), approved, or published."
        ),
    )
    answered_by = serializers.CharField(
        source="approval.answered_by",
        allow_null=True,
        required=False,
        help_text="Only for the buyer's staff: who drafted the answer.",
    )
    approved_by = serializers.CharField(
        source="approval.approved_by",
        allow_null=True,
        required=False,
        help_text="Only for the buyer's staff: who approved the current draft.",
    )
    return_note = serializers.CharField(
        source="approval.return_note",
        allow_blank=True,
        required=False,
        help_text="Only for the buyer's staff: what to change, when the draft was returned.",
    )

    APPROVAL_FIELDS = ("approval_state", "answered_by", "approved_by", "return_note")

    def to_representation(self, row):
        data = super().to_representation(row)
        if row.approval is None:
            for key in self.APPROVAL_FIELDS:
                data.pop(key, None)
        return data


class QuestionActedOut(serializers.ModelSerializer):
    asked_by = OrganisationRef()

    class Meta:
        model = Question
        fields = [
            "id",
            "asked_by",
            "text",
            "asked_at",
            "answer",
            "answered_at",
            "to_all",
            "published_at",
            "number",
        ]


class MeetingOut(serializers.ModelSerializer):
    operator = OrganisationRef(allow_null=True)
    round = serializers.IntegerField(source="round.number", allow_null=True, default=None)

    class Meta:
        model = Meeting
        fields = ["id", "kind", "held_at", "operator", "round", "agenda", "minutes", "attendees"]


class ConfidentialItemOut(serializers.ModelSerializer):
    owner = OrganisationRef()

    class Meta:
        model = ConfidentialItem
        fields = ["id", "owner", "title", "description", "registered_at"]


class ConsentOut(serializers.ModelSerializer):
    recipients = OrganisationRef(many=True)

    class Meta:
        model = DisclosureConsent
        fields = ["id", "disclosure", "recipients", "given_at", "used_at"]


class DisclosureOut(serializers.ModelSerializer):
    recipients = OrganisationRef(many=True)
    consent = serializers.UUIDField(source="consent_id")

    class Meta:
        model = Disclosure
        fields = ["consent", "recipients", "disclosed_at"]


class TenderOut(serializers.ModelSerializer):
    """A tender's envelope: who, when, what size and digest. Never the content or the price,
    which stay sealed until the opening (Art. 22(3)); the content has its own endpoint."""

    operator = OrganisationRef()
    round = serializers.IntegerField(source="round.number")

    class Meta:
        model = Tender
        fields = ["id", "round", "operator", "status", "submitted_at", "filename", "size", "sha256"]


class ReceiptOut(serializers.ModelSerializer):
    """What the tenderer gets: the SHA-256 of exactly what was received and the server time."""

    tender = serializers.UUIDField(source="tender_id")
    round = serializers.IntegerField(source="tender.round.number")
    status = serializers.CharField(source="tender.status")

    class Meta:
        model = Receipt
        fields = ["id", "kind", "tender", "round", "status", "sha256", "size", "server_time"]


class OpeningOut(serializers.ModelSerializer):
    round = serializers.IntegerField(source="round.number")
    started_by = serializers.CharField(source="started_by.username")
    confirmed_by = serializers.CharField(
        source="confirmed_by.username", allow_null=True, default=None
    )

    class Meta:
        model = TenderOpening
        fields = [
            "id",
            "round",
            "started_by",
            "started_at",
            "confirmed_by",
            "confirmed_at",
            "official_record",
        ]


class ScoreOut(serializers.ModelSerializer):
    criterion = serializers.UUIDField(source="criterion.public_id")
    evaluator = serializers.CharField(source="evaluator.username")
    tender = serializers.UUIDField(source="tender_id")

    class Meta:
        model = Score
        fields = ["tender", "criterion", "evaluator", "score", "justification", "submitted_at"]


class ConsensusOut(serializers.ModelSerializer):
    criterion = serializers.UUIDField(source="criterion.public_id")
    tender = serializers.UUIDField(source="tender_id")

    class Meta:
        model = ConsensusScore
        fields = ["tender", "criterion", "score", "justification", "recorded_at"]


class ComplianceOut(serializers.ModelSerializer):
    class Meta:
        model = Tender
        fields = ["id", "compliant", "compliance_note"]


class AwardLineOut(serializers.ModelSerializer):
    operator = OrganisationRef()

    class Meta:
        model = AwardDecisionLine
        fields = ["operator", "rank", "total", "awarded"]


class AwardDecisionOut(serializers.ModelSerializer):
    lines = AwardLineOut(many=True)

    class Meta:
        model = AwardDecision
        fields = ["id", "sent_at", "standstill_ends", "earliest_signing", "reasons", "lines"]


class AgreementOut(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["id", "signed_at", "award_notice_due", "value", "duration_years"]


class PartnerPhaseOut(serializers.ModelSerializer):
    operator = OrganisationRef(source="partner.operator")
    phase = serializers.IntegerField(source="phase.number")

    class Meta:
        model = PartnerPhase
        fields = [
            "operator",
            "phase",
            "started_at",
            "assessed_at",
            "assessment",
            "targets_met",
            "gate_score",
            "outcome",
        ]


class InstalmentPaymentOut(serializers.ModelSerializer):
    description = serializers.CharField(source="instalment.description")

    class Meta:
        model = InstalmentPayment
        fields = ["description", "amount", "paid_at"]


class GateDecisionOut(serializers.ModelSerializer):
    phase = serializers.IntegerField(source="phase.number")
    continuing = OrganisationRef(many=True)
    stopped = OrganisationRef(many=True)

    class Meta:
        model = GateDecision
        fields = [
            "id",
            "phase",
            "decided_at",
            "ended_partnership",
            "reasons",
            "continuing",
            "stopped",
        ]


class PurchaseStartOut(serializers.ModelSerializer):
    operator = OrganisationRef(source="partner.operator")

    class Meta:
        model = PurchaseStart
        fields = ["operator", "started_at", "measured", "agreed_prices", "agreed_total"]


class CallOffOut(serializers.ModelSerializer):
    buyer = OrganisationRef()
    item = serializers.CharField(source="item.name")
    amount = serializers.DecimalField(max_digits=28, decimal_places=4)

    class Meta:
        model = CallOff
        fields = ["id", "buyer", "item", "quantity", "unit_price", "amount", "ordered_at"]


class LetterOut(serializers.ModelSerializer):
    addressee = OrganisationRef()
    procedure = serializers.UUIDField(source="procedure_id")

    class Meta:
        model = DecisionLetter
        fields = ["id", "procedure", "addressee", "kind", "reasons", "sent_at", "standstill_ends"]


class AuditRecordOut(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_label")
    subject = serializers.SerializerMethodField()

    class Meta:
        model = AuditRecord
        # No record id: ids count every change in the installation, so they would tell one
        # buyer how busy the others are (docs/security.md, identifiers).
        fields = ["at", "actor", "action", "subject", "before", "after", "note"]

    def get_subject(self, record) -> str:
        return f"{record.subject_type}:{record.subject_id}"
