"""``innopartner audit verify`` and ``innopartner audit head`` (hooked in by innopartner.cli).

    innopartner audit verify [--procedure ID|CODE] [--head FILE] [--json] [--data DIR]
    innopartner audit head [--date YYYY-MM-DD] [--json] [--data DIR]

Django is set up inside the handlers, never at import, so that the parser builds without it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any


def _data_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", metavar="DIR", help="datamap (standaard: $INNOPARTNER_DATA of ./data)")


def _fail(code: str, message: str) -> int:
    print(f"FOUT {code}: {message}", file=sys.stderr)
    return 1


def _read_held_head(path: str) -> tuple[int, str] | str:
    """The held head from FILE (the output of ``audit head --json``), or what is wrong."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        seq, record_hash = int(data["seq"]), str(data["hash"])
    except FileNotFoundError:
        return f"{path} bestaat niet"
    except (OSError, ValueError, KeyError, TypeError):
        return f"{path} is geen kop van de keten (JSON met 'seq' en 'hash', zie audit head --json)"
    if len(record_hash) != 64:
        return f"{path}: 'hash' is geen SHA-256 (64 hexadecimale tekens)"
    return seq, record_hash


def _describe(finding: Any) -> str:
    where = []
    if finding.record_id is not None:
        where.append(f"record {finding.record_id}")
    if finding.seq is not None:
        where.append(f"volgnummer {finding.seq}")
    if finding.at is not None:
        from zoneinfo import ZoneInfo

        where.append(f"{finding.at.astimezone(ZoneInfo('Europe/Amsterdam')):%Y-%m-%d %H:%M:%S %Z}")
    if finding.action:
        where.append(finding.action)
    return f"{finding.problem}: {', '.join(where) or 'keten'}: {finding.message}"


def cmd_audit_verify(args: argparse.Namespace) -> int:
    held = _read_held_head(args.head) if args.head else None
    if isinstance(held, str):
        return _fail("invalid-head-file", held)
    from innopartner.cli import setup_django

    setup_django(data=args.data)
    from innopartner.core.exceptions import DomainError
    from innopartner.procedures.selectors import procedure_by_ref

    from .selectors import chain_verification, held_head_check

    procedure = None
    if args.procedure:
        try:
            procedure = procedure_by_ref(args.procedure)
        except DomainError as exc:
            return _fail(exc.code, exc.message)
    verdict = chain_verification(procedure=procedure)
    finding = verdict.finding
    if finding is None and held is not None:
        finding = held_head_check(seq=held[0], record_hash=held[1])
    scope = f"procedure {procedure.slug or procedure.pk}" if procedure else "hele audittrail"
    if args.json:
        print(
            json.dumps(
                {
                    "scope": scope,
                    "ok": finding is None,
                    "checked": verdict.checked,
                    "head": {"seq": verdict.head.seq, "hash": verdict.head.hash},
                    "finding": finding.as_dict() if finding else None,
                },
                indent=2,
                ensure_ascii=False,
                default=str,
            )
        )
    elif finding is None:
        print(
            f"intact: {scope}, {verdict.checked} records, kop volgnummer {verdict.head.seq} "
            f"{verdict.head.hash}" + (" (bewaarde kop gevonden)" if held else "")
        )
    else:
        print(f"VERBROKEN ({scope}) — eerste fout: {_describe(finding)}", file=sys.stderr)
    return 0 if finding is None else 1


def cmd_audit_head(args: argparse.Namespace) -> int:
    day = None
    if args.date:
        try:
            day = dt.date.fromisoformat(args.date)
        except ValueError:
            return _fail("invalid-date", f"{args.date!r} is geen datum (JJJJ-MM-DD)")
    from innopartner.cli import setup_django

    setup_django(data=args.data)
    from .selectors import chain_head_on, head_as_dict

    record = chain_head_on(day)
    if record is None:
        when = f"op of voor {day.isoformat()}" if day else "nog"
        return _fail("no-audit-records", f"er is {when} geen auditrecord geschreven")
    data = head_as_dict(record, day=day)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        label = f"kop van {day.isoformat()} (Europe/Amsterdam)" if day else "huidige kop"
        print(
            f"{label}: volgnummer {data['seq']} (record {data['id']}), geschreven "
            f"{data['recorded_at']}, {data['action']}\n  sha256 {data['hash']}"
        )
    return 0


def add_commands(audit_sub: Any) -> None:
    verify = audit_sub.add_parser(
        "verify", help="controleer de hashketen van de audittrail (of van één procedure)"
    )
    verify.add_argument("--procedure", metavar="ID|CODE", help="alleen de keten van deze procedure")
    verify.add_argument(
        "--head", metavar="FILE", help="een bewaarde kop (uitvoer van audit head --json)"
    )
    verify.add_argument("--json", action="store_true")
    _data_arg(verify)
    verify.set_defaults(func=cmd_audit_verify)

    head = audit_sub.add_parser(
        "head", help="de kop van de keten aan het eind van een dag, om door derden te bewaren"
    )
    head.add_argument(
        "--date", metavar="JJJJ-MM-DD", help="de dag (Europe/Amsterdam); standaard nu"
    )
    head.add_argument("--json", action="store_true")
    _data_arg(head)
    head.set_defaults(func=cmd_audit_head)
