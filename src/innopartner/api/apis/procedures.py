"""Procedures: the list and the detail, and every action of preparation and publication."""

from __future__ import annotations

from django.db.models import Q
from rest_framework import serializers

from innopartner.partnership import services as partnership
from innopartner.procedures import services
from innopartner.procedures.models import MarketConsultationEntry, PhasePlan, Procedure
from innopartner.procedures.rules import CALL_CONTRACT_NOTICE
from innopartner.procedures.selectors import procedures_visible_to
from innopartner.procedures.services import KNOWN_PROCEDURE_CHOICES, PREPARATION_FIELDS
from innopartner.procedures.types import Stage

from .. import serializers as out
from ..fields import AwareDateTimeField, DateInRangeField, TextField, money, small_int
from ..selectors import member_of, organisation
from .base import Endpoint, ReadEndpoint

TYPE_CHOICES = Procedure._meta.get_field("procedure_type").choices
SUBJECT_CHOICES = Procedure._meta.get_field("subject_kind").choices
ORDERING = [
    "created_at",
    "-created_at",
    "title",
    "-title",
    "requests_deadline",
    "-requests_deadline",
    "stage",
    "-stage",
]


class ProcedureListApi(ReadEndpoint):
    """List the procedures you may see

    Published procedures for everyone signed in; unpublished ones only for the staff of their
    buyers and for auditors. Filter by type, stage, buyer and a deadline window (the request
    deadline or a round's tender deadline falls inside it); order by `ordering`."""

    paginated = True
    needs_procedure = False

    class InputSerializer(serializers.Serializer):
        procedure_type = serializers.ChoiceField(choices=TYPE_CHOICES, required=False)
        stage = serializers.ChoiceField(choices=[s.value for s in Stage], required=False)
        buyer = serializers.UUIDField(required=False, help_text="UUID of a buyer (authority).")
        deadline_from = AwareDateTimeField(
            required=False, help_text="A deadline at or after this moment (URL-encode the `+`)."
        )
        deadline_to = AwareDateTimeField(required=False, help_text="A deadline before this moment.")
        ordering = serializers.ChoiceField(choices=ORDERING, required=False, default="-created_at")

    OutputSerializer = out.ProcedureOut

    def perform(self, *, request, procedure, data, now, **path):
        procedures = procedures_visible_to(user=request.user)
        if "procedure_type" in data:
            procedures = procedures.filter(procedure_type=data["procedure_type"])
        if "stage" in data:
            procedures = procedures.filter(stage=data["stage"])
        if "buyer" in data:
            procedures = procedures.filter(buyers__authority_id=data["buyer"])
        if "deadline_from" in data or "deadline_to" in data:
            window = Q()
            rounds = Q()
            if "deadline_from" in data:
                window &= Q(requests_deadline__gte=data["deadline_from"])
                rounds &= Q(rounds__deadline__gte=data["deadline_from"])
            if "deadline_to" in data:
                window &= Q(requests_deadline__lt=data["deadline_to"])
                rounds &= Q(rounds__deadline__lt=data["deadline_to"])
            procedures = procedures.filter(window | rounds)
        ordering = data.get("ordering", "-created_at")
        return procedures.distinct().prefetch_related("buyers__authority").order_by(ordering, "id")


class ProcedureCreateApi(Endpoint):
    """Create a procedure

    You become its actor as staff (procurement officer or project leader) of the lead buyer."""

    tag = "preparation"
    example = {
        "title": "Slimme vismonitoring",
        "procedure_type": "innovation_partnership",
        "lead_buyer": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    }
    needs_procedure = False

    class InputSerializer(serializers.Serializer):
        title = TextField(max_length=300)
        procedure_type = serializers.ChoiceField(choices=TYPE_CHOICES)
        lead_buyer = serializers.UUIDField(help_text="UUID of the lead contracting authority.")
        slug = serializers.SlugField(max_length=60, required=False, allow_blank=True)
        reference = TextField(max_length=60, required=False, allow_blank=True)
        directive = serializers.ChoiceField(choices=Procedure.Directive.choices, default="2014/24")
        subject_kind = serializers.ChoiceField(choices=SUBJECT_CHOICES, default="supplies")

    OutputSerializer = out.ProcedureOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.procedure_create(
            title=data["title"],
            procedure_type_code=data["procedure_type"],
            lead_buyer=organisation(data["lead_buyer"], field="lead_buyer"),
            slug=data.get("slug") or None,
            reference=data.get("reference", ""),
            directive=data["directive"],
            subject_kind=data["subject_kind"],
            now=now,
            actor=request.user,
        )


