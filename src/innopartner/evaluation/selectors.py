from __future__ import annotations

from innopartner.core.exceptions import NotAllowed, NotFound, RuleViolation
from innopartner.procedures.permissions import is_auditor, is_buyer_staff
from innopartner.tendering.models import Tender, TenderRound
from innopartner.tendering.selectors import live_tenders

from . import rules
from .models import ConsensusScore, LotDrawing, Score


def scoring_method(procedure, *, lot_order: tuple[str, ...] = ()) -> rules.ScoringMethod:
    """The scoring method as the notice declares it."""
    return rules.ScoringMethod(
        method=procedure.scoring_method,
        price_scoring=procedure.price_scoring,
        price_low=procedure.price_bound_low,
        price_high=procedure.price_bound_high,
        value_per_point=procedure.quality_point_value,
        tie_break=procedure.tie_break_rule,
        lot_order=lot_order,
    )


def ensure_scoring_choices(procedure) -> None:
    """While drafting: the method, price scoring and tie-break rule are known choices."""
    method = scoring_method(procedure)
    for value, allowed, code in (
        (method.method, rules.SCORING_METHODS, "scoring-method-unknown"),
        (method.price_scoring, rules.PRICE_SCORINGS, "price-scoring-unknown"),
        (method.tie_break, rules.TIE_BREAK_RULES, "tie-break-rule-unknown"),
    ):
        if value not in allowed:
            from innopartner.core.exceptions import InvalidInput

            raise InvalidInput(f"'{value}' is niet een van: {', '.join(allowed)}.", code=code)


def ensure_scoring_publishable(procedure) -> None:
    """At publication: the declared method is complete (bounds, value per point)."""
    rules.ensure_scoring_declared(scoring_method(procedure))


def life_cycle_costs(procedure, tenders: dict[str, Tender]) -> dict[str, object]:
    """Art. 67(2) and 68: with a cost criterion, what is scored as "price" is each tender's
    life-cycle cost: the net present value of its total cost of ownership (the TCO recorded
    for the tenderer, at the discount rate of the settings). Every tender needs one; a cost
    criterion and a price criterion together would score the same money twice."""
    from django.conf import settings

    from innopartner.decisions.selectors import tco_options
    from innopartner.decisions.tco import tco_as_price

    if procedure.award_criteria.filter(kind="price").exists():
        raise RuleViolation(
            "Een kostencriterium (levenscycluskosten) en een prijscriterium tellen hetzelfde geld "
            "dubbel; kies er één.",
            code="price-and-cost-criteria",
            article="Art. 67(2) en 68 Richtlijn 2014/24/EU",
        )
    by_operator = {str(t.operator_id): key for key, t in tenders.items()}
    options = [o for o in tco_options(procedure) if o.key in by_operator]
    costs = tco_as_price(options, rate=settings.DISCOUNT_RATE)
    missing = [t.operator.name for t in tenders.values() if str(t.operator_id) not in costs]
    if missing:
        raise RuleViolation(
            "Levenscycluskosten ontbreken voor: " + ", ".join(sorted(missing)) + ".",
            code="life-cycle-cost-missing",
            article="Art. 68 Richtlijn 2014/24/EU",
        )
    return {by_operator[operator]: cost for operator, cost in costs.items()}


def _round_inputs(tender_round: TenderRound):
    procedure = tender_round.procedure
    tenders = {str(t.pk): t for t in live_tenders(tender_round).filter(compliant=True)}
    criteria = [
        rules.CriterionSpec(
            key=str(c.pk),
            kind=c.kind,
            weight=c.weight,
            scale_min=c.scale_min,
            scale_max=c.scale_max,
        )
        for c in procedure.award_criteria.all()
    ]
    quality: dict[str, dict[str, object]] = {key: {} for key in tenders}
    for consensus in ConsensusScore.objects.filter(tender_id__in=list(tenders)):
        quality[str(consensus.tender_id)][str(consensus.criterion_id)] = consensus.score
    prices = {key: tender.price for key, tender in tenders.items()}
    if any(c.kind == "cost" for c in criteria):
        prices = life_cycle_costs(procedure, tenders)
    drawing = LotDrawing.objects.filter(tender_round=tender_round).first()
    method = scoring_method(procedure, lot_order=tuple(drawing.order) if drawing else ())
    return tenders, criteria, quality, prices, method


