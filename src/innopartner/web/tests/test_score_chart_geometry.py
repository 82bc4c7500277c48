"""The score chart's geometry, without the database: bars scale to the largest weight."""

from dataclasses import dataclass
from decimal import Decimal

from innopartner.web.views.charts import PLOT_WIDTH, score_chart


@dataclass
class Criterion:
    name: str
    weight: Decimal


def test_a_bar_is_as_long_as_its_points_against_the_largest_weight():
    criteria = [Criterion("Kwaliteit", Decimal(60)), Criterion("Prijs", Decimal(40))]
    chart = score_chart(criteria, [("A", [Decimal(60), Decimal(20)]), ("B", [None, Decimal(40)])])
    a, b = chart["groups"]
    assert [bar.width for bar in a.bars] == [PLOT_WIDTH, PLOT_WIDTH // 3]
    assert b.bars[0].width == 1 and b.bars[0].text == "0.00"  # no points: a sliver, labelled
    assert b.y > a.bars[-1].y  # groups do not overlap
    assert [entry["name"] for entry in chart["legend"]] == ["Kwaliteit", "Prijs"]
    assert a.bars[0].colour != a.bars[1].colour
