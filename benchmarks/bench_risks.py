"""Benchmark: the Monte Carlo simulation of a risk register, 100,000 iterations of 50 risks,
against a baseline measured in the same run: drawing the same number of uniform random
samples with NumPy alone (3 per risk and iteration: occurrence, cost, delay).

The simulation covers before and after mitigation (half of the risks mitigated), the
percentiles and the tornado of both totals. Only the ratio counts on shared machines; the
absolute time must stay well under a second. Run it with ``./dev bench``.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

from innopartner.risks.simulation import RiskInput, ThreePoint, random_samples_baseline, simulate

ITERATIONS, RISKS = 100_000, 50


def register(n: int = RISKS, seed: int = 2024) -> list[RiskInput]:
    rng = np.random.default_rng(seed)
    risks = []
    for i in range(n):
        low = float(rng.uniform(0, 50_000))
        likely = low + float(rng.uniform(0, 100_000))
        high = likely + float(rng.uniform(0, 300_000))
        days = sorted(float(d) for d in rng.uniform(0, 180, 3))
        mitigated = i % 2 == 0
        risks.append(
            RiskInput(
                key=f"R{i + 1}",
                probability=float(rng.uniform(0.05, 0.6)),
                cost=ThreePoint(low, likely, high),
                delay=ThreePoint(*days),
                probability_after=float(rng.uniform(0.01, 0.05)) if mitigated else None,
                mitigation_cost=10_000.0 if mitigated else 0.0,
            )
        )
    return risks


def timed(fn, repeats: int) -> float:
    fn()  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(repeats: int = 5) -> int:
    risks = register()
    simulation = timed(lambda: simulate(risks, iterations=ITERATIONS, seed=1), repeats)
    baseline = timed(
        lambda: random_samples_baseline(iterations=ITERATIONS, risks=RISKS, seed=1), repeats
    )
    print(f"risks: {ITERATIONS:,} iterations x {RISKS} risks, median of {repeats}")
    print(f"  simulation (before and after mitigation, percentiles, tornado): {simulation:.3f} s")
    draws = 3 * ITERATIONS * RISKS
    print(f"  baseline ({draws:,} uniform draws with NumPy alone): {baseline:.3f} s")
    print(f"  ratio simulation/baseline: {simulation / baseline:.1f}x")
    if simulation >= 1.0:
        print("  TOO SLOW: the simulation must run well under a second", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
