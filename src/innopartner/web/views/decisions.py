"""Decision support in the web interface (issue 5): procedure choice, risk register with its
Monte Carlo quantification, total cost of ownership, partners and budget, and the ranking of a
round with its sensitivity before the award decision.

Buyer staff use the tools; auditors read them (no forms); everybody else is refused. Each
page calls the engine's services, selectors and pure functions, as the CLI handlers do; the
charts are simple server-side SVG, each with a table alternative."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from innopartner.core.exceptions import DomainError
from innopartner.decisions import partners as partner_model
from innopartner.decisions import services as decisions
from innopartner.decisions import tco
from innopartner.decisions.choice import QUESTIONS
from innopartner.decisions.selectors import discount_rate, latest_procedure_choice, tco_options
from innopartner.evaluation.selectors import round_ranking, round_sensitivity
from innopartner.risks import services as risks
from innopartner.risks.selectors import residual_estimate, risk_analysis, risk_register
from innopartner.tendering.models import TenderRound
from innopartner.web import access, clock
from innopartner.web.forms import (
    LEVELS,
    MARKET,
    RISK_CATEGORY_LABELS,
    RISK_OWNER_LABELS,
    YES_NO,
    PartnersForm,
    ProcedureChoiceForm,
    RiskForm,
    label_for,
)
from innopartner.web.views.base import attempt, done, refused

RECOMMENDATION_LABELS = {
    "innovation_partnership": gettext_lazy("Innovatiepartnerschap"),
    "pcp": gettext_lazy("Precommercieel inkopen (PCP / SBIR), gevolgd door een aanbesteding"),
    "competitive_negotiation": gettext_lazy("Mededingingsprocedure met onderhandeling"),
    "competitive_dialogue": gettext_lazy("Concurrentiegerichte dialoog"),
    "open_or_restricted": gettext_lazy("Openbare of niet-openbare procedure"),
}
ANSWER_LABELS = {**dict(YES_NO), **dict(LEVELS), **dict(MARKET)}
TCO_CATEGORY_LABELS = {
    "acquisition": gettext_lazy("aanschaf"),
    "development": gettext_lazy("ontwikkelbijdrage"),
    "operation": gettext_lazy("exploitatie"),
    "maintenance": gettext_lazy("onderhoud"),
    "energy": gettext_lazy("energie"),
    "co2": gettext_lazy("CO2 (schaduwprijs)"),
    "end_of_life": gettext_lazy("einde levensduur"),
}
HEAT_CLASSES = (
    gettext_lazy("zeer laag"),
    gettext_lazy("laag"),
    gettext_lazy("middel"),
    gettext_lazy("hoog"),
    gettext_lazy("zeer hoog"),
)
METHOD_LABELS = {
    "weighted_sum": gettext_lazy("gewogen som van scores"),
    "value_for_money": gettext_lazy("gunnen op waarde (fictieve prijs)"),
    "relative_to_lowest": gettext_lazy("prijs ten opzichte van de laagste prijs"),
    "linear_between_bounds": gettext_lazy("prijs lineair tussen twee grenzen"),
    "quality_price_lot": gettext_lazy("hoogste kwaliteit, dan laagste prijs, dan loting"),
    "price_quality_lot": gettext_lazy("laagste prijs, dan hoogste kwaliteit, dan loting"),
    "shared": gettext_lazy("gedeelde plaats; de dienst beslist"),
}
SIMULATION_SEED = 2026  # the same register gives the same figures on every visit
SIMULATION_ITERATIONS = 10_000


def _reader(request, pk):
    """The procedure and the reader's kind: buyer staff, or an auditor (read only)."""
    procedure = access.procedure_for(request.membership, pk)
    kind = access.require(request.membership, access.BUYER, access.AUDITOR)
    if request.method == "POST":
        access.require(request.membership, access.BUYER)
    return procedure, kind


def _answer_label(value) -> str:
    key = {True: "true", False: "false"}.get(value, value) if isinstance(value, bool) else value
    return str(ANSWER_LABELS.get(key, value))


# --- charts ---------------------------------------------------------------------------------