class ProcedureDetailApi(ReadEndpoint):
    """Read one procedure

    Its documents, rounds and next deadline; the funnel and the internal preparation record
    only for its buyers' staff and auditors."""

    OutputSerializer = out.ProcedureDetailOut

    def perform(self, *, request, procedure, data, now, **path):
        return procedure


class PreparationUpdateApi(Endpoint):
    """Edit the preparation record and the documents

    Only the fields sent change. Allowed in preparation only (Art. 31(3): the documents are
    fixed by the notice)."""

    method = "patch"
    status_code = 200
    tag = "preparation"
    example = {"need_description": "Wij zoeken een nieuwe manier om vismigratie te meten."}

    class InputSerializer(serializers.Serializer):
        title = TextField(max_length=300, required=False)
        reference = TextField(max_length=60, required=False, allow_blank=True)
        need_description = TextField(required=False, allow_blank=True)
        subject_kind = serializers.ChoiceField(choices=SUBJECT_CHOICES, required=False)
        budget = money(required=False, allow_null=True)
        estimated_rd_value = money(required=False, allow_null=True)
        estimated_purchase_value = money(required=False, allow_null=True)
        purchase_max_cost = money(required=False, allow_null=True)
        proportionality_justification = TextField(required=False, allow_blank=True)
        intended_partners = small_int(required=False, allow_null=True)
        partner_structure = serializers.ChoiceField(
            choices=Procedure.PartnerStructure.values, required=False
        )
        ip_arrangement = serializers.ChoiceField(
            choices=Procedure.IpArrangement.values, required=False
        )
        ip_details = TextField(required=False, allow_blank=True)
        ip_cofunding_share = serializers.DecimalField(
            max_digits=5, decimal_places=2, required=False, allow_null=True
        )
        candidates_min = small_int(required=False, allow_null=True)
        candidates_max = small_int(required=False, allow_null=True)
        successive_reduction = serializers.BooleanField(required=False)
        termination_option = serializers.BooleanField(required=False)
        termination_conditions = TextField(required=False, allow_blank=True)
        horizon_years = small_int(required=False, allow_null=True)

    OutputSerializer = out.ProcedureDetailOut

    def perform(self, *, request, procedure, data, now, **path):
        changes = {k: v for k, v in data.items() if k in PREPARATION_FIELDS}
        return services.preparation_update(
            procedure=procedure, now=now, actor=request.user, **changes
        )


class ProcedureBuyerAddApi(Endpoint):
    """Add a buyer (joint procurement, Art. 38 and 39)"""

    tag = "preparation"
    example = {"authority": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "role": "deelnemer"}

    class InputSerializer(serializers.Serializer):
        authority = serializers.UUIDField()
        role = TextField(max_length=200, required=False, allow_blank=True, default="")

    OutputSerializer = out.BuyerLinkOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.procedure_buyer_add(
            procedure=procedure,
            authority=organisation(data["authority"], field="authority"),
            role=data["role"],
            now=now,
            actor=request.user,
        )


class ProcedureChoiceRecordApi(Endpoint):
    """Record why this procedure type was chosen, and the alternatives weighed"""

    status_code = 200
    tag = "preparation"
    example = {"reasons": "De oplossing bestaat nog niet.", "alternatives": ["pcp"]}

    class InputSerializer(serializers.Serializer):
        reasons = TextField()
        alternatives = serializers.ListField(
            child=serializers.ChoiceField(choices=sorted(KNOWN_PROCEDURE_CHOICES)),
            max_length=10,
            default=list,
        )

    OutputSerializer = out.ProcedureDetailOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.procedure_choice_record(
            procedure=procedure,
            reasons=data["reasons"],
            alternatives=data["alternatives"],
            now=now,
            actor=request.user,
        )


class ConsultationRecordApi(Endpoint):
    """Record a market consultation"""

    tag = "preparation"
    example = {
        "kind": "information_meeting",
        "held_on": "2024-01-05",
        "learned": "Er is interesse.",
    }

    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=MarketConsultationEntry.Kind.values)
        held_on = DateInRangeField()
        learned = TextField()
        with_whom = TextField(required=False, allow_blank=True, default="")
        participants = serializers.IntegerField(
            min_value=0, max_value=1_000_000, required=False, allow_null=True
        )

    OutputSerializer = out.ConsultationOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.consultation_record(
            procedure=procedure, now=now, actor=request.user, **data
        )


