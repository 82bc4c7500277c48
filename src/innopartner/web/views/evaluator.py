"""Scoring: each evaluator scores every quality criterion with a justification and sees the
others' scores on a criterion only after submitting their own (``scores_visible_to``); buyer
staff then record the committee's consensus; an auditor reads every score and changes none
(the services refuse a score or consensus from anyone else)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from innopartner.core.exceptions import NotAllowed
from innopartner.evaluation import services as evaluation
from innopartner.evaluation.models import ConsensusScore, Score
from innopartner.evaluation.selectors import scores_visible_to
from innopartner.tendering.models import Tender, TenderRound
from innopartner.tendering.selectors import live_tenders
from innopartner.web import access, clock
from innopartner.web.forms import ScoreForm
from innopartner.web.views.base import attempt, done


def _opened_round(request, pk, round_pk) -> tuple:
    procedure = access.procedure_for(request.membership, pk)
    kind = access.require(request.membership, access.BUYER, access.EVALUATOR, access.AUDITOR)
    tender_round = get_object_or_404(TenderRound, pk=round_pk, procedure=procedure)
    if not tender_round.is_opened:
        raise NotAllowed(
            _(
                "De inschrijvingen van deze ronde zijn nog niet geopend; beoordelen kan pas na de "
                "opening."
            ),
            code="tender-sealed",
            article="Art. 22(3) Richtlijn 2014/24/EU",
        )
    return procedure, tender_round, kind


@login_required
def round_scores(request, pk, round_pk):
    procedure, tender_round, kind = _opened_round(request, pk, round_pk)
    criteria = list(procedure.award_criteria.filter(kind="quality"))
    rows = []
    for tender in live_tenders(tender_round):
        mine = Score.objects.filter(tender=tender, evaluator=request.user).count()
        agreed = ConsensusScore.objects.filter(tender=tender).count()
        rows.append({"tender": tender, "mine": mine, "agreed": agreed})
    return render(
        request,
        "web/evaluator/round_scores.html",
        {
            "procedure": procedure,
            "round": tender_round,
            "rows": rows,
            "criteria": criteria,
            "kind": kind,
        },
    )


@login_required
def tender_score(request, pk):
    tender = get_object_or_404(Tender.objects.select_related("round__procedure", "operator"), pk=pk)
    procedure, tender_round, kind = _opened_round(
        request, tender.round.procedure_id, tender.round_id
    )
    criteria = list(procedure.award_criteria.filter(kind="quality"))
    refusal = None
    posted = None
    if request.method == "POST":
        posted = ScoreForm(request.POST)
        if posted.is_valid():
            criterion = next(
                (c for c in criteria if str(c.pk) == posted.cleaned_data["criterion"]), None
            )
            service = (
                evaluation.score_submit
                if kind == access.EVALUATOR
                else (evaluation.consensus_record)
            )
            if criterion is not None:
                _result, refusal = attempt(
                    lambda: service(
                        tender=tender,
                        criterion=criterion,
                        score=posted.cleaned_data["score"],
                        justification=posted.cleaned_data["justification"],
                        now=clock.now(),
                        actor=request.user,
                    )
                )
                if refusal is None:
                    return done(
                        request, _("De score is vastgelegd."), "web:tender_score", tender.pk
                    )
    visible = list(scores_visible_to(user=request.user, tender=tender))
    consensus = {c.criterion_id: c for c in ConsensusScore.objects.filter(tender=tender)}
    blocks = []
    for criterion in criteria:
        own = next(
            (
                s
                for s in visible
                if s.criterion_id == criterion.pk and s.evaluator_id == request.user.pk
            ),
            None,
        )
        if posted is not None and posted.data.get("criterion") == str(criterion.pk):
            form = posted
        else:
            initial = {"criterion": str(criterion.pk)}
            if own is not None:
                initial.update(score=own.score, justification=own.justification)
            form = ScoreForm(initial=initial, prefix=None)
        blocks.append(
            {
                "criterion": criterion,
                "form": form,
                "own": own,
                "others": [s for s in visible if s.criterion_id == criterion.pk and s is not own],
                "consensus": consensus.get(criterion.pk),
            }
        )
    return render(
        request,
        "web/evaluator/tender_score.html",
        {
            "procedure": procedure,
            "round": tender_round,
            "tender": tender,
            "blocks": blocks,
            "kind": kind,
            "refusal": refusal,
        },
        status=400 if request.method == "POST" else 200,
    )
