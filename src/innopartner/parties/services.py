"""Services for organisations, consortia and the people who act for them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.db import transaction

from innopartner.audit.services import audit_record, snapshot
from innopartner.core.exceptions import InvalidInput, NotAllowed

from . import rules
from .models import ConsortiumMember, Membership, Organisation


def _ensure_name_free(name: str, kind: str) -> None:
    rules.ensure_organisation_name_free(
        name=name, kind=kind, taken=Organisation.objects.filter(name=name, kind=kind).exists()
    )


@transaction.atomic
def authority_create(
    *,
    name: str,
    authority_type: str,
    now: dt.datetime,
    actor=None,
    country: str = "NL",
    kvk_number: str = "",
) -> Organisation:
    if authority_type not in Organisation.AuthorityType.values:
        raise InvalidInput(
            f"Onbekend soort overheid: {authority_type}", code="authority-type-unknown"
        )
    if kvk_number:
        kvk_number = rules.normalise_kvk_number(kvk_number)
    _ensure_name_free(name, Organisation.Kind.AUTHORITY)
    authority = Organisation.objects.create(
        name=name,
        kind=Organisation.Kind.AUTHORITY,
        authority_type=authority_type,
        country=country,
        kvk_number=kvk_number,
        created_at=now,
    )
    audit_record(
        actor=actor,
        action="organisation.created",
        subject=authority,
        at=now,
        after=snapshot(authority, "name", "kind", "authority_type", "country"),
    )
    return authority


@transaction.atomic
def operator_create(
    *,
    name: str,
    now: dt.datetime,
    actor=None,
    country: str = "NL",
    kvk_number: str = "",
    foreign_registration: str = "",
    is_sme: bool = False,
) -> Organisation:
    """Register an economic operator: a Dutch company by KvK number, a foreign one by its
    own registration."""
    if kvk_number:
        kvk_number = rules.normalise_kvk_number(kvk_number)
    rules.ensure_registration(
        country=country, kvk_number=kvk_number, foreign_registration=foreign_registration
    )
    _ensure_name_free(name, Organisation.Kind.OPERATOR)
    operator = Organisation.objects.create(
        name=name,
        kind=Organisation.Kind.OPERATOR,
        country=country,
        kvk_number=kvk_number,
        foreign_registration=foreign_registration,
        is_sme=is_sme,
        created_at=now,
    )
    audit_record(
        actor=actor,
        action="operator.registered",
        subject=operator,
        at=now,
        after=snapshot(operator, "name", "country", "kvk_number", "foreign_registration"),
    )
    return operator


@transaction.atomic
def consortium_create(
    *,
    name: str,
    lead: Organisation,
    members: Sequence[Organisation],
    now: dt.datetime,
    actor=None,
) -> Organisation:
    """A combination of operators bidding together, with one lead member (penvoerder)."""
    everyone = [lead, *[m for m in members if m.pk != lead.pk]]
    for member in everyone:
        if member.kind != Organisation.Kind.OPERATOR:
            raise InvalidInput(
                f"{member} is geen ondernemer en kan geen lid van een combinatie zijn.",
                code="consortium-member-not-operator",
            )
    rules.ensure_consortium_composition(member_count=len(everyone), lead_count=1)
    consortium = Organisation.objects.create(
        name=name,
        kind=Organisation.Kind.CONSORTIUM,
        country=lead.country,
        created_at=now,
        is_sme=all(m.is_sme for m in everyone),
    )
    for member in everyone:
        ConsortiumMember.objects.create(
            consortium=consortium, member=member, is_lead=member.pk == lead.pk
        )
    audit_record(
        actor=actor,
        action="consortium.formed",
        subject=consortium,
        at=now,
        after={"name": name, "lead": lead.name, "members": [m.name for m in everyone]},
    )
    return consortium


@transaction.atomic
def consortium_form(
    *,
    name: str,
    lead: Organisation,
    members: Sequence[Organisation],
    now: dt.datetime,
    actor,
) -> Organisation:
    """A supplier user forms a consortium for its own company as lead member (penvoerder).

    Only someone who acts for the lead may form it: the lead speaks for the group (Art. 19(2)
    Dir. 2014/24/EU), and a company must not be made lead of a group by an outsider. The other
    members are named, as in a request to participate; the composition rules are
    ``consortium_create``'s."""
    if not name.strip():
        raise InvalidInput("Een combinatie heeft een naam.", code="consortium-name-missing")
    acts_for_lead = (
        getattr(actor, "pk", None) is not None
        and Membership.objects.filter(
            user=actor, organisation=lead, role=Membership.Role.SUPPLIER
        ).exists()
    )
    if not acts_for_lead:
        raise NotAllowed(
            f"{getattr(actor, 'username', actor)} handelt niet namens {lead} en kan geen "
            "combinatie met hen als penvoerder vormen.",
            code="not-acting-for-lead",
        )
    return consortium_create(name=name, lead=lead, members=members, now=now, actor=actor)


@transaction.atomic
def person_add(
    *,
    username: str,
    organisation: Organisation,
    role: str,
    now: dt.datetime,
    actor=None,
    password: str | None = None,
    full_name: str = "",
    email: str = "",
):
    """Create (or reuse) a user account and let it act for the organisation in the role."""
    if role not in Membership.Role.values:
        raise InvalidInput(f"Onbekende rol: {role}", code="role-unknown")
    supplier_side = role == Membership.Role.SUPPLIER
    if supplier_side != organisation.is_economic_operator:
        raise InvalidInput(
            f"De rol {role} past niet bij {organisation} ({organisation.kind}).",
            code="role-does-not-fit-organisation",
        )
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"email": email})
    if created:
        first, _, last = full_name.partition(" ")
        user.first_name, user.last_name = first[:150], last[:150]
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    membership, _ = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    audit_record(
        actor=actor,
        action="membership.granted",
        subject=membership,
        at=now,
        after={"user": username, "organisation": organisation.name, "role": role},
    )
    return user


@transaction.atomic
def membership_end(
    *,
    user,
    organisation: Organisation,
    role: str,
    now: dt.datetime,
    actor=None,
    note: str = "",
) -> None:
    """The person no longer acts for the organisation in the role (left, changed jobs). The
    account stays, with its other roles; what the person did stays in the audit trail."""
    from innopartner.core.exceptions import NotFound

    membership = (
        Membership.objects.select_for_update()
        .filter(user=user, organisation=organisation, role=role)
        .first()
    )
    if membership is None:
        raise NotFound(
            f"{user.username} handelt niet namens {organisation} als {role} (no such role).",
            code="membership-not-found",
        )
    audit_record(
        actor=actor,
        action="membership.ended",
        subject=membership,
        at=now,
        before={"user": user.username, "organisation": organisation.name, "role": role},
        note=note,
    )
    membership.delete()


@transaction.atomic
def second_factor_reset(*, user, now: dt.datetime, actor=None, note: str = "") -> int:
    """A lost or replaced phone: remove every second-factor device of the person, so that the
    next sign-in asks them to set up a new one (web.middleware asks buyer staff, evaluators,
    auditors and admin staff for it). A session verified with a removed device is no longer
    verified: django-otp finds its device gone. Returns how many devices were removed; with
    none there is nothing to record."""
    from django_otp import devices_for_user

    devices = list(devices_for_user(user, confirmed=None))
    if not devices:
        return 0
    audit_record(
        actor=actor,
        action="person.second_factor_reset",
        subject=user,
        at=now,
        before={
            "user": user.username,
            "devices": [f"{d._meta.label}:{d.name}" for d in devices],
        },
        note=note,
    )
    for device in devices:
        device.delete()
    return len(devices)