class RequirementAddApi(Endpoint):
    """Add a requirement to the description of need

    `is_minimum` marks a minimum requirement that every tender must meet (Art. 31(1))."""

    tag = "preparation"
    example = {"text": "Meet het hele jaar door.", "is_minimum": True}

    class InputSerializer(serializers.Serializer):
        text = TextField()
        is_minimum = serializers.BooleanField(default=False)

    OutputSerializer = out.RequirementOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.requirement_add(procedure=procedure, now=now, actor=request.user, **data)


class RequirementChangeApi(Endpoint):
    """Change a requirement

    Before the notice a plain edit. After it a minimum requirement cannot change (Art. 31(3));
    another change goes to every remaining tenderer with a new deadline (Art. 31(4))."""

    method = "patch"
    status_code = 200
    tag = "preparation"
    example = {
        "text": "Rapporteert wekelijks.",
        "resubmission_deadline": "2024-03-01T12:00:00+01:00",
        "explanation": "Frequentie aangepast.",
    }

    class InputSerializer(serializers.Serializer):
        text = TextField()
        resubmission_deadline = AwareDateTimeField(required=False, allow_null=True)
        explanation = TextField(required=False, allow_blank=True, default="")

    OutputSerializer = out.RequirementOut

    def perform(self, *, request, procedure, data, now, req, **path):
        requirement = member_of(
            procedure.requirements, req, what="eis", code="requirement-not-found"
        )
        return services.requirement_change(
            requirement=requirement, now=now, actor=request.user, **data
        )


class SelectionCriterionAddApi(Endpoint):
    """Add a selection criterion

    An innovation partnership needs one on research and development capacity (Art. 31(6))."""

    tag = "preparation"
    example = {"text": "Capaciteit voor O&O.", "covers_rd_capacity": True}

    class InputSerializer(serializers.Serializer):
        text = TextField()
        covers_rd_capacity = serializers.BooleanField(default=False)

    OutputSerializer = out.SelectionCriterionOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.selection_criterion_add(
            procedure=procedure, now=now, actor=request.user, **data
        )


class AwardCriterionAddApi(Endpoint):
    """Add an award criterion with its weight

    Best price-quality ratio (Art. 31(1), 67); fixed by the notice (Art. 31(3))."""

    tag = "preparation"
    example = {"name": "Kwaliteit", "kind": "quality", "weight": "60"}

    class InputSerializer(serializers.Serializer):
        name = TextField(max_length=200)
        kind = serializers.ChoiceField(choices=["quality", "price", "cost"])
        weight = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0)
        scale_min = serializers.DecimalField(max_digits=6, decimal_places=2, default=0)
        scale_max = serializers.DecimalField(max_digits=6, decimal_places=2, default=10)
        description = TextField(required=False, allow_blank=True, default="")

    OutputSerializer = out.AwardCriterionOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.award_criterion_add(
            procedure=procedure, now=now, actor=request.user, **data
        )


class AwardCriterionChangeApi(Endpoint):
    """Change an award criterion's name or weight (before the notice only)"""

    method = "patch"
    status_code = 200
    tag = "preparation"
    example = {"weight": "70"}

    class InputSerializer(serializers.Serializer):
        name = TextField(max_length=200, required=False)
        weight = serializers.DecimalField(
            max_digits=6, decimal_places=2, min_value=0, required=False
        )

    OutputSerializer = out.AwardCriterionOut

    def perform(self, *, request, procedure, data, now, crit, **path):
        criterion = member_of(
            procedure.award_criteria, crit, what="gunningscriterium", code="criterion-not-found"
        )
        return services.award_criterion_change(
            criterion=criterion, now=now, actor=request.user, **data
        )


class TargetIn(serializers.Serializer):
    text = TextField()
    is_minimum = serializers.BooleanField(default=True)


class InstalmentIn(serializers.Serializer):
    description = TextField(max_length=300)
    amount = money()


