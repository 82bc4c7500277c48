"""Charts of a risk analysis with Matplotlib's Agg backend: tornado, heat map, distribution."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .simulation import CLASS_LABELS, Analysis


def write_charts(analysis: Analysis, folder: Path, *, fmt: str = "svg") -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    written = []

    drivers = analysis.cost_before.drivers[:10][::-1]
    fig, ax = plt.subplots(figsize=(8, 0.4 * len(drivers) + 1.5))
    ax.barh([k[:50] for k, _ in drivers], [v for _, v in drivers], color="#b03a2e")
    ax.set_xlabel("daling van P80 kostenoverschrijding zonder dit risico (EUR)")
    ax.set_title("Tornado: grootste drijvers")
    fig.tight_layout()
    written.append(folder / f"risks-tornado.{fmt}")
    fig.savefig(written[-1])
    plt.close(fig)

    fig, axes = plt.subplots(1, 2, figsize=(10, 4.5))
    for ax, matrix, title in (
        (axes[0], analysis.heat_before, "voor beheersing"),
        (axes[1], analysis.heat_after, "na beheersing"),
    ):
        ax.imshow(matrix, origin="lower", cmap="YlOrRd")
        for (row, col), count in np.ndenumerate(matrix):
            ax.text(col, row, str(count), ha="center", va="center")
        ax.set_xticks(range(5), CLASS_LABELS, rotation=30)
        ax.set_yticks(range(5), CLASS_LABELS)
        ax.set_xlabel("gevolg")
        ax.set_ylabel("kans")
        ax.set_title(title)
    fig.tight_layout()
    written.append(folder / f"risks-heatmap.{fmt}")
    fig.savefig(written[-1])
    plt.close(fig)

    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for ax, (before, after, unit) in zip(
        axes,
        (
            (analysis.cost_before, analysis.cost_after, "EUR"),
            (analysis.delay_before, analysis.delay_after, "dagen"),
        ),
        strict=True,
    ):
        ax.hist(before.samples, bins=60, alpha=0.6, label="voor")
        ax.hist(after.samples, bins=60, alpha=0.6, label="na")
        for q, value in before.percentiles.items():
            ax.axvline(value, linestyle=":", color="black")
            ax.text(value, ax.get_ylim()[1] * 0.9, f"P{q}", rotation=90)
        ax.set_xlabel(unit)
        ax.legend()
    fig.tight_layout()
    written.append(folder / f"risks-distribution.{fmt}")
    fig.savefig(written[-1])
    plt.close(fig)
    return written
