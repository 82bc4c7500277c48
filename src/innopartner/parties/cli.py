"""``innopartner organisation ...`` and ``innopartner person ...`` (hooked in by innopartner.cli):
the IT staff of an installation register the organisations and the people who act for them.

    innopartner organisation add authority NAME --type TYPE [--kvk N] [--country XX] [--data DIR]
    innopartner organisation add operator NAME (--kvk N | --country XX --registration R) [--sme]
    innopartner organisation list [--json] [--data DIR]
    innopartner person add USERNAME --organisation NAME|ID --role ROLE [--name "Full Name"]
        [--email E] [--password-stdin | --send-link] [--data DIR]
    innopartner person list [--organisation NAME|ID] [--json] [--data DIR]
    innopartner person remove-role USERNAME --organisation NAME|ID --role ROLE [--data DIR]
    innopartner person second-factor-reset USERNAME [--data DIR]

Every change goes through ``parties.services`` (the same rules as the web pages) and is
recorded in the audit trail with actor "system". A refusal prints ``FOUT <code>: <message>``
and exits 1 with nothing stored. Django is set up inside the handlers, never at import, so that
the parser builds without it.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from typing import Any

#: The note on the audit records this command line writes (where the service takes a note).
NOTE = "via de opdrachtregel (innopartner)"

AUTHORITY_TYPES = [
    "municipality",
    "province",
    "water_board",
    "central",
    "agency",
    "foreign",
    "other",
]
ROLES = ["procurement_officer", "project_leader", "evaluator", "auditor", "supplier"]


def _data_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", metavar="DIR", help="datamap (standaard: $INNOPARTNER_DATA of ./data)")


def _fail(code: str, message: str, article: str = "") -> int:
    print(f"FOUT {code}: {message}" + (f" [{article}]" if article else ""), file=sys.stderr)
    return 1


def _fail_with(error: Any) -> int:
    return _fail(error.code, error.message, getattr(error, "article", "") or "")


def _setup(args: argparse.Namespace) -> None:
    from innopartner.cli import setup_django

    setup_django(data=args.data)


def _now():
    from django.utils import timezone

    return timezone.now()


def organisation_by_ref(ref: str):
    """An organisation by its id (UUID) or its exact name; a name shared by organisations of
    different kinds must be given by id."""
    from innopartner.core.exceptions import InvalidInput, NotFound

    from .models import Organisation

    try:
        found = list(Organisation.objects.filter(pk=uuid.UUID(ref)))
    except ValueError:
        found = list(Organisation.objects.filter(name=ref))
    if not found:
        raise NotFound(
            f"Geen organisatie '{ref}' (no such organisation; see innopartner organisation list).",
            code="organisation-not-found",
        )
    if len(found) > 1:
        ids = ", ".join(f"{o.pk} ({o.kind})" for o in found)
        raise InvalidInput(
            f"Meerdere organisaties heten '{ref}'; geef het id: {ids}.",
            code="organisation-ambiguous",
        )
    return found[0]


def person_by_username(username: str):
    from django.contrib.auth import get_user_model

    from innopartner.core.exceptions import NotFound

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise NotFound(
            f"Geen persoon met gebruikersnaam '{username}' (no such user).",
            code="person-not-found",
        )
    return user


# --- organisation ------------------------------------------------------------------------------


def cmd_organisation_add(args: argparse.Namespace) -> int:
    _setup(args)
    from innopartner.core.exceptions import DomainError

    from . import services

    try:
        if args.kind == "authority":
            organisation = services.authority_create(
                name=args.name.strip(),
                authority_type=args.type,
                country=args.country,
                kvk_number=args.kvk or "",
                now=_now(),
            )
        else:
            organisation = services.operator_create(
                name=args.name.strip(),
                country=args.country,
                kvk_number=args.kvk or "",
                foreign_registration=args.registration or "",
                is_sme=args.sme,
                now=_now(),
            )
    except DomainError as exc:
        return _fail_with(exc)
    print(
        f"organisatie aangemaakt: {organisation.name} ({organisation.kind}), id {organisation.pk}"
    )
    return 0


def _organisation_row(organisation: Any) -> dict[str, Any]:
    return {
        "id": str(organisation.pk),
        "name": organisation.name,
        "kind": organisation.kind,
        "authority_type": organisation.authority_type,
        "country": organisation.country,
        "kvk_number": organisation.kvk_number,
        "foreign_registration": organisation.foreign_registration,
        "is_sme": organisation.is_sme,
        "members": organisation.member_count,
    }


def cmd_organisation_list(args: argparse.Namespace) -> int:
    _setup(args)
    from django.db.models import Count

    from .models import Organisation

    rows = [
        _organisation_row(o)
        for o in Organisation.objects.annotate(
            member_count=Count("memberships__user", distinct=True)
        ).order_by("name", "kind")
    ]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("nog geen organisaties (innopartner organisation add ...)")
    for r in rows:
        registration = r["kvk_number"] and f"KvK {r['kvk_number']}" or r["foreign_registration"]
        kind = r["kind"] + (f" ({r['authority_type']})" if r["authority_type"] else "")
        print(
            f"{r['id']}  {r['name']:<40} {kind:<26} {r['country']} "
            f"{registration or '-':<14} {r['members']} personen"
        )
    return 0


# --- person ------------------------------------------------------------------------------------


def _read_password(args: argparse.Namespace) -> str:
    """The first line of standard input, checked with the installation's password validators
    (AUTH_PASSWORD_VALIDATORS). Never from the command line: it would show in ``ps``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from innopartner.core.exceptions import InvalidInput

    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise InvalidInput(
            "--password-stdin: geen wachtwoord op de standaardinvoer (no password on stdin).",
            code="password-missing",
        )
    try:
        first, _, last = (args.name or "").strip().partition(" ")
        person = get_user_model()(
            username=args.username, email=args.email or "", first_name=first, last_name=last
        )
        validate_password(password, user=person)  # also: not like the name or address
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), code="password-invalid") from exc
    return password


