"""Scenario steps of this app, registered with the runner's ``@action`` decorator."""

from __future__ import annotations

from innopartner.core.exceptions import InvalidInput
from innopartner.scenarios.runner import Run, action


@action("assess_procedure_choice")
def _assess_procedure_choice(run: Run, step, now):
    """``answers``: the procedure-choice questions (docs/decision-support.md);
    ``expect_recommendation``: the advice the case must reach, checked on the spot."""
    from . import services

    assessment = services.procedure_choice_assess(
        procedure=run.procedure, answers=step["answers"], now=now, actor=run.buyer(step)
    )
    wanted = step.get("expect_recommendation")
    if wanted and assessment.recommendation != wanted:
        raise InvalidInput(
            f"Het advies is {assessment.recommendation}, verwacht {wanted}: "
            + " ".join(assessment.reasons),
            code="scenario-unexpected-recommendation",
        )


@action("tco_option")
def _tco_option(run: Run, step, now):
    """An option with its cost lines: ``name``, ``horizon_years``, ``lines`` (``category``,
    ``amount`` or ``quantity`` and ``unit_price``, ``year`` or ``from``/``to``, ``every``),
    ``description``, ``operator`` (a key, for a tender), ``assumed``, ``source``."""
    from . import services

    services.tco_option_record(
        procedure=run.procedure,
        name=step["name"],
        horizon_years=step["horizon_years"],
        lines=step["lines"],
        description=step.get("description", ""),
        operator=run.org(step["operator"]) if step.get("operator") else None,
        assumed=bool(step.get("assumed", False)),
        source=step.get("source", ""),
        now=now,
        actor=run.buyer(step),
    )
