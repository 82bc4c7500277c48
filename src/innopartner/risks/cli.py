"""``innopartner analyse risks``: the Monte Carlo quantification of a procedure's register.

innopartner analyse risks --procedure SLUG|ID [--iterations N] [--seed S]
                          [--distribution triangular|pert] [--data DIR] [--json]
                          [--charts DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_commands(analyse: argparse._SubParsersAction) -> None:
    """Add this app's subcommands to ``innopartner analyse``."""
    risks = analyse.add_parser(
        "risks", help="risicoregister: Monte Carlo, P50/P80/P95, tornado, heatmap"
    )
    risks.add_argument("--procedure", required=True, metavar="SLUG|ID")
    risks.add_argument("--iterations", type=int, default=10_000)
    risks.add_argument("--seed", type=int, default=None)
    risks.add_argument("--distribution", choices=["triangular", "pert"], default="triangular")
    risks.add_argument("--top", type=int, default=5, help="aantal grootste drijvers")
    risks.add_argument("--data", metavar="DIR")
    risks.add_argument("--json", action="store_true")
    risks.add_argument("--charts", metavar="DIR", help="schrijf tornado, heatmap en verdeling")
    risks.set_defaults(func=cmd_risks)


def cmd_risks(args: argparse.Namespace) -> int:
    from innopartner.cli import setup_django

    setup_django(data=args.data)
    from innopartner.core.exceptions import DomainError
    from innopartner.procedures.selectors import procedure_by_ref
    from innopartner.risks.selectors import analysis_dict, risk_analysis

    try:
        procedure = procedure_by_ref(args.procedure)
    except DomainError as exc:
        print(f"FOUT {exc.code}: {exc.message}", file=sys.stderr)
        return 1
    if args.iterations < 1:
        print("FOUT iterations-invalid: --iterations is ten minste 1", file=sys.stderr)
        return 2
    analysis = risk_analysis(
        procedure, iterations=args.iterations, seed=args.seed, distribution=args.distribution
    )
    data = analysis_dict(analysis, procedure=procedure.slug or str(procedure.pk), top=args.top)
    if args.charts:
        from .charts import write_charts

        data["charts"] = [str(p) for p in write_charts(analysis, Path(args.charts))]
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print_table(data)
    return 0


def print_table(data: dict) -> None:
    print(
        f"Risicoanalyse {data['procedure']}: {data['iterations']} iteraties, "
        f"seed {data['seed']}, verdeling {data['distribution']}"
    )
    print(f"{'':<24}{'P50':>14}{'P80':>14}{'P95':>14}")
    for key, label in (("cost_overrun", "kostenoverschrijding"), ("delay", "vertraging")):
        unit = data[key]["unit"]
        for moment in ("before", "after"):
            row = data[key][moment]
            name = f"{label} {'voor' if moment == 'before' else 'na'}"
            print(f"{name:<24}" + "".join(f"{row[p]:>14,.0f}" for p in ("p50", "p80", "p95")), unit)
    print(f"kosten beheersmaatregelen: {data['mitigation_cost']:,.0f} EUR")
    print("grootste drijvers (daling P80 zonder het risico):")
    for item in data["top_drivers"]["cost_overrun"]:
        print(f"  {item['p80_drop']:>14,.0f} EUR  {item['risk']}")
    for item in data["top_drivers"]["delay"]:
        print(f"  {item['p80_drop']:>14,.0f} dgn  {item['risk']}")