def _check_person_input(args: argparse.Namespace) -> None:
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from innopartner.core.exceptions import InvalidInput

    try:
        get_user_model().username_validator(args.username)
    except ValidationError as exc:
        raise InvalidInput(
            f"'{args.username}' is geen geldige gebruikersnaam: {' '.join(exc.messages)}",
            code="username-invalid",
        ) from exc
    if args.email:
        try:
            validate_email(args.email)
        except ValidationError as exc:
            raise InvalidInput(
                f"'{args.email}' is geen geldig e-mailadres (not a valid e-mail address).",
                code="email-invalid",
            ) from exc


class _MailFailed(Exception):
    pass


def _send_link(user: Any, organisation: Any) -> None:
    """The mail with a one-time link to choose a password (the web's set-password page), as
    the colleagues page sends it; Dutch first, English below."""
    if not user.email:
        from innopartner.core.exceptions import InvalidInput

        raise InvalidInput(
            f"--send-link: {user.username} heeft geen e-mailadres (give --email).",
            code="email-missing",
        )
    from .services import set_password_mail_send

    try:
        set_password_mail_send(user, kind="set_password", organisation=organisation)
    except OSError as exc:  # smtplib's errors and a refused connection are OSErrors
        raise _MailFailed(str(exc)) from exc


def _password_instruction(user: Any) -> str:
    from django.conf import settings
    from django.urls import reverse

    text = (
        "nog geen wachtwoord: laat het instellen met "
        f"`innopartner manage changepassword {user.username}`"
    )
    if user.email:
        page = settings.INNOPARTNER_SITE_URL.rstrip("/") + reverse("web:password_reset")
        text += f", of de persoon vraagt een link aan op {page} met {user.email}"
    return text


