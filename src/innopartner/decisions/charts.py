"""Charts of decision support, drawn with Matplotlib's Agg backend (no display) as SVG files.
Imported only when ``--charts DIR`` is given: Matplotlib is slow to import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from .tco import CATEGORIES  # noqa: E402


def _save(fig, folder: Path, name: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    fig.tight_layout()
    fig.savefig(path, format="svg")
    plt.close(fig)
    return str(path)


def tco_charts(result: dict[str, Any], folder: Path, prefix: str = "tco") -> list[str]:
    """NPV by category (stacked bars), cumulative discounted cost per year (break-even where the
    lines cross) and NPV against the discount rate."""
    options = result["options"]
    names = [o["name"] for o in options]
    written = []

    fig, ax = plt.subplots(figsize=(8, 4.5))
    bottom = np.zeros(len(options))
    for category in CATEGORIES:
        values = np.array([o["npv_by_category"][category] for o in options]) / 1e6
        if values.any():
            ax.bar(names, values, bottom=bottom, label=category)
            bottom += values
    ax.set_ylabel("contante waarde (mln EUR)")
    ax.set_title(f"TCO bij {result['discount_rate']:.2%} over {result['horizon_years']} jaar")
    ax.legend(fontsize=8)
    written.append(_save(fig, folder, f"{prefix}-npv.svg"))

    fig, ax = plt.subplots(figsize=(8, 4.5))
    for o in options:
        cumulative = np.array(o["cumulative_discounted"]) / 1e6
        ax.plot(np.arange(len(cumulative)), cumulative, label=o["name"])
    ax.set_xlabel("jaar")
    ax.set_ylabel("cumulatieve contante kosten (mln EUR)")
    ax.legend(fontsize=8)
    written.append(_save(fig, folder, f"{prefix}-cumulative.svg"))

    fig, ax = plt.subplots(figsize=(8, 4.5))
    rows = result["sensitivity"]["discount_rate"]
    rates = np.array([r["rate"] for r in rows]) * 100
    for name in names:
        ax.plot(rates, np.array([r["npv"][name] for r in rows]) / 1e6, marker="o", label=name)
    ax.axvline(result["discount_rate"] * 100, color="grey", linestyle="--", linewidth=1)
    ax.set_xlabel("discontovoet (%)")
    ax.set_ylabel("contante waarde (mln EUR)")
    ax.legend(fontsize=8)
    written.append(_save(fig, folder, f"{prefix}-discount-rate.svg"))
    return written


def partners_chart(result: dict[str, Any], folder: Path) -> list[str]:
    """Chance that at least one works and expected cost per working solution, 1..N partners."""
    rows = result["by_partners"]
    n = [r["partners"] for r in rows]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    chances = [r["chance_at_least_one"] for r in rows]
    ax.bar(n, chances, color="tab:blue", alpha=0.7, label="kans dat ten minste één werkt")
    ax.set_xlabel("aantal partners")
    ax.set_ylabel("kans")
    ax.set_ylim(0, 1)
    ax.set_xticks(n)
    other = ax.twinx()
    costs = [r["expected_cost_per_working"] or np.nan for r in rows]
    label = "verwachte kosten per werkende oplossing"
    other.plot(n, np.array(costs) / 1e3, color="tab:red", marker="o", label=label)
    other.set_ylabel("kosten per werkende oplossing (k EUR)")
    ax.set_title(f"Budget EUR {result['budget']:,.0f}; beste aantal: {result['best_partners']}")
    lines = ax.get_legend_handles_labels()
    more = other.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], fontsize=8, loc="lower right")
    return [_save(fig, folder, "partners.svg")]
