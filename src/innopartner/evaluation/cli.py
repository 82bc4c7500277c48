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


def scoring_report(procedure, *, round_number: int | None) -> dict:
    from innopartner.core.exceptions import NotFound
    from innopartner.evaluation.selectors import round_ranking, round_sensitivity

    rounds = [r for r in procedure.rounds.order_by("-number") if r.is_opened]
    if round_number is not None:
        rounds = [r for r in rounds if r.number == round_number]
    tender_round = rounds[0] if rounds else None
    if tender_round is None:
        raise NotFound("Geen geopende ronde om te tonen.", code="round-not-found")
    names = {str(c.pk): c.name for c in procedure.award_criteria.all()}
    ranking = round_ranking(tender_round)
    operators = {str(t.pk): t.operator.name for t, _ in ranking}
    sensitivity = round_sensitivity(tender_round)

    def change(item):
        if item is None:
            return None
        data = item.as_dict()
        data["criterion"] = names.get(data["criterion"], data["criterion"])
        for key in ("tender", "challenger", "incumbent"):
            data[key] = operators.get(data[key], data[key])
        kind = "score" if item.kind == "score" else "gewicht"
        data["description"] = (
            f"{kind} '{data['criterion']}'"
            + (f" van {data['tender']}" if item.kind == "score" else "")
            + f" van {data['from']:g} naar {data['to']:g}: {data['challenger']} haalt "
            f"{data['incumbent']} in (of staat gelijk)"
        )
        return data

    return {
        "procedure": procedure.slug or str(procedure.pk),
        "round": tender_round.number,
        "method": {
            "scoring_method": procedure.scoring_method,
            "price_scoring": procedure.price_scoring,
            "price_bounds": [
                None if v is None else str(v)
                for v in (procedure.price_bound_low, procedure.price_bound_high)
            ],
            "quality_point_value": None
            if procedure.quality_point_value is None
            else str(procedure.quality_point_value),
            "tie_break_rule": procedure.tie_break_rule,
        },
        "ranking": [
            {
                "rank": r.rank,
                "tenderer": t.operator.name,
                "total": str(r.total),
                "quality_points": str(r.quality_points),
                "price": None if r.price is None else str(r.price),
                "fictitious_price": None if r.fictitious_price is None else str(r.fictitious_price),
                "points": {names.get(k, k): str(v) for k, v in r.points.items()},
            }
            for t, r in ranking
        ],
        "sensitivity": {
            "smallest": change(sensitivity.smallest),
            "smallest_score_change": change(sensitivity.smallest_score_change),
            "smallest_weight_change": change(sensitivity.smallest_weight_change),
        },
    }


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