def cmd_person_add(args: argparse.Namespace) -> int:
    _setup(args)
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from innopartner.core.exceptions import DomainError

    from . import services

    sent = False
    try:
        _check_person_input(args)
        organisation = organisation_by_ref(args.organisation)
        existing = get_user_model().objects.filter(username=args.username).first()
        if existing is not None and args.password_stdin:
            return _fail(
                "person-exists",
                f"{args.username} bestaat al; het wachtwoord wordt hier niet gewijzigd "
                f"(innopartner manage changepassword {args.username}).",
            )
        password = _read_password(args) if args.password_stdin else None
        # One transaction with the mail: a link that could not be sent stores nothing.
        with transaction.atomic():
            user = services.person_add(
                username=args.username,
                organisation=organisation,
                role=args.role,
                full_name=(args.name or "").strip(),
                email=args.email or "",
                password=password,
                now=_now(),
            )
            if args.send_link and not user.has_usable_password():
                _send_link(user, organisation)
                sent = True
    except DomainError as exc:
        return _fail_with(exc)
    except _MailFailed as exc:
        return _fail(
            "mail-failed", f"de e-mail kon niet worden verstuurd ({exc}); niets opgeslagen"
        )
    print(
        f"{user.username} handelt namens {organisation.name} als {args.role}"
        + (" (bestaand account)" if existing is not None else "")
    )
    if sent:
        print(f"e-mail met een link om een wachtwoord te kiezen verstuurd naar {user.email}")
    elif not user.has_usable_password():
        print(_password_instruction(user))
    elif args.send_link:
        print(f"{user.username} heeft al een wachtwoord; geen e-mail verstuurd")
    return 0


def _person_row(user: Any, memberships: list[Any], devices: int) -> dict[str, Any]:
    return {
        "username": user.username,
        "name": user.get_full_name(),
        "email": user.email,
        "active": user.is_active,
        "staff": user.is_staff,
        "password_set": user.has_usable_password(),
        "second_factor": devices > 0,
        "roles": [
            {
                "organisation": m.organisation.name,
                "organisation_id": str(m.organisation_id),
                "role": m.role,
            }
            for m in memberships
        ],
    }


def cmd_person_list(args: argparse.Namespace) -> int:
    _setup(args)
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from innopartner.core.exceptions import DomainError

    from .models import Membership

    users = get_user_model().objects.order_by("username")
    memberships = Membership.objects.select_related("organisation").order_by(
        "organisation__name", "role"
    )
    if args.organisation:
        try:
            organisation = organisation_by_ref(args.organisation)
        except DomainError as exc:
            return _fail_with(exc)
        users = users.filter(memberships__organisation=organisation).distinct()
        memberships = memberships.filter(organisation=organisation)
    by_user: dict[int, list[Any]] = {}
    for m in memberships:
        by_user.setdefault(m.user_id, []).append(m)
    devices = dict(
        TOTPDevice.objects.values("user_id").annotate(n=Count("id")).values_list("user_id", "n")
    )
    rows = [_person_row(u, by_user.get(u.pk, []), devices.get(u.pk, 0)) for u in users]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("geen personen")
    for r in rows:
        roles = ", ".join(f"{x['role']} @ {x['organisation']}" for x in r["roles"]) or "-"
        flags = [
            "staf" if r["staff"] else "",
            "2FA" if r["second_factor"] else "",
            "" if r["password_set"] else "geen wachtwoord",
            "" if r["active"] else "inactief",
        ]
        extra = ", ".join(f for f in flags if f)
        print(
            f"{r['username']:<20} {r['name'] or '-':<24} {roles}"
            + (f"  ({extra})" if extra else "")
        )
    return 0


def cmd_person_remove_role(args: argparse.Namespace) -> int:
    _setup(args)
    from innopartner.core.exceptions import DomainError

    from . import services

    try:
        user = person_by_username(args.username)
        organisation = organisation_by_ref(args.organisation)
        services.membership_end(
            user=user, organisation=organisation, role=args.role, now=_now(), note=NOTE
        )
    except DomainError as exc:
        return _fail_with(exc)
    print(f"{user.username} handelt niet meer namens {organisation.name} als {args.role}")
    return 0


def cmd_person_second_factor_reset(args: argparse.Namespace) -> int:
    _setup(args)
    from innopartner.core.exceptions import DomainError

    from . import services

    try:
        user = person_by_username(args.username)
        removed = services.second_factor_reset(user=user, now=_now(), note=NOTE)
    except DomainError as exc:
        return _fail_with(exc)
    if removed:
        print(
            f"{user.username}: {removed} apparaat/apparaten voor de tweede factor verwijderd; "
            "bij de volgende aanmelding stelt de persoon een nieuwe in"
        )
    else:
        print(f"{user.username} had geen tweede factor ingesteld; niets veranderd")
    return 0


