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


def procedure_classification(procedure: Procedure) -> dict[str, object]:
    """[19] How the procedure is named in eForms (BT-105), legacy TED forms and OCDS; the
    exporters read it from here. BT-120 'no negotiation necessary' is false whenever the type
    makes negotiation mandatory (Art. 31(3))."""
    ptype = procedure.type
    return {
        "eforms_procedure_code": ptype.eforms_procedure_code,
        "eforms_no_negotiation_necessary": False if ptype.negotiation_mandatory else None,
        "ted_legacy_element": ptype.ted_legacy_element,
        "ocds_procurement_method": ptype.ocds_procurement_method,
        "ocds_procurement_method_details": ptype.ocds_procurement_method_details,
    }


def estimated_value(procedure: Procedure):
    """[16] Art. 5(10): R&D over all phases plus the purchase, excluding VAT."""
    from .rules import threshold_value

    if procedure.estimated_rd_value is None or procedure.estimated_purchase_value is None:
        return None
    return threshold_value(
        rd_value=procedure.estimated_rd_value, purchase_value=procedure.estimated_purchase_value
    )
