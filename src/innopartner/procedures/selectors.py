from __future__ import annotations

from .models import Procedure
from .rules import DocumentFacts


def document_facts(procedure: Procedure) -> DocumentFacts:
    """The facts of the documents that the publication rules check."""
    phases = [
        (phase.targets.count(), phase.instalments.count())
        for phase in procedure.phase_plans.order_by("number")
    ]
    return DocumentFacts(
        need_description=procedure.need_description,
        minimum_requirement_count=procedure.requirements.filter(is_minimum=True).count(),
        award_criteria=[(c.kind, c.weight) for c in procedure.award_criteria.all()],
        ip_arrangement=procedure.ip_arrangement,
        phases=phases,
        partner_structure=procedure.partner_structure,
        termination_option=procedure.termination_option,
        termination_conditions=procedure.termination_conditions,
        successive_reduction_declared=procedure.successive_reduction,
        candidates_min=procedure.candidates_min,
        candidates_max=procedure.candidates_max,
        selection_criteria_rd=[c.covers_rd_capacity for c in procedure.selection_criteria.all()],
        estimated_rd_value=procedure.estimated_rd_value,
        estimated_purchase_value=procedure.estimated_purchase_value,
        proportionality_justification=procedure.proportionality_justification,
    )


def procedure_by_ref(ref: str) -> Procedure:
    """A procedure by its id or, for loaded cases, its case slug."""
    import uuid

    from innopartner.core.exceptions import NotFound

    try:
        return Procedure.objects.get(pk=uuid.UUID(str(ref)))
    except (ValueError, Procedure.DoesNotExist):
        pass
    try:
        return Procedure.objects.get(slug=ref)
    except Procedure.DoesNotExist:
        raise NotFound(
            f"Geen procedure met id of code '{ref}'.", code="procedure-not-found"
        ) from None
