from __future__ import annotations

from .models import Membership, Organisation


def organisations_of(*, user, role: str | None = None) -> list[Organisation]:
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    if role:
        memberships = memberships.filter(role=role)
    return [m.organisation for m in memberships]


def has_role(*, user, organisation: Organisation, roles) -> bool:
    return Membership.objects.filter(
        user=user, organisation=organisation, role__in=list(roles)
    ).exists()


def operator_and_consortia_of(operator: Organisation) -> set:
    """An operator acts through itself and every consortium it belongs to."""
    ids = {operator.pk}
    ids.update(operator.consortium_links.values_list("consortium_id", flat=True))
    return ids