def add_commands(sub: Any) -> None:
    organisation = sub.add_parser("organisation", help="organisaties: overheden en ondernemers")
    organisation_sub = organisation.add_subparsers(dest="organisation_command", required=True)
    add = organisation_sub.add_parser("add", help="registreer een organisatie")
    add_sub = add.add_subparsers(dest="kind", required=True)

    authority = add_sub.add_parser("authority", help="een aanbestedende dienst (overheid)")
    authority.add_argument("name", metavar="NAME")
    authority.add_argument("--type", required=True, choices=AUTHORITY_TYPES, help="soort overheid")
    authority.add_argument("--kvk", metavar="N", help="KvK-nummer (8 cijfers)")
    authority.add_argument("--country", default="NL", metavar="XX", help="standaard NL")
    _data_arg(authority)
    authority.set_defaults(func=cmd_organisation_add)

    operator = add_sub.add_parser("operator", help="een ondernemer (marktpartij)")
    operator.add_argument("name", metavar="NAME")
    operator.add_argument("--kvk", metavar="N", help="KvK-nummer (8 cijfers; Nederland)")
    operator.add_argument("--country", default="NL", metavar="XX", help="standaard NL")
    operator.add_argument(
        "--registration", metavar="R", help="registratie in het eigen land (buitenland)"
    )
    operator.add_argument("--sme", action="store_true", help="mkb-onderneming (SME)")
    _data_arg(operator)
    operator.set_defaults(func=cmd_organisation_add)

    listing = organisation_sub.add_parser("list", help="alle organisaties met aantal personen")
    listing.add_argument("--json", action="store_true")
    _data_arg(listing)
    listing.set_defaults(func=cmd_organisation_list)

    person = sub.add_parser("person", help="personen en hun rollen namens organisaties")
    person_sub = person.add_subparsers(dest="person_command", required=True)

    add_person = person_sub.add_parser(
        "add", help="laat een (nieuwe of bestaande) persoon namens een organisatie handelen"
    )
    add_person.add_argument("username", metavar="USERNAME")
    add_person.add_argument("--organisation", required=True, metavar="NAME|ID")
    add_person.add_argument("--role", required=True, choices=ROLES)
    add_person.add_argument("--name", metavar='"Voornaam Achternaam"')
    add_person.add_argument("--email", metavar="E")
    password = add_person.add_mutually_exclusive_group()
    password.add_argument(
        "--password-stdin",
        action="store_true",
        help="lees het wachtwoord van de standaardinvoer (nooit als argument: zichtbaar in ps)",
    )
    password.add_argument(
        "--send-link",
        action="store_true",
        help="stuur de persoon een e-mail met een link om zelf een wachtwoord te kiezen",
    )
    _data_arg(add_person)
    add_person.set_defaults(func=cmd_person_add)

    list_people = person_sub.add_parser("list", help="personen met hun rollen")
    list_people.add_argument("--organisation", metavar="NAME|ID")
    list_people.add_argument("--json", action="store_true")
    _data_arg(list_people)
    list_people.set_defaults(func=cmd_person_list)

    remove = person_sub.add_parser("remove-role", help="beëindig een rol namens een organisatie")
    remove.add_argument("username", metavar="USERNAME")
    remove.add_argument("--organisation", required=True, metavar="NAME|ID")
    remove.add_argument("--role", required=True, choices=ROLES)
    _data_arg(remove)
    remove.set_defaults(func=cmd_person_remove_role)

    reset = person_sub.add_parser(
        "second-factor-reset",
        help="verloren telefoon: verwijder de tweede factor; de volgende aanmelding stelt een "
        "nieuwe in",
    )
    reset.add_argument("username", metavar="USERNAME")
    _data_arg(reset)
    reset.set_defaults(func=cmd_person_second_factor_reset)
