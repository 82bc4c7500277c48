"""The buyer's tender rounds: open the next round (Art. 31(3)), negotiate on an opened round
with every remaining tenderer (Art. 31(3)-(4)), and reduce after a scored round if the documents
announced it (Art. 31(5)). Which forms the page shows, and why an action is not available now,
comes from negotiation.selectors.round_next_actions, built from the rules the services check;
each form calls one service; a refusal shows the rule."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innopartner.negotiation import services as negotiation
from innopartner.negotiation.selectors import round_next_actions
from innopartner.participation.selectors import remaining_participants
from innopartner.tendering import services as tendering
from innopartner.tendering.models import TenderRound
from innopartner.web import access, clock
from innopartner.web.round_forms import NegotiationForm, ReductionForm, RoundOpenForm
from innopartner.web.views.base import attempt, done, refused

TEMPLATE = "web/rounds/rounds.html"


def _procedure(request, pk):
    procedure = access.procedure_for(request.membership, pk)
    access.require(request.membership, access.BUYER)
    return procedure


def _context(procedure, **forms):
    """The page shows a form for each action the engine allows now, and for the others the
    reason the engine gives (round_next_actions asks the rules the services check)."""
    actions = round_next_actions(procedure=procedure, now=clock.now())
    remaining = remaining_participants(procedure=procedure)
    rounds = list(procedure.rounds.order_by("number").prefetch_related("tenders"))
    kinds = dict(RoundOpenForm.base_fields["kind"].choices)
    return {
        "procedure": procedure,
        "rounds": rounds,
        "latest": actions.tender_round,
        "actions": actions,
        "refused_kinds": [
            (kinds[kind], action.reason)
            for kind, action in actions.open_round.items()
            if not action.possible
        ],
        "remaining": remaining,
        "open_form": forms.get("open_form") or RoundOpenForm(),
        "negotiation_form": forms.get("negotiation_form")
        or (NegotiationForm(operators=actions.negotiate_with) if actions.may_negotiate else None),
        "reduction_form": forms.get("reduction_form")
        or (ReductionForm(operators=remaining) if actions.may_reduce else None),
    }


@login_required
def rounds(request, pk):
    procedure = _procedure(request, pk)
    return render(request, TEMPLATE, _context(procedure))


@login_required
@require_POST
def round_open(request, pk):
    procedure = _procedure(request, pk)
    form = RoundOpenForm(request.POST)
    context = _context(procedure, open_form=form)
    if not form.is_valid():
        return render(request, TEMPLATE, context, status=400)
    _result, refusal = attempt(
        lambda: tendering.round_open(
            procedure=procedure,
            kind=form.cleaned_data["kind"],
            deadline=form.cleaned_data["deadline"],
            price_required=form.cleaned_data["price_required"],
            now=clock.now(),
            actor=request.user,
        )
    )
    if refusal:
        return refused(request, TEMPLATE, context, refusal)
    return done(request, _("De ronde is geopend voor inschrijvingen."), "web:rounds", procedure.pk)


@login_required
@require_POST
def round_negotiate(request, pk, round_pk):
    procedure = _procedure(request, pk)
    tender_round = get_object_or_404(TenderRound, pk=round_pk, procedure=procedure)
    form = NegotiationForm(request.POST, operators=remaining_participants(procedure=procedure))
    context = _context(procedure, negotiation_form=form)
    if not form.is_valid():
        return render(request, TEMPLATE, context, status=400)
    _result, refusal = attempt(
        lambda: negotiation.round_negotiate(
            tender_round=tender_round, minutes=form.minutes(), now=clock.now(), actor=request.user
        )
    )
    if refusal:
        return refused(request, TEMPLATE, context, refusal)
    return done(request, _("De onderhandeling is vastgelegd."), "web:rounds", procedure.pk)


@login_required
@require_POST
def tenders_reduce(request, pk, round_pk):
    procedure = _procedure(request, pk)
    tender_round = get_object_or_404(TenderRound, pk=round_pk, procedure=procedure)
    form = ReductionForm(request.POST, operators=remaining_participants(procedure=procedure))
    context = _context(procedure, reduction_form=form)
    if not form.is_valid():
        return render(request, TEMPLATE, context, status=400)
    chosen = form.chosen()
    _result, refusal = attempt(
        lambda: negotiation.tenders_reduce(
            tender_round=tender_round,
            eliminate=chosen,
            reasons={str(o.pk): form.cleaned_data["reason"] for o in chosen},
            now=clock.now(),
            actor=request.user,
        )
    )
    if refusal:
        return refused(request, TEMPLATE, context, refusal)
    return done(
        request,
        _("De reductie is vastgelegd; de afgevallen inschrijvers hebben een brief."),
        "web:rounds",
        procedure.pk,
    )
