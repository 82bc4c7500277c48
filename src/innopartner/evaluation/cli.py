"""``innopartner analyse scoring``: the ranking of a round by the declared method, with the
points per criterion and the sensitivity check that the committee sees before the award.

    innopartner analyse scoring --procedure SLUG|ID [--round N] [--data DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys


def add_commands(analyse: argparse._SubParsersAction) -> None:
    """Add this app's subcommands to ``innopartner analyse``."""
    scoring = analyse.add_parser(
        "scoring", help="rangorde volgens de aangekondigde methode, met gevoeligheid"
    )
    scoring.add_argument("--procedure", required=True, metavar="SLUG|ID")
    scoring.add_argument("--round", type=int, default=None, help="ronde (standaard de laatste)")
    scoring.add_argument("--data", metavar="DIR")
    scoring.add_argument("--json", action="store_true")
    scoring.set_defaults(func=cmd_scoring)


def cmd_scoring(args: argparse.Namespace) -> int:
    from innopartner.cli import setup_django

    setup_django(data=args.data)
    from innopartner.core.exceptions import DomainError
    from innopartner.evaluation.selectors import scoring_report
    from innopartner.procedures.selectors import procedure_by_ref

    try:
        procedure = procedure_by_ref(args.procedure)
        data = scoring_report(procedure, round_number=args.round)
    except DomainError as exc:
        print(f"FOUT {exc.code}: {exc.message}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print_table(data)
    return 0


def print_table(data: dict) -> None:
    method = data["method"]
    print(
        f"Rangorde {data['procedure']}, ronde {data['round']}: methode "
        f"{method['scoring_method']}, prijs {method['price_scoring']}, gelijke stand "
        f"{method['tie_break_rule']}"
    )
    for row in data["ranking"]:
        points = ", ".join(f"{k} {v}" for k, v in row["points"].items())
        extra = f"  fictieve prijs {row['fictitious_price']}" if row["fictitious_price"] else ""
        print(f"  {row['rank']:>2}. {row['tenderer']:<36} {row['total']:>7}{extra}  ({points})")
    smallest = data["sensitivity"]["smallest"]
    print(
        "gevoeligheid: "
        + (smallest["description"] if smallest else "geen wijziging binnen schalen en gewichten")
    )
