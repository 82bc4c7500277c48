"""``innopartner keys``, ``innopartner receipt`` and ``innopartner store``: the master key, proof
of what was submitted, and the file store of sealed tenders. Nothing of Django is imported at
module level, so the parser is built before Django is set up."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


def _data_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", metavar="DIR", help="datamap (standaard: $INNOPARTNER_DATA of ./data)")


def _setup(args: argparse.Namespace) -> None:
    from innopartner.cli import setup_django

    setup_django(data=args.data)


def cmd_keys_status(args: argparse.Namespace) -> int:
    _setup(args)
    from innopartner.sealing.services import development_key_notice, key_status

    status = key_status()
    print(f"hoofdsleutel: {status['master_key_id']}")
    if notice := development_key_notice():
        print(notice)
    for kid, count in sorted(status["data_keys"].items()):
        mark = "" if kid == status["master_key_id"] else "  (ANDERE hoofdsleutel)"
        print(f"  {count} gegevenssleutel(s) onder {kid}{mark}")
    return 0


def cmd_keys_new(args: argparse.Namespace) -> int:
    # Without Django: the first master key is made before any settings or database exist
    # (the services module defines models, which need a configured Django).
    import base64

    from innopartner.sealing.crypto import new_data_key

    print(base64.b64encode(new_data_key()).decode())
    return 0


def cmd_keys_rotate(args: argparse.Namespace) -> int:
    _setup(args)
    from innopartner.sealing.crypto import SealError
    from innopartner.sealing.services import keys_rotate

    value = os.environ.get(args.new_key_env)
    if not value:
        print(
            f"FOUT: de omgevingsvariabele {args.new_key_env} is leeg of bestaat niet.",
            file=sys.stderr,
        )
        return 2
    try:
        count = keys_rotate(new_master_b64=value)
    except SealError as exc:
        print(f"FOUT: {exc}", file=sys.stderr)
        return 1
    print(
        f"{count} gegevenssleutel(s) opnieuw verpakt met de nieuwe hoofdsleutel. Zet nu "
        f"INNOPARTNER_MASTER_KEY op de waarde van {args.new_key_env} en herstart: de oude "
        "hoofdsleutel opent niets meer."
    )
    return 0


def cmd_receipt_verify(args: argparse.Namespace) -> int:
    _setup(args)
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from innopartner.core.exceptions import DomainError
    from innopartner.core.timeutil import AMSTERDAM
    from innopartner.sealing.crypto import SealError
    from innopartner.tendering.models import Receipt
    from innopartner.tendering.selectors import receipt_verify

    try:
        receipt = Receipt.objects.select_related("tender__round__procedure").get(pk=args.receipt)
    except (Receipt.DoesNotExist, ValidationError, ValueError):
        print(f"FOUT receipt-not-found: geen ontvangstbewijs {args.receipt}.", file=sys.stderr)
        return 2
    user = None
    if args.as_user:
        user = get_user_model().objects.filter(username=args.as_user).first()
        if user is None:
            print(f"FOUT: geen gebruiker {args.as_user}.", file=sys.stderr)
            return 2
    own_copy = Path(args.file).read_bytes() if args.file else None
    try:
        result = receipt_verify(receipt=receipt, user=user, own_copy=own_copy)
    except DomainError as exc:
        print(f"FOUT {exc.code}: {exc.message}", file=sys.stderr)
        return 2
    except SealError as exc:  # wrong master key, or a sealed file that does not authenticate
        print(f"AFWIJKING: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(
            json.dumps(
                {
                    "receipt": str(receipt.pk),
                    "sha256": receipt.sha256,
                    "server_time": receipt.server_time.isoformat(),
                    "ok": result.ok,
                    "checks": [
                        {"check": name, "ok": ok, "detail": detail}
                        for name, ok, detail in result.checks
                    ],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        when = receipt.server_time.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M:%S %Z")
        print(
            f"ontvangstbewijs {receipt.pk} ({receipt.get_kind_display()}, {when}, Europe/Amsterdam)"
        )
        for name, ok, detail in result.checks:
            word = {True: "OK", False: "AFWIJKING", None: "niet gecontroleerd"}[ok]
            print(f"  {name:<12} {word}: {detail}")
    return 0 if result.ok else 1


def cmd_store_check(args: argparse.Namespace) -> int:
    _setup(args)
    from innopartner.sealing.services import store_check

    report = store_check(clean=args.clean, min_age_seconds=args.min_age)
    print(f"in orde: {report.ok}")
    for label, names in (
        ("ONTBREEKT (rij zonder bestand)", report.missing),
        ("GEWIJZIGD", report.altered),
        ("wees (bestand zonder rij, onschadelijk)", report.orphans),
        ("onvoltooid tijdelijk bestand (onschadelijk)", report.temporary),
        ("verwijderd", report.removed),
    ):
        for name in names:
            print(f"  {label}: {name}")
    return 0 if report.sound else 1


def add_commands(sub: argparse._SubParsersAction) -> None:
    keys = sub.add_parser("keys", help="de hoofdsleutel van verzegelde inschrijvingen")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    status = keys_sub.add_parser("status", help="welke hoofdsleutel welke gegevenssleutels verpakt")
    _data_arg(status)
    status.set_defaults(func=cmd_keys_status)
    new = keys_sub.add_parser("new", help="druk een nieuwe willekeurige hoofdsleutel af (base64)")
    new.set_defaults(func=cmd_keys_new)
    rotate = keys_sub.add_parser(
        "rotate", help="verpak alle gegevenssleutels opnieuw met een nieuwe hoofdsleutel"
    )
    rotate.add_argument(
        "--new-key-env",
        required=True,
        metavar="VAR",
        help="omgevingsvariabele met de nieuwe hoofdsleutel (base64 van 32 bytes)",
    )
    _data_arg(rotate)
    rotate.set_defaults(func=cmd_keys_rotate)

    receipt = sub.add_parser("receipt", help="ontvangstbewijzen van inschrijvingen")
    receipt_sub = receipt.add_subparsers(dest="receipt_command", required=True)
    verify = receipt_sub.add_parser(
        "verify", help="bewijs wat onder een ontvangstbewijs is ingediend"
    )
    verify.add_argument("receipt", metavar="RECEIPT_ID")
    verify.add_argument("--file", metavar="PATH", help="de eigen kopie van de inschrijver")
    verify.add_argument(
        "--as",
        dest="as_user",
        metavar="GEBRUIKER",
        help="wie na de opening de inhoud ontsleutelt (wordt vastgelegd in de audittrail)",
    )
    verify.add_argument("--json", action="store_true")
    _data_arg(verify)
    verify.set_defaults(func=cmd_receipt_verify)

    store = sub.add_parser("store", help="de bestandsopslag van verzegelde stukken")
    store_sub = store.add_subparsers(dest="store_command", required=True)
    check = store_sub.add_parser(
        "check", help="vergelijk opslag en database; --clean ruimt wezen en tijdelijke bestanden op"
    )
    check.add_argument("--clean", action="store_true")
    check.add_argument(
        "--min-age",
        type=float,
        default=600.0,
        metavar="SECONDEN",
        help="ruim alleen bestanden op die ouder zijn (standaard 600: een lopende inzending "
        "wordt nooit verwijderd)",
    )
    _data_arg(check)
    check.set_defaults(func=cmd_store_check)
