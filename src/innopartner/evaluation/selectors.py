from __future__ import annotations

from innopartner.core.exceptions import NotAllowed
from innopartner.procedures.permissions import is_buyer_staff
from innopartner.tendering.models import Tender, TenderRound
from innopartner.tendering.selectors import live_tenders

from . import rules
from .models import ConsensusScore, Score


def round_ranking(tender_round: TenderRound) -> list[tuple[Tender, rules.RankedTender]]:
    """The ranking of the live, compliant tenders of a round on the published criteria."""
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
    if not tenders:
        return []
    ranked = rules.rank(criteria=criteria, quality=quality, prices=prices)
    return [(tenders[r.key], r) for r in ranked]


def scores_visible_to(*, user, tender: Tender):
    """An evaluator sees the others' scores on a criterion only after submitting their own; the
    buyer's procurement staff see all after the committee scored."""
    scores = Score.objects.filter(tender=tender).select_related("evaluator", "criterion")
    procedure = tender.round.procedure
    if is_buyer_staff(procedure=procedure, user=user):
        return scores
    own_criteria = set(scores.filter(evaluator=user).values_list("criterion_id", flat=True))
    if not own_criteria and not Score.objects.filter(evaluator=user).exists():
        from innopartner.procedures.permissions import is_evaluator

        if not is_evaluator(procedure=procedure, user=user):
            raise NotAllowed("U bent geen beoordelaar in deze procedure.", code="not-evaluator")
    return scores.filter(criterion_id__in=own_criteria)
