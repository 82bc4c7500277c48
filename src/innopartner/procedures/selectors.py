from __future__ import annotations

from .models import Procedure
from .permissions import is_auditor, supplier_operator_ids
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


# Reads for the API and the web interface: who may see which procedure ----------------------


def _staff_authority_ids(user) -> list:
    """Organisations for which the user works as buyer staff or evaluator."""
    from innopartner.parties.models import Membership

    from .permissions import BUYER_ROLES

    return list(
        Membership.objects.filter(
            user=user, role__in=[*BUYER_ROLES, Membership.Role.EVALUATOR]
        ).values_list("organisation_id", flat=True)
    )


def procedures_visible_to(*, user):
    """Published procedures for every signed-in user; unpublished ones only for the staff of
    their buyers and for auditors."""
    from django.db.models import Q

    procedures = Procedure.objects.all()
    if getattr(user, "pk", None) is None:
        return procedures.none()
    if is_auditor(user):
        return procedures
    own = Procedure.objects.filter(buyers__authority_id__in=_staff_authority_ids(user))
    return procedures.filter(Q(notice_dispatched_at__isnull=False) | Q(pk__in=own.values("pk")))


def procedure_visible_to(*, user, ref: str) -> Procedure:
    """A procedure by id or case code, if the user may see it; otherwise 'not found', so that
    an unpublished procedure's existence is not given away."""
    from innopartner.core.exceptions import NotFound

    if not ref or len(ref) > 100 or "\x00" in ref:
        raise NotFound(f"Geen procedure met id of code '{ref[:100]}'.", code="procedure-not-found")
    procedure = procedure_by_ref(ref)
    if not procedures_visible_to(user=user).filter(pk=procedure.pk).exists():
        raise NotFound(f"Geen procedure met id of code '{ref}'.", code="procedure-not-found")
    return procedure


def may_read_internals(*, user, procedure: Procedure) -> bool:
    """Buyer staff of the procedure and auditors read its internal record (preparation,
    funnel, audit trail, every letter)."""
    from .permissions import is_buyer_staff

    return is_buyer_staff(procedure=procedure, user=user) or is_auditor(user)


def letters_visible_to(*, user, procedure: Procedure | None = None):
    """Decision letters: a supplier sees those addressed to its own company or its consortia;
    buyer staff see every letter of their procedures; auditors see all."""
    from django.db.models import Q

    from .models import DecisionLetter

    letters = DecisionLetter.objects.select_related("addressee", "procedure")
    if procedure is not None:
        letters = letters.filter(procedure=procedure)
    if is_auditor(user):
        return letters
    from innopartner.parties.models import Membership

    from .permissions import BUYER_ROLES

    buyer_orgs = Membership.objects.filter(user=user, role__in=BUYER_ROLES).values(
        "organisation_id"
    )
    return letters.filter(
        Q(addressee_id__in=supplier_operator_ids(user))
        | Q(procedure__buyers__authority_id__in=buyer_orgs)
    ).distinct()


def next_deadline(procedure: Procedure, *, now) -> dict | None:
    """The first deadline still ahead: requests, a round's tenders, a resubmission after a
    change, the end of the standstill period, the award notice."""
    import datetime as dt

    from innopartner.core.timeutil import AMSTERDAM

    from .types import Stage

    candidates: list[tuple[object, str]] = []
    if procedure.stage == Stage.REQUESTS_OPEN and procedure.requests_deadline:
        candidates.append((procedure.requests_deadline, "requests"))
    last = procedure.rounds.order_by("-number").first()
    if last is not None and not last.openings.exists():
        candidates.append((last.deadline, f"round_{last.number}_tenders"))
    for change in procedure.document_changes.filter(resubmission_deadline__gt=now):
        candidates.append((change.resubmission_deadline, "resubmission"))
    decision = getattr(procedure, "award_decision", None)
    if procedure.stage == Stage.STANDSTILL and decision is not None:
        earliest = dt.datetime.combine(decision.earliest_signing, dt.time(), tzinfo=AMSTERDAM)
        candidates.append((earliest, "standstill_end"))
    agreement = getattr(procedure, "agreement", None)
    if agreement is not None and not procedure.notices.filter(kind="contract_award").exists():
        candidates.append((agreement.award_notice_due, "award_notice"))
    ahead = sorted((at, what) for at, what in candidates if at > now)
    if not ahead:
        return None
    at, what = ahead[0]
    return {"what": what, "at": at}