def round_ranking(tender_round: TenderRound) -> list[tuple[Tender, rules.RankedTender]]:
    """The ranking of the live, compliant tenders of a round on the published criteria, by the
    published scoring method and tie-break rule."""
    tenders, criteria, quality, prices, method = _round_inputs(tender_round)
    if not tenders:
        return []
    ranked = rules.rank(criteria=criteria, quality=quality, prices=prices, method=method)
    return [(tenders[r.key], r) for r in ranked]


def round_sensitivity(tender_round: TenderRound, *, places: int | None = None) -> rules.Sensitivity:
    """Shown to the committee before the award decision: the smallest change of one score or
    one weight that would change who is in the first ``places`` (default: the number of
    partners the documents intend, else 1)."""
    tenders, criteria, quality, prices, method = _round_inputs(tender_round)
    if places is None:
        procedure = tender_round.procedure
        places = procedure.intended_partners if procedure.type.has_rd_phases else 1
        places = places or 1
    if len(tenders) <= places:
        return rules.Sensitivity(None, None)
    return rules.sensitivity(
        criteria=criteria, quality=quality, prices=prices, method=method, places=places
    )


def scores_visible_to(*, user, tender: Tender):
    """An evaluator sees the others' scores on a criterion only after submitting their own; the
    buyer's procurement staff see all after the committee scored."""
    scores = Score.objects.filter(tender=tender).select_related("evaluator", "criterion")
    procedure = tender.round.procedure
    if is_buyer_staff(procedure=procedure, user=user) or is_auditor(user):
        return scores  # the auditor reads, and can no longer influence anybody's score
    own_criteria = set(scores.filter(evaluator=user).values_list("criterion_id", flat=True))
    if not own_criteria and not Score.objects.filter(evaluator=user).exists():
        from innopartner.procedures.permissions import is_evaluator

        if not is_evaluator(procedure=procedure, user=user):
            raise NotAllowed("U bent geen beoordelaar in deze procedure.", code="not-evaluator")
    return scores.filter(criterion_id__in=own_criteria)


def scoring_report(procedure, *, round_number: int | None) -> dict:
    """The ranking of an opened round (default: the last) by the declared method, with the
    points per criterion and the sensitivity check, as plain data (the CLI and the API)."""
    rounds = [r for r in procedure.rounds.order_by("-number") if r.is_opened]
    if round_number is not None:
        rounds = [r for r in rounds if r.number == round_number]
    tender_round = rounds[0] if rounds else None
    if tender_round is None:
        raise NotFound("Geen geopende ronde om te tonen.", code="round-not-found")
    names = {str(c.pk): c.name for c in procedure.award_criteria.all()}
    ranking = round_ranking(tender_round)
    operators = {str(t.pk): t.operator.name for t, _ in ranking}
    sensitivity = round_sensitivity(tender_round)

    def change(item):
        if item is None:
            return None
        data = item.as_dict()
        data["criterion"] = names.get(data["criterion"], data["criterion"])
        for key in ("tender", "challenger", "incumbent"):
            data[key] = operators.get(data[key], data[key])
        kind = "score" if item.kind == "score" else "gewicht"
        data["description"] = (
            f"{kind} '{data['criterion']}'"
            + (f" van {data['tender']}" if item.kind == "score" else "")
            + f" van {data['from']:g} naar {data['to']:g}: {data['challenger']} haalt "
            f"{data['incumbent']} in (of staat gelijk)"
        )
        return data

    return {
        "procedure": procedure.slug or str(procedure.pk),
        "round": tender_round.number,
        "method": {
            "scoring_method": procedure.scoring_method,
            "price_scoring": procedure.price_scoring,
            "price_bounds": [
                None if v is None else str(v)
                for v in (procedure.price_bound_low, procedure.price_bound_high)
            ],
            "quality_point_value": None
            if procedure.quality_point_value is None
            else str(procedure.quality_point_value),
            "tie_break_rule": procedure.tie_break_rule,
        },
        "ranking": [
            {
                "rank": r.rank,
                "tenderer": t.operator.name,
                "total": str(r.total),
                "quality_points": str(r.quality_points),
                "price": None if r.price is None else str(r.price),
                "fictitious_price": None if r.fictitious_price is None else str(r.fictitious_price),
                "points": {names.get(k, k): str(v) for k, v in r.points.items()},
            }
            for t, r in ranking
        ],
        "sensitivity": {
            "smallest": change(sensitivity.smallest),
            "smallest_score_change": change(sensitivity.smallest_score_change),
            "smallest_weight_change": change(sensitivity.smallest_weight_change),
        },
    }
