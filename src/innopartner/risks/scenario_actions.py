"""Scenario steps of this app, registered with the runner's ``@action`` decorator.

``risk``: enter risks into the register, each with optional mitigations::

    - do: risk
      at: 2017-11-20
      risks:
        - {title: ..., category: technical, owner: shared, probability: 0.3,
           cost: [min, likely, max], delay: [min, likely, max], source: "CASES.md §3",
           review: 2018-03-01,
           mitigations: [{description: ..., cost: 10000, probability: 0.15,
                          cost_after: [..], delay_after: [..]}]}
"""

from __future__ import annotations

from innopartner.core.timeutil import parse_moment
from innopartner.scenarios.runner import action


@action("risk")
def _risk(run, step, now):
    from . import services

    actor = run.buyer(step)
    for item in step.get("risks") or []:
        risk = services.risk_record(
            procedure=run.procedure,
            title=item["title"],
            description=item.get("description", ""),
            category=item["category"],
            owner=item["owner"],
            probability=item["probability"],
            cost=item.get("cost", [0, 0, 0]),
            delay=item.get("delay", [0, 0, 0]),
            review_date=parse_moment(item["review"]).date() if item.get("review") else None,
            source=item.get("source", ""),
            now=now,
            actor=actor,
        )
        for measure in item.get("mitigations") or []:
            services.mitigation_add(
                risk=risk,
                description=measure["description"],
                cost=measure.get("cost", 0),
                probability_after=measure.get("probability"),
                cost_after=measure.get("cost_after"),
                delay_after=measure.get("delay_after"),
                now=now,
                actor=actor,
            )