def bar_chart(rows, *, width: int = 640, label_width: int = 240, bar: int = 22) -> dict:
    """Horizontal bars for [(label, value, text)], scaled to the largest absolute value."""
    rows = list(rows)
    largest = max((abs(v) for _label, v, _text in rows), default=0) or 1
    room = width - label_width - 110
    bars = [
        {
            "label": label,
            "text": text,
            "y": 8 + i * (bar + 8),
            "width": max(1, round(abs(value) / largest * room)),
            "negative": value < 0,
        }
        for i, (label, value, text) in enumerate(rows)
    ]
    return {
        "bars": bars,
        "width": width,
        "height": 16 + len(rows) * (bar + 8),
        "label_width": label_width,
        "bar": bar,
        "text_y": bar // 2 + 5,
    }


def heat_chart(matrix) -> dict:
    """A 5x5 heat map: rows are probability classes (drawn high at the top), columns impact
    classes; the colour is the risk level (row + column), the number the count of risks."""
    cell, left, top = 56, 120, 10
    cells = []
    for row in range(5):
        for col in range(5):
            level = row + col
            cells.append(
                {
                    "x": left + col * cell,
                    "y": top + (4 - row) * cell,
                    "count": int(matrix[row][col]),
                    "level": "low" if level <= 2 else "medium" if level <= 5 else "high",
                }
            )
    return {
        "cells": cells,
        "size": cell,
        "width": left + 5 * cell + 10,
        "height": top + 5 * cell + 50,
        "rows": [
            {"label": HEAT_CLASSES[r], "counts": [int(c) for c in matrix[r]]}
            for r in reversed(range(5))
        ],
        "row_labels": [
            {"label": HEAT_CLASSES[r], "y": top + (4 - r) * cell + cell // 2 + 4} for r in range(5)
        ],
        "col_labels": [
            {"label": HEAT_CLASSES[c], "x": left + c * cell + cell // 2} for c in range(5)
        ],
        "axis_y": top + 5 * cell + 36,
        "classes": HEAT_CLASSES,
    }


def _money(value: float) -> str:
    return f"EUR {value:,.0f}".replace(",", ".")


# --- pages ----------------------------------------------------------------------------------


@login_required
def index(request, pk):
    procedure, kind = _reader(request, pk)
    latest = latest_procedure_choice(procedure)
    rounds = [r for r in procedure.rounds.order_by("number") if r.is_opened]
    return render(
        request,
        "web/decisions/index.html",
        {
            "procedure": procedure,
            "kind": kind,
            "latest": latest,
            "recommendation": RECOMMENDATION_LABELS.get(latest.recommendation) if latest else None,
            "risk_count": procedure.risks.count(),
            "tco_count": procedure.tco_options.count(),
            "rounds": rounds,
        },
    )


def _choice_context(procedure, kind, form):
    latest = latest_procedure_choice(procedure)
    context = {"procedure": procedure, "kind": kind, "form": form, "latest": latest}
    if latest is not None:
        labels = {name: field.label for name, field in ProcedureChoiceForm.base_fields.items()}
        context.update(
            recommendation=RECOMMENDATION_LABELS.get(latest.recommendation, latest.recommendation),
            matches=latest.recommendation == procedure.procedure_type,
            answers=[
                {"question": labels.get(k, k), "answer": _answer_label(v)}
                for k, v in latest.answers.items()
            ],
            changes=[
                {
                    "question": labels.get(c["question"], c["question"]),
                    "answer": _answer_label(c["answer"]),
                    "changed_to": _answer_label(c["changed_to"]),
                    "recommendation": RECOMMENDATION_LABELS.get(
                        c["recommendation"], c["recommendation"]
                    ),
                }
                for c in latest.sensitivities
            ],
        )
    return context


@login_required
def procedure_choice(request, pk):
    procedure, kind = _reader(request, pk)
    template = "web/decisions/procedure_choice.html"
    latest = latest_procedure_choice(procedure)
    initial = {}
    if latest is not None:
        initial = {
            k: ({True: "true", False: "false"}[v] if isinstance(v, bool) else v)
            for k, v in latest.answers.items()
        }
    form = ProcedureChoiceForm(request.POST or None, initial=initial)
    if request.method == "POST":
        context = _choice_context(procedure, kind, form)
        if not form.is_valid():
            return render(request, template, context, status=400)
        answers = {key: form.cleaned_data[key] for key in QUESTIONS}
        _result, refusal = attempt(
            lambda: decisions.procedure_choice_assess(
                procedure=procedure, answers=answers, now=clock.now(), actor=request.user
            )
        )
        if refusal:
            return refused(request, template, context, refusal)
        return done(
            request,
            _("Het advies over de procedurekeuze is vastgelegd."),
            "web:decisions_choice",
            procedure.pk,
        )
    return render(request, template, _choice_context(procedure, kind, form))


def _outcome_rows(analysis):
    rows = []
    for label, unit, before, after in (
        (_("Kostenoverschrijding"), "EUR", analysis.cost_before, analysis.cost_after),
        (_("Vertraging"), _("dagen"), analysis.delay_before, analysis.delay_after),
    ):
        for moment, outcome in ((_("voor beheersing"), before), (_("na beheersing"), after)):
            rows.append(
                {
                    "label": label,
                    "moment": moment,
                    "unit": unit,
                    "values": [round(outcome.percentiles[q]) for q in (50, 80, 95)],
                }
            )
    return rows


def _risks_context(procedure, kind, form):
    register = list(risk_register(procedure))
    items = [
        {
            "risk": risk,
            "category": label_for(RISK_CATEGORY_LABELS, risk.category),
            "owner": label_for(RISK_OWNER_LABELS, risk.owner),
            "residual": residual_estimate(risk),
        }
        for risk in register
    ]
    context = {"procedure": procedure, "kind": kind, "form": form, "items": items}
    if any(risk.status != "closed" for risk in register):
        analysis = risk_analysis(procedure, iterations=SIMULATION_ITERATIONS, seed=SIMULATION_SEED)
        cost = analysis.cost_before.drivers[:5]
        delay = analysis.delay_before.drivers[:5]
        context.update(
            analysis=analysis,
            outcomes=_outcome_rows(analysis),
            cost_drivers=cost,
            delay_drivers=delay,
            cost_tornado=bar_chart([(k, v, _money(v)) for k, v in cost]),
            delay_tornado=bar_chart(
                [(k, v, _("%(n)s dagen") % {"n": f"{v:,.0f}"}) for k, v in delay]
            ),
            heat_before=heat_chart(analysis.heat_before.tolist()),
            heat_after=heat_chart(analysis.heat_after.tolist()),
            mitigation_cost=analysis.mitigation_cost,
        )
    return context


@login_required
def risk_register_page(request, pk):
    procedure, kind = _reader(request, pk)
    template = "web/decisions/risks.html"
    form = RiskForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, template, _risks_context(procedure, kind, form), status=400)
        data = form.cleaned_data
        _result, refusal = attempt(
            lambda: risks.risk_record(
                procedure=procedure,
                title=data["title"],
                description=data["description"],
                category=data["category"],
                owner=data["owner"],
                probability=data["probability"],
                cost=[data["cost_min"], data["cost_likely"], data["cost_max"]],
                delay=[data["delay_min"], data["delay_likely"], data["delay_max"]],
                review_date=data["review_date"],
                now=clock.now(),
                actor=request.user,
            )
        )
        if refusal:
            return refused(request, template, _risks_context(procedure, kind, form), refusal)
        return done(
            request, _("Het risico is toegevoegd aan het register."), "web:decisions_risks", pk
        )
    return render(request, template, _risks_context(procedure, kind, form))


@login_required
def tco_page(request, pk):
    procedure, kind = _reader(request, pk)
    options = tco_options(procedure)
    context = {"procedure": procedure, "kind": kind, "result": None}
    if options:
        rate = discount_rate()
        result, refusal = attempt(lambda: tco.analyse(options, rate=rate))
        context["refusal"] = refusal
        if result is not None:
            rows = sorted(result["options"], key=lambda o: o["npv"])
            context.update(
                result=result,
                rate=rate * 100,
                rows=rows,
                categories=[
                    {"key": c, "label": TCO_CATEGORY_LABELS.get(c, c)} for c in tco.CATEGORIES
                ],
                chart=bar_chart([(o["name"], o["npv"], _money(o["npv"])) for o in rows]),
                break_even=result["break_even"],
                sensitivity=result["sensitivity"],
            )
    return render(request, "web/decisions/tco.html", context)


@login_required
def partners_page(request, pk):
    procedure, kind = _reader(request, pk)
    defaults = partner_model.PartnerModel()
    initial = {
        "budget": procedure.estimated_rd_value or 1_000_000,
        "p_max": defaults.p_max,
        "b_half": defaults.b_half,
        "fixed_cost": defaults.fixed_cost,
        "common_cause": defaults.common_cause,
    }
    data = request.GET if kind == access.BUYER and "budget" in request.GET else None
    form = PartnersForm(data, initial=initial)
    values = form.cleaned_data if data is not None and form.is_valid() else initial
    context = {"procedure": procedure, "kind": kind, "form": form, "result": None}
    if data is None or form.is_valid():
        try:
            result = partner_model.compare(
                budget=float(values["budget"]),
                max_partners=6,
                model=partner_model.PartnerModel(
                    p_max=float(values["p_max"]),
                    b_half=float(values["b_half"]),
                    fixed_cost=float(values["fixed_cost"]),
                    common_cause=float(values["common_cause"]),
                ),
            )
        except DomainError as exc:
            context["refusal"] = exc
        else:
            context.update(
                result=result,
                budget=float(values["budget"]),
                chart=bar_chart(
                    [
                        (
                            ngettext("%(n)s partner", "%(n)s partners", r["partners"])
                            % {"n": r["partners"]},
                            r["chance_at_least_one"],
                            f"{r['chance_at_least_one']:.0%}",
                        )
                        for r in result["by_partners"]
                    ],
                    label_width=140,
                ),
            )
    status = 400 if data is not None and not form.is_valid() else 200
    return render(request, "web/decisions/partners.html", context, status=status)


def _change(item, names, operators):
    if item is None:
        return None
    return {
        "kind": item.kind,
        "criterion": names.get(item.criterion, item.criterion),
        "tender": operators.get(item.tender, item.tender),
        "challenger": operators.get(item.challenger, item.challenger),
        "incumbent": operators.get(item.incumbent, item.incumbent),
        "old": item.old,
        "new": item.new,
        "relative": item.relative * 100,
    }


@login_required
def ranking(request, pk, round_pk):
    """The ranking of an opened round by the announced method, and the smallest change of one
    score or one weight that would change the winner, before the award decision."""
    procedure, kind = _reader(request, pk)
    tender_round = get_object_or_404(TenderRound, pk=round_pk, procedure=procedure)
    context = {
        "procedure": procedure,
        "kind": kind,
        "round": tender_round,
        "ranking": [],
        "method": [
            METHOD_LABELS.get(v, v)
            for v in (procedure.scoring_method, procedure.price_scoring, procedure.tie_break_rule)
        ],
    }
    if tender_round.is_opened:
        names = {str(c.pk): c.name for c in procedure.award_criteria.all()}
        ranked, refusal = attempt(lambda: round_ranking(tender_round))
        if refusal is None:
            operators = {str(t.pk): t.operator.name for t, _r in ranked}
            sensitivity, refusal = attempt(lambda: round_sensitivity(tender_round))
            criteria = list(procedure.award_criteria.order_by("pk"))
            context.update(
                ranking=[
                    {
                        "tender": t,
                        "result": r,
                        "points": [r.points.get(str(c.pk)) for c in criteria],
                    }
                    for t, r in ranked
                ],
                criteria=criteria,
            )
            if sensitivity is not None:
                context.update(
                    smallest=_change(sensitivity.smallest, names, operators),
                    score_change=_change(sensitivity.smallest_score_change, names, operators),
                    weight_change=_change(sensitivity.smallest_weight_change, names, operators),
                    places=(procedure.intended_partners or 1)
                    if procedure.type.has_rd_phases
                    else 1,
                )
        context["refusal"] = refusal
    return render(request, "web/decisions/ranking.html", context)
