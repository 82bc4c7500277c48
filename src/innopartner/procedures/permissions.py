"""Who may act for a procedure. Services call these; views and the API never decide alone."""

from __future__ import annotations

from innopartner.core.exceptions import NotAllowed
from innopartner.parties.models import ConsortiumMember, Membership, Organisation

BUYER_ROLES = (Membership.Role.PROCUREMENT_OFFICER, Membership.Role.PROJECT_LEADER)


def buyer_organisation_ids(procedure) -> list:
    return list(procedure.buyers.values_list("authority_id", flat=True))


def is_buyer_staff(*, procedure, user) -> bool:
    if user is None or getattr(user, "pk", None) is None:
        return False
    return Membership.objects.filter(
        user=user, role__in=BUYER_ROLES, organisation_id__in=buyer_organisation_ids(procedure)
    ).exists()


def ensure_buyer_staff(*, procedure, user) -> None:
    """Only procurement officers and project leaders of one of the procedure's buyers act for
    the buyer side."""
    if not is_buyer_staff(procedure=procedure, user=user):
        raise NotAllowed(
            f"{getattr(user, 'username', user)} handelt niet namens een aanbestedende dienst van "
            "deze procedure.",
            code="not-buyer-staff",
        )


def is_evaluator(*, procedure, user) -> bool:
    return Membership.objects.filter(
        user=user,
        role=Membership.Role.EVALUATOR,
        organisation_id__in=buyer_organisation_ids(procedure),
    ).exists()


def ensure_evaluator(*, procedure, user) -> None:
    if not (is_evaluator(procedure=procedure, user=user)):
        raise NotAllowed(
            f"{getattr(user, 'username', user)} is geen beoordelaar bij deze procedure.",
            code="not-evaluator",
        )


def ensure_acts_for_operator(*, user, operator: Organisation) -> None:
    """A supplier user acts for its own company, or for a consortium of which its company is a
    member."""
    if user is None:
        raise NotAllowed("Niet aangemeld.", code="not-authenticated")
    own = set(
        Membership.objects.filter(user=user, role=Membership.Role.SUPPLIER).values_list(
            "organisation_id", flat=True
        )
    )
    if operator.pk in own:
        return
    if (
        operator.kind == Organisation.Kind.CONSORTIUM
        and operator.member_links.filter(member_id__in=own).exists()
    ):
        return
    raise NotAllowed(
        f"{getattr(user, 'username', user)} handelt niet namens {operator}.",
        code="not-acting-for-operator",
    )


def is_auditor(user) -> bool:
    """An auditor (role ``auditor`` in any organisation, e.g. an audit office) reads every
    procedure and changes nothing: no service ever asks for an auditor."""
    if user is None or getattr(user, "pk", None) is None:
        return False
    return Membership.objects.filter(user=user, role=Membership.Role.AUDITOR).exists()


def supplier_operator_ids(user) -> set:
    """The operators a supplier user acts for: its own companies and their consortia."""
    if user is None or getattr(user, "pk", None) is None:
        return set()
    own = set(
        Membership.objects.filter(user=user, role=Membership.Role.SUPPLIER).values_list(
            "organisation_id", flat=True
        )
    )
    own |= set(
        ConsortiumMember.objects.filter(member_id__in=own).values_list("consortium_id", flat=True)
    )
    return own
