from django.contrib import admin

from innopartner.core.admin import ReadOnlyAdmin, ReadOnlyInline, register_read_only

from . import models


class BuyerInline(ReadOnlyInline):
    model = models.ProcedureBuyer


class RequirementInline(ReadOnlyInline):
    model = models.Requirement


class AwardCriterionInline(ReadOnlyInline):
    model = models.AwardCriterion


class PhasePlanInline(ReadOnlyInline):
    model = models.PhasePlan
    fields = ["number", "name", "gate_kind", "gate_continue_count", "budget_per_partner"]


class StageChangeInline(ReadOnlyInline):
    model = models.StageChange


@admin.register(models.Procedure)
class ProcedureAdmin(ReadOnlyAdmin):
    list_display = ["title", "slug", "procedure_type", "stage", "requests_deadline"]
    list_filter = ["procedure_type", "stage"]
    search_fields = ["title", "slug", "reference"]
    inlines = [
        BuyerInline,
        RequirementInline,
        AwardCriterionInline,
        PhasePlanInline,
        StageChangeInline,
    ]


register_read_only(
    models.MarketConsultationEntry,
    models.SelectionCriterion,
    models.IntermediateTarget,
    models.PlannedInstalment,
    models.PerformanceLevel,
    models.PurchaseItem,
    models.Notice,
    models.DocumentChange,
)


@admin.register(models.DecisionLetter)
class DecisionLetterAdmin(ReadOnlyAdmin):
    list_display = ["procedure", "addressee", "kind", "sent_at", "standstill_ends"]
    list_filter = ["kind"]