class PhasePlanAddApi(Endpoint):
    """Add a phase of the partnership with its targets, instalments and gate (Art. 31(2))"""

    tag = "preparation"
    example = {
        "number": 1,
        "name": "Haalbaarheid",
        "gate_kind": "mini_competition",
        "gate_continue_count": 1,
        "targets": [{"text": "Prototype meet 90% juist", "is_minimum": True}],
        "instalments": [{"description": "Termijn fase 1", "amount": "50000.00"}],
    }

    class InputSerializer(serializers.Serializer):
        number = small_int(min_value=1)
        name = TextField(max_length=200)
        gate_kind = serializers.ChoiceField(choices=PhasePlan.GateKind.values)
        targets = TargetIn(many=True, required=False, default=list)
        instalments = InstalmentIn(many=True, required=False, default=list)
        description = TextField(required=False, allow_blank=True, default="")
        duration_months = small_int(required=False, allow_null=True)
        budget_per_partner = money(required=False, allow_null=True)
        gate_continue_count = small_int(required=False, allow_null=True)
        gate_criteria = TextField(required=False, allow_blank=True, default="")

    OutputSerializer = out.PhasePlanOut

    def perform(self, *, request, procedure, data, now, **path):
        data = dict(data)
        data["targets"] = [(t["text"], t["is_minimum"]) for t in data["targets"]]
        data["instalments"] = [(i["description"], i["amount"]) for i in data["instalments"]]
        return services.phase_plan_add(procedure=procedure, now=now, actor=request.user, **data)


class PerformanceLevelAddApi(Endpoint):
    """Add a performance level agreed for the purchase phase (Art. 31(2))"""

    tag = "preparation"
    example = {"name": "nauwkeurigheid", "target": "90", "unit": "%"}

    class InputSerializer(serializers.Serializer):
        name = TextField(max_length=200)
        target = serializers.DecimalField(max_digits=14, decimal_places=4)
        unit = TextField(max_length=50, required=False, allow_blank=True, default="")
        higher_is_better = serializers.BooleanField(default=True)

    OutputSerializer = out.PerformanceLevelOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.performance_level_add(
            procedure=procedure, now=now, actor=request.user, **data
        )


class PurchaseItemAddApi(Endpoint):
    """Add what may be bought in the purchase phase, with its maximum unit price"""

    tag = "preparation"
    example = {"name": "Meetjaar", "max_unit_price": "100000.00", "expected_quantity": "5"}

    class InputSerializer(serializers.Serializer):
        name = TextField(max_length=200)
        max_unit_price = money()
        unit = TextField(max_length=50, required=False, default="stuk")
        expected_quantity = serializers.DecimalField(
            max_digits=14, decimal_places=2, required=False, allow_null=True
        )

    OutputSerializer = out.PurchaseItemOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.purchase_item_add(procedure=procedure, now=now, actor=request.user, **data)


class NoticePublishApi(Endpoint):
    """Publish the contract notice

    Checks every publication rule (complete documents, award criteria, candidate limits, the
    R&D selection criterion, the 30-day time limit of Art. 31(1)) and opens the procedure."""

    tag = "preparation"
    example = {"requests_deadline": "2024-02-12T12:00:00+01:00", "channel": "tenderned"}

    class InputSerializer(serializers.Serializer):
        requests_deadline = AwareDateTimeField()
        channel = serializers.ChoiceField(choices=Procedure.Channel.choices)
        call_type = serializers.CharField(max_length=40, default=CALL_CONTRACT_NOTICE)

    OutputSerializer = out.NoticeOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.notice_publish(procedure=procedure, now=now, actor=request.user, **data)


class NoticePinPublishApi(Endpoint):
    """Publish a prior information notice (does not open the procedure)"""

    tag = "preparation"
    example = {"channel": "tenderned", "summary": "Voorgenomen innovatiepartnerschap."}

    class InputSerializer(serializers.Serializer):
        channel = serializers.ChoiceField(choices=Procedure.Channel.choices)
        summary = TextField(required=False, allow_blank=True, default="")

    OutputSerializer = out.NoticeOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.notice_pin_publish(procedure=procedure, now=now, actor=request.user, **data)


class ReasonIn(serializers.Serializer):
    reason = TextField()


class ProcedureCancelApi(Endpoint):
    """Cancel the procedure, with the reason"""

    status_code = 200
    tag = "procedures"
    example = {"reason": "Het budget is vervallen."}
    InputSerializer = ReasonIn
    OutputSerializer = out.ProcedureOut

    def perform(self, *, request, procedure, data, now, **path):
        return services.procedure_cancel(
            procedure=procedure, reason=data["reason"], now=now, actor=request.user
        )


class ProcedureCompleteApi(Endpoint):
    """Close the procedure at its natural end

    The award notice must be out first (Art. 50)."""

    status_code = 200
    tag = "procedures"
    example = {"reason": "Afname afgerond."}
    InputSerializer = ReasonIn
    OutputSerializer = out.ProcedureOut

    def perform(self, *, request, procedure, data, now, **path):
        return partnership.procedure_complete(
            procedure=procedure, reason=data["reason"], now=now, actor=request.user
        )
