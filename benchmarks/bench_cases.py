"""Benchmark: the six cases through the engine, against a baseline measured in the same run.

The baseline writes the same number of audit rows with plain ORM inserts in one transaction
each, on the same database; the ratio says what the rules, locks and snapshots of the services
cost per recorded state change. These machines are shared and noisy, so only the ratio counts.

Run it with ``./dev bench``.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time


def main(repeats: int = 3) -> int:
    os.environ["INNOPARTNER_DATA"] = tempfile.mkdtemp(prefix="innopartner-bench-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innopartner.config.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from innopartner.audit.models import AuditRecord
    from innopartner.procedures.models import Procedure
    from innopartner.scenarios.format import case_paths, load_scenario
    from innopartner.scenarios.runner import run_scenario

    call_command("migrate", verbosity=0)
    scenarios = [load_scenario(p) for p in case_paths()]
    engine_times, baseline_times = [], []
    records = 0
    for repeat in range(repeats):
        before = AuditRecord.objects.count()
        start = time.perf_counter()
        for scenario in scenarios:
            scenario.case = f"{scenario.case.split('~')[0]}~{repeat}"
            result = run_scenario(scenario)
            assert result.ok, result.failure
        engine_times.append(time.perf_counter() - start)
        records = AuditRecord.objects.count() - before
        procedure = Procedure.objects.first()
        start = time.perf_counter()
        now = timezone.now()
        for index in range(records):
            with transaction.atomic():
                AuditRecord.objects.create(
                    at=now,
                    actor_label="bench",
                    action="bench.baseline",
                    procedure=procedure,
                    subject_type="bench",
                    subject_id=str(index),
                )
        baseline_times.append(time.perf_counter() - start)
    engine, baseline = statistics.median(engine_times), statistics.median(baseline_times)
    print(f"six cases: {records} audited state changes per run, {repeats} runs")
    print(f"engine   median {engine:.3f} s")
    print(f"baseline median {baseline:.3f} s  ({records} plain inserts, one transaction each)")
    print(f"ratio engine/baseline: {engine / baseline:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
