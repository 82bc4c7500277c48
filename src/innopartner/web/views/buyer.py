"""Buyer actions: publish the notice, answer and publish questions, open tenders (four eyes),
the selection decision, the award decision, the gate. Each view calls one service and shows
the rule when the engine refuses."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innopartner.award import services as award
from innopartner.evaluation.selectors import round_ranking
from innopartner.negotiation import services as negotiation
from innopartner.negotiation.models import Question
from innopartner.participation import services as participation
from innopartner.parties.models import Organisation
from innopartner.partnership import services as partnership
from innopartner.partnership.models import PartnerPhase
from innopartner.procedures import services as procedures
from innopartner.tendering import services as tendering
from innopartner.tendering.models import TenderOpening, TenderRound
from innopartner.tendering.selectors import tender_list_visible_to
from innopartner.web import access, clock
from innopartner.web.forms import (
    AnswerForm,
    AssessForm,
    AwardForm,
    GateForm,
    InviteForm,
    MeetingForm,
    NoticePublishForm,
)
from innopartner.web.views.base import attempt, done, refused


def _buyer_procedure(request, pk):
    procedure = access.procedure_for(request.membership, pk)
    access.require(request.membership, access.BUYER)
    return procedure


@login_required
def notice_publish(request, pk):
    procedure = _buyer_procedure(request, pk)
    form = NoticePublishForm(request.POST or None)
    context = {"procedure": procedure, "form": form}
    template = "web/buyer/notice_publish.html"
    if request.method == "POST" and form.is_valid():
        _result, refusal = attempt(
            lambda: procedures.notice_publish(
                procedure=procedure,
                requests_deadline=form.cleaned_data["requests_deadline"],
                channel=form.cleaned_data["channel"],
                now=clock.now(),
                actor=request.user,
            )
        )
        if refusal:
            return refused(request, template, context, refusal)
        return done(request, _("De aankondiging is gepubliceerd."), "web:procedure", procedure.pk)
    return render(request, template, context)


def _questions_context(procedure, **extra):
    """The questions page: every question with its asker, the drafts, and whether the
    approval step (four eyes) is on for this procedure."""
    return {
        "procedure": procedure,
        "items": procedure.questions.select_related(
            "asked_by", "answered_by", "approved_by"
        ).order_by("asked_at"),
        "form": AnswerForm(),
        "approval_required": negotiation.approval_required(procedure),
        **extra,
    }


@login_required
def questions(request, pk):
    """Every question with its asker (the buyer sees who asked); draft answers; approve or
    return them (when the approval step is on); publish."""
    procedure = _buyer_procedure(request, pk)
    return render(request, "web/buyer/questions.html", _questions_context(procedure))


@login_required
@require_POST
def question_answer(request, pk, question_pk):
    procedure = _buyer_procedure(request, pk)
    question = get_object_or_404(Question, pk=question_pk, procedure=procedure)
    form = AnswerForm(request.POST)
    context = _questions_context(procedure, form=form, editing=question.pk)
    if form.is_valid():
        _result, refusal = attempt(
            lambda: negotiation.question_answer(
                question=question,
                answer=form.cleaned_data["answer"],
                now=clock.now(),
                actor=request.user,
            )
        )
        if refusal is None:
            return done(
                request, _("Het antwoord is opgeslagen als concept."), "web:questions", procedure.pk
            )
        return refused(request, "web/buyer/questions.html", context, refusal)
    return render(request, "web/buyer/questions.html", context, status=400)


@login_required
@require_POST
def answer_approve(request, pk, question_pk):
    """A second colleague approves a drafted answer (four eyes)."""
    procedure = _buyer_procedure(request, pk)
    question = get_object_or_404(Question, pk=question_pk, procedure=procedure)
    _result, refusal = attempt(
        lambda: negotiation.answer_approve(question=question, now=clock.now(), actor=request.user)
    )
    if refusal:
        return refused(request, "web/buyer/questions.html", _questions_context(procedure), refusal)
    return done(request, _("Het antwoord is goedgekeurd."), "web:questions", procedure.pk)


@login_required
@require_POST
def answer_return(request, pk, question_pk):
    """A colleague returns a drafted answer for rework, saying what to change."""
    procedure = _buyer_procedure(request, pk)
    question = get_object_or_404(Question, pk=question_pk, procedure=procedure)
    note = request.POST.get("note", "")
    _result, refusal = attempt(
        lambda: negotiation.answer_return(
            question=question, note=note, now=clock.now(), actor=request.user
        )
    )
    if refusal:
        context = _questions_context(procedure, returning=question.pk, note=note)
        return refused(request, "web/buyer/questions.html", context, refusal)
    return done(
        request, _("Het antwoord is teruggestuurd ter bewerking."), "web:questions", procedure.pk
    )


@login_required
@require_POST
def answer_approval_set(request, pk):
    """Turn the approval step for answers on or off for this procedure."""
    procedure = _buyer_procedure(request, pk)
    required = request.POST.get("approval_required") == "on"
    _result, refusal = attempt(
        lambda: negotiation.answer_approval_set(
            procedure=procedure, required=required, now=clock.now(), actor=request.user
        )
    )
    if refusal:
        return refused(request, "web/buyer/questions.html", _questions_context(procedure), refusal)
    message = (
        _("Antwoorden worden voortaan eerst door een tweede collega goedgekeurd.")
        if required
        else _("Antwoorden worden gepubliceerd zonder goedkeuring door een tweede collega.")
    )
    return done(request, message, "web:questions", procedure.pk)


@login_required
@require_POST
def answers_publish(request, pk):
    procedure = _buyer_procedure(request, pk)
    result, refusal = attempt(
        lambda: negotiation.answers_publish(
            procedure=procedure, now=clock.now(), actor=request.user
        )
    )
    if refusal:
        return refused(request, "web/buyer/questions.html", _questions_context(procedure), refusal)
    return done(
        request,
        _("%(n)s antwoord(en) gepubliceerd in de nota van inlichtingen.") % {"n": len(result)},
        "web:nota",
        procedure.pk,
    )


@login_required
def opening(request, pk, round_pk):
    """Four eyes: one colleague starts the opening after the deadline, another confirms."""
    procedure = _buyer_procedure(request, pk)
    tender_round = get_object_or_404(TenderRound, pk=round_pk, procedure=procedure)
    started = tender_round.openings.first()
    context = {
        "procedure": procedure,
        "round": tender_round,
        "opening": started,
        "now": clock.now(),
        "tenders": tender_list_visible_to(user=request.user, procedure=procedure).filter(
            round=tender_round
        ),
    }
    template = "web/buyer/opening.html"
    if request.method == "POST":
        if request.POST.get("action") == "confirm" and started is not None:
            call = lambda: tendering.tenders_opening_confirm(  # noqa: E731
                opening=TenderOpening.objects.get(pk=started.pk),
                now=clock.now(),
                actor=request.user,
            )
            message = _("De opening is bevestigd; het proces-verbaal is opgemaakt.")
        else:
            call = lambda: tendering.tenders_opening_start(  # noqa: E731
                tender_round=tender_round, now=clock.now(), actor=request.user
            )
            message = _("De opening is gestart; een tweede collega bevestigt haar.")
        _result, refusal = attempt(call)
        if refusal:
            return refused(request, template, context, refusal)
        return done(request, message, "web:opening", procedure.pk, tender_round.pk)
    return render(request, template, context)


def _with_statements(procedure, user):
    """Each request with its sealed statement, opened through the one selector that may (and
    records the read); ``None`` while the requests are still sealed."""
    from innopartner.core.exceptions import DomainError
    from innopartner.participation.selectors import request_statement

    requests = list(procedure.requests.select_related("operator", "procedure"))
    for r in requests:
        try:
            r.statement_text = request_statement(request=r, user=user, now=clock.now())
        except DomainError:
            r.statement_text = None
    return requests


def _selection_context(procedure, post=None, *, user=None):
    qualified = procedure.requests.filter(status="qualified").select_related("operator")
    return {
        "procedure": procedure,
        "requests": _with_statements(procedure, user),
        "assess_form": AssessForm(),
        "invite_form": InviteForm(
            post, choices=[(str(r.operator_id), r.operator.name) for r in qualified]
        ),
    }


@login_required
def selection(request, pk):
    procedure = _buyer_procedure(request, pk)
    template = "web/buyer/selection.html"
    if request.method == "POST":
        context = _selection_context(procedure, request.POST, user=request.user)
        form = context["invite_form"]
        if form.is_valid():
            chosen = list(Organisation.objects.filter(pk__in=form.cleaned_data["operators"]))
            _result, refusal = attempt(
                lambda: participation.candidates_invite(
                    procedure=procedure,
                    operators=chosen,
                    fewer_reason=form.cleaned_data["fewer_reason"],
                    now=clock.now(),
                    actor=request.user,
                )
            )
            if refusal:
                return refused(request, template, context, refusal)
            return done(
                request,
                _("De selectiebeslissing is vastgelegd en verzonden."),
                "web:procedure",
                procedure.pk,
            )
        return render(request, template, context, status=400)
    return render(request, template, _selection_context(procedure, user=request.user))


@login_required
@require_POST
def request_assess(request, pk, request_pk):
    procedure = _buyer_procedure(request, pk)
    req = get_object_or_404(procedure.requests, pk=request_pk)
    form = AssessForm(request.POST)
    context = _selection_context(procedure, user=request.user)
    context["assess_form"], context["assessing"] = form, req.pk
    if form.is_valid():
        _result, refusal = attempt(
            lambda: participation.request_assess(
                request=req,
                qualified=form.cleaned_data["qualified"],
                assessment=form.cleaned_data["assessment"],
                now=clock.now(),
                actor=request.user,
            )
        )
        if refusal is None:
            return done(request, _("De beoordeling is vastgelegd."), "web:selection", procedure.pk)
        return refused(request, "web/buyer/selection.html", context, refusal)
    return render(request, "web/buyer/selection.html", context, status=400)


@login_required
def award_decide(request, pk):
    procedure = _buyer_procedure(request, pk)
    last = procedure.rounds.order_by("-number").first()
    ranking, not_ranked = [], None
    if last is not None and last.is_opened:
        # While the committee is still scoring, the ranking cannot be made: say why, not 500.
        ranking, not_ranked = attempt(lambda: round_ranking(last))
        ranking = ranking or []
    form = AwardForm(
        request.POST or None,
        choices=[(str(t.operator_id), t.operator.name) for t, _r in ranking],
    )
    template = "web/buyer/award.html"
    context = {
        "procedure": procedure,
        "ranking": ranking,
        "form": form,
        "decision": getattr(procedure, "award_decision", None),
        "last_round": last,
        "not_ranked": not_ranked,
    }
    if request.method == "POST" and form.is_valid():
        winners = list(Organisation.objects.filter(pk__in=form.cleaned_data["winners"]))
        _result, refusal = attempt(
            lambda: award.award_decide(
                procedure=procedure,
                winners=winners,
                reasons=form.cleaned_data["reasons"],
                now=clock.now(),
                actor=request.user,
            )
        )
        if refusal:
            return refused(request, template, context, refusal)
        return done(
            request,
            _("De gunningsbeslissing is verzonden; de opschortende termijn loopt."),
            "web:award",
            procedure.pk,
        )
    return render(request, template, context, status=400 if request.method == "POST" else 200)


@login_required
def gate_decide(request, pk):
    procedure = _buyer_procedure(request, pk)
    number = partnership.current_phase_number(procedure)
    running = PartnerPhase.objects.filter(
        partner__procedure=procedure, phase__number=number, outcome=""
    ).select_related("partner__operator", "phase")
    form = GateForm(
        request.POST or None,
        choices=[(str(pp.partner.operator_id), pp.partner.operator.name) for pp in running],
    )
    template = "web/buyer/gate.html"
    context = {"procedure": procedure, "number": number, "running": running, "form": form}
    if request.method == "POST" and form.is_valid():
        continuing = list(Organisation.objects.filter(pk__in=form.cleaned_data["continuing"]))
        _result, refusal = attempt(
            lambda: partnership.gate_decide(
                procedure=procedure,
                phase_number=number or 0,
                reasons=form.cleaned_data["reasons"],
                continuing=None if form.cleaned_data["end_partnership"] else continuing,
                end_partnership=form.cleaned_data["end_partnership"],
                now=clock.now(),
                actor=request.user,
            )
        )
        if refusal:
            return refused(request, template, context, refusal)
        return done(
            request,
            _("Het besluit op het beslismoment is vastgelegd."),
            "web:procedure",
            procedure.pk,
        )
    return render(request, template, context, status=400 if request.method == "POST" else 200)


def _candidates(procedure):
    """The operators that requested to participate, for a one-to-one meeting."""
    return [
        r.operator for r in procedure.requests.select_related("operator").order_by("submitted_at")
    ]


@login_required
def meetings(request, pk):
    """The meetings of the procedure with agenda and minutes; record one that was held."""
    procedure = _buyer_procedure(request, pk)
    candidates = _candidates(procedure)
    form = MeetingForm(request.POST or None, operators=candidates)
    template = "web/buyer/meetings.html"
    context = {
        "procedure": procedure,
        "form": form,
        "items": procedure.meetings.select_related("operator").order_by("held_at"),
    }
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["operator"]
        operator = next((o for o in candidates if str(o.pk) == chosen), None)
        _result, refusal = attempt(
            lambda: negotiation.meeting_record(
                procedure=procedure,
                kind=form.cleaned_data["kind"],
                held_at=form.cleaned_data["held_at"],
                operator=operator,
                agenda=form.cleaned_data["agenda"],
                minutes=form.cleaned_data["minutes"],
                attendees=form.cleaned_data["attendees"],
                now=clock.now(),
                actor=request.user,
            )
        )
        if refusal:
            return refused(request, template, context, refusal)
        return done(request, _("De bijeenkomst is vastgelegd."), "web:meetings", procedure.pk)
    return render(request, template, context, status=400 if request.method == "POST" else 200)
