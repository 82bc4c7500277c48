"""The scores of a round as a chart: for each tenderer, the points on each award criterion
from the committee's consensus scores, as server-rendered SVG with a title, a description
and the same figures in a table.

For buyer staff and auditors only (evaluators score without seeing the committee's totals;
tenderers never see each other's scores), and only once the committee has agreed every
score: before consensus ``round_ranking`` refuses, and the page shows that refusal instead of
a chart."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from innopartner.core.exceptions import NotAllowed
from innopartner.evaluation.selectors import round_ranking
from innopartner.tendering.models import TenderRound
from innopartner.web import access
from innopartner.web.views.base import attempt

# Dark enough for text contrast 4.5:1 on white and for bars 3:1 (WCAG 1.4.11), and told apart
# by the legend and the values printed on every bar, not by colour alone.
COLOURS = ("#154273", "#8a4500", "#1e6b30", "#6a1b9a", "#8d1c1c", "#00535c")
LABEL_WIDTH, PLOT_WIDTH, BAR, GAP, GROUP_GAP, TOP = 200, 380, 16, 3, 14, 10


@dataclass(frozen=True)
class Bar:
    y: int
    width: int
    colour: str
    text: str
    criterion: str


@dataclass(frozen=True)
class Group:
    y: int
    label: str
    label_y: int
    bars: list[Bar]


def score_chart(criteria: list, rows: list[tuple[str, list[Decimal | None]]]) -> dict:
    """The geometry of a grouped bar chart: one group per tenderer, one bar per criterion,
    each bar's length its points against the largest weight (points on a criterion never
    exceed its weight)."""
    scale = max((Decimal(c.weight) for c in criteria), default=Decimal(1)) or Decimal(1)
    groups, y = [], TOP
    for label, points in rows:
        bars = []
        for index, (criterion, value) in enumerate(zip(criteria, points, strict=True)):
            value = value or Decimal(0)
            bars.append(
                Bar(
                    y=y + index * (BAR + GAP),
                    width=max(1, int(PLOT_WIDTH * value / scale)),
                    colour=COLOURS[index % len(COLOURS)],
                    text=f"{value:.2f}",
                    criterion=criterion.name,
                )
            )
        height = len(criteria) * (BAR + GAP)
        groups.append(Group(y=y, label=label, label_y=y + height // 2 + 4, bars=bars))
        y += height + GROUP_GAP
    legend = [
        {"name": c.name, "colour": COLOURS[i % len(COLOURS)], "x": LABEL_WIDTH + i * 130}
        for i, c in enumerate(criteria)
    ]
    return {
        "groups": groups,
        "legend": legend,
        "legend_y": y + 6,
        "height": y + 30,
        "width": LABEL_WIDTH + PLOT_WIDTH + 70,
        "label_width": LABEL_WIDTH,
        "bar": BAR,
    }


@login_required
def round_chart(request, pk, round_pk):
    procedure = access.procedure_for(request.membership, pk)
    kind = access.require(request.membership, access.BUYER, access.AUDITOR)
    tender_round = get_object_or_404(TenderRound, pk=round_pk, procedure=procedure)
    if not tender_round.is_opened:
        raise NotAllowed(
            _("De inschrijvingen van deze ronde zijn nog niet geopend."),
            code="tender-sealed",
            article="Art. 22(3) Richtlijn 2014/24/EU",
        )
    criteria = list(procedure.award_criteria.order_by("pk"))
    ranked, refusal = attempt(lambda: round_ranking(tender_round))
    context = {"procedure": procedure, "round": tender_round, "kind": kind, "refusal": refusal}
    if refusal is None and ranked:
        rows = [(t.operator.name, [r.points.get(str(c.pk)) for c in criteria]) for t, r in ranked]
        context.update(
            criteria=criteria,
            table=[
                {"rank": r.rank, "name": t.operator.name, "points": points, "total": r.total}
                for (t, r), (_name, points) in zip(ranked, rows, strict=True)
            ],
            chart=score_chart(criteria, rows),
            chart_id=f"scores-{tender_round.number}",
        )
    status = 409 if refusal is not None else 200
    return render(request, "web/charts/round_chart.html", context, status=status)
