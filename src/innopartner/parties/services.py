"""Services for organisations, consortia and the people who act for them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from innopartner.audit.services import audit_record, snapshot
from innopartner.core.exceptions import InvalidInput, NotAllowed, RuleViolation

from . import rules
from .models import ConsortiumMember, Membership, Organisation


def _ensure_name_free(name: str, kind: str) -> None:
    rules.ensure_organisation_name_free(
        name=name, kind=kind, taken=Organisation.objects.filter(name=name, kind=kind).exists()
    )


def _registered_operator_exists(
    *, country: str, kvk_number: str, foreign_registration: str
) -> bool:
    """Whether an organisation with this KvK number, or this foreign registration in this
    country (whatever its case), is already registered."""
    known = Organisation.objects.none()
    if kvk_number:
        known = Organisation.objects.filter(kvk_number=kvk_number)
    if foreign_registration:
        known = known | Organisation.objects.filter(
            country=country, foreign_registration__iexact=foreign_registration
        )
    return known.exists()


def _already_registered() -> RuleViolation:
    return RuleViolation(
        "Dit bedrijf is al geregistreerd. Vraag een collega van uw bedrijf u toe te voegen "
        "op de pagina Medewerkers (this company is already registered: ask a colleague to "
        "add you on the colleagues page).",
        code="operator-already-registered",
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
    country = (country or "").strip().upper()
    _ensure_name_free(name, Organisation.Kind.AUTHORITY)
    refusal = RuleViolation(
        f"KvK-nummer {kvk_number} hoort al bij een andere organisatie (this KvK number is "
        "already registered).",
        code="kvk-number-taken",
    )
    if kvk_number and _registered_operator_exists(
        country=country, kvk_number=kvk_number, foreign_registration=""
    ):
        raise refusal
    try:
        with transaction.atomic():  # the constraint holds it in a race (see operator_create)
            authority = Organisation.objects.create(
                name=name,
                kind=Organisation.Kind.AUTHORITY,
                authority_type=authority_type,
                country=country,
                kvk_number=kvk_number,
                created_at=now,
            )
    except IntegrityError:
        raise refusal from None
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
    # Stored as checked: the constraint compares what is stored.
    foreign_registration = (foreign_registration or "").strip()
    rules.ensure_registration(
        country=country, kvk_number=kvk_number, foreign_registration=foreign_registration
    )
    if not (name or "").strip():
        raise InvalidInput(
            "Een organisatie heeft een naam (an organisation needs a name).",
            code="organisation-name-missing",
        )
    # A company is known by its registration, not by its name: two companies may trade under
    # the same name, and a name must not be reserved by whoever signs up first.
    if _registered_operator_exists(
        country=country, kvk_number=kvk_number, foreign_registration=foreign_registration
    ):
        raise _already_registered()
    try:
        # The check above gives the clear refusal; the database's constraints
        # (organisation_kvk_once, organisation_foreign_registration_once) hold it when two
        # sign-ups pass the check at the same moment. The savepoint keeps the caller's
        # transaction usable, with nothing of this operator stored.
        with transaction.atomic():
            operator = Organisation.objects.create(
                name=name,
                kind=Organisation.Kind.OPERATOR,
                country=country,
                kvk_number=kvk_number,
                foreign_registration=foreign_registration,
                is_sme=is_sme,
                created_at=now,
            )
    except IntegrityError:
        raise _already_registered() from None
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


def set_password_link(user) -> str:
    """An absolute link to the page where ``user`` chooses a password: Django's one-time token
    (PasswordResetTokenGenerator), void once the password changed or after
    PASSWORD_RESET_TIMEOUT."""
    from django.conf import settings
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("web:password_reset_confirm", args=[uid, token])
    return settings.INNOPARTNER_SITE_URL.rstrip("/") + path


def set_password_mail_send(user, *, kind: str, organisation: Organisation | None = None) -> None:
    """Send ``user`` the link to choose a password (``kind``: ``set_password`` for a new
    colleague, ``password_reset`` for a forgotten one). Dutch first, English below, as the
    notifications app writes its mails; the mail names no procedure and carries none of its
    content."""
    from django.conf import settings
    from django.core.mail import EmailMessage

    from innopartner.notifications.services import _render

    subject, body = _render(
        kind,
        {
            "user": user,
            "url": set_password_link(user),
            "organisation": organisation,
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        },
    )
    EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email]
    ).send()


def _email_checked(email: str) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(
            f"'{email}' is geen geldig e-mailadres (not a valid e-mail address).",
            code="email-invalid",
        ) from None
    return email


def _username_checked(username: str) -> str:
    from django.contrib.auth.validators import UnicodeUsernameValidator
    from django.core.exceptions import ValidationError

    username = (username or "").strip()
    try:
        if not username or len(username) > 150:
            raise ValidationError("length")
        UnicodeUsernameValidator()(username)
    except ValidationError:
        raise InvalidInput(
            "Een gebruikersnaam heeft 1 tot 150 tekens: letters, cijfers en @ . + - _ "
            "(a username has 1 to 150 letters, digits and @ . + - _).",
            code="username-invalid",
        ) from None
    return username


@transaction.atomic
def colleague_add(
    *,
    actor,
    organisation: Organisation,
    username: str,
    email: str,
    role: str,
    now: dt.datetime,
    full_name: str = "",
):
    """A member adds a colleague to its own organisation in a role it may grant
    (``rules.ensure_may_grant``, no article: practice). A new person gets an account without
    password and a mail with a link to choose one; a known account is reused only when the
    e-mail address typed is its own, so that nobody adds a stranger's account by guessing its
    username."""
    granter_roles = list(
        Membership.objects.filter(user=actor, organisation=organisation).values_list(
            "role", flat=True
        )
    )
    rules.ensure_may_grant(granter_roles=granter_roles, role=role)
    username = _username_checked(username)
    email = _email_checked(email)
    User = get_user_model()
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        if existing.email.strip().lower() != email.lower():
            raise InvalidInput(
                f"De gebruikersnaam '{username}' is al in gebruik door iemand anders; kies een "
                "andere (this username is taken).",
                code="username-taken",
            )
        if Membership.objects.filter(user=existing, organisation=organisation, role=role).exists():
            raise InvalidInput(
                f"{username} handelt al in deze rol voor {organisation} (already a member in "
                "this role).",
                code="colleague-already-member",
            )
    user = person_add(
        username=username,
        organisation=organisation,
        role=role,
        now=now,
        actor=actor,
        full_name=full_name.strip(),
        email=email,
    )
    audit_record(
        actor=actor,
        action="colleague.added",
        subject=organisation,
        at=now,
        after={"user": username, "role": role, "new_account": existing is None},
    )
    if not user.has_usable_password():
        set_password_mail_send(user, kind="set_password", organisation=organisation)
    return user


@transaction.atomic
def supplier_register(
    *,
    company_name: str,
    full_name: str,
    email: str,
    username: str,
    password: str,
    now: dt.datetime,
    country: str = "NL",
    kvk_number: str = "",
    foreign_registration: str = "",
    is_sme: bool = False,
):
    """A company signs itself up: the economic operator (``operator_create``) and its first
    supplier user (``person_add``), in one transaction. A company that is already registered
    is refused: the first person of a company is its only one who enters without a colleague,
    otherwise anyone could act for a competitor by typing its KvK number."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    company_name = (company_name or "").strip()
    if not company_name:
        raise InvalidInput("Vul de naam van het bedrijf in.", code="company-name-missing")
    if kvk_number:
        kvk_number = rules.normalise_kvk_number(kvk_number)
    foreign_registration = (foreign_registration or "").strip()
    country = (country or "").strip().upper()
    rules.ensure_registration(
        country=country, kvk_number=kvk_number, foreign_registration=foreign_registration
    )
    username = _username_checked(username)
    email = _email_checked(email)
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise InvalidInput(
            f"De gebruikersnaam '{username}' is al in gebruik; kies een andere (this username "
            "is taken).",
            code="username-taken",
        )
    first, _, last = full_name.strip().partition(" ")
    try:
        validate_password(
            password, user=User(username=username, email=email, first_name=first, last_name=last)
        )
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), code="password-weak") from None
    operator = operator_create(
        name=company_name,
        now=now,
        country=country,
        kvk_number=kvk_number,
        foreign_registration=foreign_registration,
        is_sme=is_sme,
    )
    user = person_add(
        username=username,
        organisation=operator,
        role=Membership.Role.SUPPLIER,
        now=now,
        password=password,
        full_name=full_name.strip(),
        email=email,
    )
    audit_record(
        actor=user,
        action="supplier.registered",
        subject=operator,
        at=now,
        after={"user": username, "operator": operator.name},
    )
    return user
