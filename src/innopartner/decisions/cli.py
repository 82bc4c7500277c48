"""``innopartner analyse ...`` subcommands of this app (hooked in by innopartner.cli).

    innopartner analyse procedure-choice --procedure SLUG|ID [--data DIR] [--json]
    innopartner analyse tco --procedure SLUG|ID [--rate R] [--data DIR] [--json] [--charts DIR]
    innopartner analyse partners --budget EUR [--max-partners 6] [--p-max P] [--b-half EUR]
        [--fixed-cost EUR] [--common-cause K] [--procedure SLUG|ID] [--json] [--charts DIR]

Django is set up inside the handlers, never at import, so that the parser builds without it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def _data_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", metavar="DIR", help="datamap (standaard: $INNOPARTNER_DATA of ./data)")


def _error(exc: Any) -> int:
    print(f"FOUT {exc.code}: {exc.message}", file=sys.stderr)
    return 1


def _procedure(args: argparse.Namespace):
    from innopartner.cli import setup_django

    setup_django(data=args.data)
    from innopartner.procedures.selectors import procedure_by_ref

    return procedure_by_ref(args.procedure)


def cmd_procedure_choice(args: argparse.Namespace) -> int:
    from innopartner.core.exceptions import DomainError

    try:
        procedure = _procedure(args)
    except DomainError as exc:
        return _error(exc)
    from .selectors import latest_procedure_choice, procedure_choice_report

    assessment = latest_procedure_choice(procedure)
    if assessment is None:
        print(
            f"FOUT no-procedure-choice-assessment: {procedure.slug or procedure.pk} heeft nog geen "
            "beantwoorde procedurekeuzevragen.",
            file=sys.stderr,
        )
        return 1
    data = procedure_choice_report(procedure, assessment)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(
        f"{procedure.title}\n  advies: {data['recommendation']}  "
        f"(gekozen: {data['procedure_type']})"
    )
    print("  antwoorden:")
    for key, value in data["answers"].items():
        print(f"    {key:<20} {value}")
    print("  redenen:")
    for reason in data["reasons"]:
        print(f"    - {reason}")
    print("  wat het advies zou veranderen:")
    for change in data["what_would_change"] or [{"question": "(niets)"}]:
        if "recommendation" in change:
            print(
                f"    {change['question']}: {change['answer']} -> {change['changed_to']}: "
                f"{change['recommendation']}"
            )
        else:
            print("    geen enkel antwoord afzonderlijk")
    return 0


def cmd_tco(args: argparse.Namespace) -> int:
    from innopartner.core.exceptions import DomainError

    try:
        procedure = _procedure(args)
        from .selectors import discount_rate, tco_report

        rate = discount_rate() if args.rate is None else args.rate
        result = tco_report(procedure, rate=rate)
    except DomainError as exc:
        return _error(exc)
    if args.charts:
        from .charts import tco_charts

        result["charts"] = tco_charts(
            result, Path(args.charts), prefix=f"tco-{procedure.slug or procedure.pk}"
        )
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(
        f"{procedure.title}\n  TCO bij een discontovoet van {rate:.2%} over "
        f"{result['horizon_years']} jaar (constante prijzen)"
    )
    print(f"  {'optie':<32} {'contante waarde':>16} {'per jaar (EAC)':>16} {'nominaal':>16}")
    for o in sorted(result["options"], key=lambda o: o["npv"]):
        print(
            f"  {o['name'][:32]:<32} {o['npv']:>16,.0f} {o['equivalent_annual_cost']:>16,.0f} "
            f"{o['undiscounted_total']:>16,.0f}" + ("  (aangenomen)" if o["assumed"] else "")
        )
    for item in result["break_even"]:
        year = f"jaar {item['year']}" if item["year"] is not None else "niet binnen de horizon"
        print(f"  terugverdiend: {item['option']} tegenover {item['versus']}: {year}")
    sens = result["sensitivity"]
    print(
        "  rangorde gelijk over discontovoeten 0-6%: "
        + ("ja" if sens["ranking_stable_over_rates"] else "nee")
        + "; over energieprijs x0,5-x2: "
        + ("ja" if sens["ranking_stable_over_energy_prices"] else "nee")
    )
    for s in sens["switch_points"]:
        parts = []
        if s["discount_rate"] is not None:
            parts.append(f"bij een discontovoet van {s['discount_rate']:.2%}")
        if s["energy_price_factor"] is not None:
            parts.append(f"bij energieprijs x{s['energy_price_factor']:.2f}")
        if parts:
            print(f"  {s['option']} en {s['versus']} wisselen van plaats " + " of ".join(parts))
    for path in result.get("charts", []):
        print(f"  grafiek: {path}")
    return 0


def cmd_partners(args: argparse.Namespace) -> int:
    from innopartner.core.exceptions import DomainError

    from . import partners

    budget = args.budget
    try:
        if budget is None:
            if not args.procedure:
                print(
                    "FOUT partners-budget-missing: geef --budget of --procedure.", file=sys.stderr
                )
                return 2
            procedure = _procedure(args)
            if procedure.estimated_rd_value is None:
                print(
                    "FOUT partners-budget-missing: de procedure heeft geen geraamde "
                    "ontwikkelwaarde; geef --budget.",
                    file=sys.stderr,
                )
                return 1
            budget = float(procedure.estimated_rd_value)
        model = partners.PartnerModel(
            p_max=args.p_max,
            b_half=args.b_half,
            fixed_cost=args.fixed_cost,
            common_cause=args.common_cause,
        )
        result = partners.compare(budget=budget, max_partners=args.max_partners, model=model)
    except DomainError as exc:
        return _error(exc)
    if args.charts:
        from .charts import partners_chart

        result["charts"] = partners_chart(result, Path(args.charts))
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    m = result["model"]
    print(
        f"Ontwikkelbudget EUR {budget:,.0f}; {result['formula']}\n"
        f"  p_max {m['p_max']}, b_half EUR {m['b_half']:,.0f}, vaste kosten per partner EUR "
        f"{m['fixed_cost']:,.0f}, gemeenschappelijke faalkans {m['common_cause']}"
    )
    print(
        f"  {'n':>2} {'budget/partner':>15} {'p(b)':>7} {'P(>=1)':>7} {'E[werkend]':>10} "
        f"{'kosten/werkend':>15}"
    )
    for r in result["by_partners"]:
        cost = r["expected_cost_per_working"]
        print(
            f"  {r['partners']:>2} {r['budget_per_partner']:>15,.0f} "
            f"{r['success_chance_per_partner']:>7.3f} {r['chance_at_least_one']:>7.3f} "
            f"{r['expected_working']:>10.3f} {cost:>15,.0f}"
            if cost is not None
            else f"  {r['partners']:>2} {r['budget_per_partner']:>15,.0f} (geen kans)"
        )
    print(f"  beste aantal partners: {result['best_partners']}")
    for path in result.get("charts", []):
        print(f"  grafiek: {path}")
    return 0


def add_commands(analyse: argparse._SubParsersAction) -> None:
    """Add this app's subcommands to ``innopartner analyse``."""
    choice = analyse.add_parser(
        "procedure-choice", help="advies over de procedurekeuze, met redenen en artikelen"
    )
    choice.add_argument("--procedure", required=True, metavar="SLUG|ID")
    choice.add_argument("--json", action="store_true")
    _data_arg(choice)
    choice.set_defaults(func=cmd_procedure_choice)

    tco = analyse.add_parser("tco", help="total cost of ownership van de opties van een procedure")
    tco.add_argument("--procedure", required=True, metavar="SLUG|ID")
    tco.add_argument(
        "--rate", type=float, help="discontovoet als fractie (standaard INNOPARTNER_DISCOUNT_RATE)"
    )
    tco.add_argument("--json", action="store_true")
    tco.add_argument("--charts", metavar="DIR", help="schrijf grafieken (SVG) in deze map")
    _data_arg(tco)
    tco.set_defaults(func=cmd_tco)

    from .partners import PartnerModel

    defaults = PartnerModel()
    partners = analyse.add_parser(
        "partners", help="hoeveel partners ontwikkelbudget geven (het IFV-dilemma)"
    )
    partners.add_argument("--budget", type=float, metavar="EUR", help="totaal ontwikkelbudget")
    partners.add_argument("--max-partners", type=int, default=6)
    partners.add_argument("--p-max", type=float, default=defaults.p_max)
    partners.add_argument("--b-half", type=float, default=defaults.b_half, metavar="EUR")
    partners.add_argument("--fixed-cost", type=float, default=defaults.fixed_cost, metavar="EUR")
    partners.add_argument("--common-cause", type=float, default=defaults.common_cause)
    partners.add_argument(
        "--procedure", metavar="SLUG|ID", help="neem het budget uit de geraamde ontwikkelwaarde"
    )
    partners.add_argument("--json", action="store_true")
    partners.add_argument("--charts", metavar="DIR", help="schrijf de grafiek (SVG) in deze map")
    _data_arg(partners)
    partners.set_defaults(func=cmd_partners)
