"""Supplier actions: register interest, request to participate (as a company or consortium),
ask a question, upload a tender and get the receipt. The operator is always the supplier's own
company or a consortium it belongs to; the engine checks that again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innopartner.negotiation import services as negotiation
from innopartner.negotiation.models import Meeting
from innopartner.participation import services as participation
from innopartner.tendering import services as tendering
from innopartner.tendering.models import Tender, TenderRound
from innopartner.web import access, clock
from innopartner.web.forms import QuestionForm, RequestForm, TenderForm, TenderReplaceForm
from innopartner.web.uploads import ALLOWED, check_upload, max_bytes
from innopartner.web.views.base import attempt, done, refusal_text, refused


def _supplier_procedure(request, pk):
    procedure = access.procedure_for(request.membership, pk)
    access.require(request.membership, access.SUPPLIER)
    operators = access.supplier_operators(request.membership)
    return procedure, operators


def _chosen(form, operators):
    return next(o for o in operators if str(o.pk) == form.cleaned_data["operator"])


@login_required
@require_POST
def interest_register(request, pk):
    procedure, operators = _supplier_procedure(request, pk)
    _result, refusal = attempt(
        lambda: participation.interest_register(
            procedure=procedure, operator=operators[0], now=clock.now(), actor=request.user
        )
    )
    if refusal:
        messages.error(request, refusal_text(refusal))
        return redirect("web:procedure", procedure.pk)
    return done(request, _("Uw belangstelling is geregistreerd."), "web:procedure", procedure.pk)


def _form_view(request, pk, form_class, template, call, message, extra=None):
    procedure, operators = _supplier_procedure(request, pk)
    form = form_class(request.POST or None, request.FILES or None)
    form.set_operators(operators)
    context = {"procedure": procedure, "form": form, **(extra or {})}
    if request.method == "POST" and form.is_valid():
        result, refusal = attempt(lambda: call(procedure, _chosen(form, operators), form))
        if refusal:
            return refused(request, template, context, refusal)
        if hasattr(result, "status_code"):
            return result
        return done(request, message, "web:procedure", procedure.pk)
    return render(request, template, context, status=400 if request.method == "POST" else 200)


@login_required
def request_submit(request, pk):
    return _form_view(
        request,
        pk,
        RequestForm,
        "web/supplier/request.html",
        lambda procedure, operator, form: participation.request_submit(
            procedure=procedure,
            operator=operator,
            statement=form.cleaned_data["statement"],
            now=clock.now(),
            actor=request.user,
        ),
        _("Uw verzoek tot deelneming is ontvangen."),
    )


@login_required
def question_ask(request, pk):
    return _form_view(
        request,
        pk,
        QuestionForm,
        "web/supplier/question.html",
        lambda procedure, operator, form: negotiation.question_ask(
            procedure=procedure,
            operator=operator,
            text=form.cleaned_data["text"],
            now=clock.now(),
            actor=request.user,
        ),
        _("Uw vraag is ontvangen. Het antwoord verschijnt in de nota van inlichtingen."),
    )


@login_required
def tender_submit(request, pk, round_pk):
    procedure, operators = _supplier_procedure(request, pk)
    tender_round = get_object_or_404(TenderRound, pk=round_pk, procedure=procedure)

    def submit(procedure, operator, form):
        content, filename = check_upload(form.cleaned_data["file"])
        receipt = tendering.tender_submit(
            tender_round=tender_round,
            operator=operator,
            content=content,
            filename=filename,
            price=form.cleaned_data["price"],
            now=clock.now(),
            clock=clock.now,  # the moment of receipt, read after the upload is stored
            actor=request.user,
        )
        return redirect("web:receipt", receipt.pk)

    return _form_view(
        request,
        pk,
        TenderForm,
        "web/supplier/tender_submit.html",
        submit,
        "",
        extra={
            "round": tender_round,
            "max_mb": max_bytes() // (1024 * 1024),
            "allowed": list(ALLOWED.values()),
        },
    )


def _own_tender(request, pk):
    """A tender of the supplier's own company or consortium; anything else is a 404, so that
    the URL reveals nothing about another company's tender."""
    tender = get_object_or_404(Tender.objects.select_related("round__procedure", "operator"), pk=pk)
    procedure = access.procedure_for(request.membership, tender.round.procedure_id)
    access.require(request.membership, access.SUPPLIER)
    if tender.operator_id not in {o.pk for o in access.supplier_operators(request.membership)}:
        raise Http404
    return procedure, tender


def _tender_change_context(procedure, tender, **extra):
    return {
        "procedure": procedure,
        "tender": tender,
        "round": tender.round,
        "max_mb": max_bytes() // (1024 * 1024),
        "allowed": list(ALLOWED.values()),
        **extra,
    }


@login_required
def tender_replace(request, pk):
    """Replace the own tender before the deadline; the upload is checked as for a first one."""
    procedure, tender = _own_tender(request, pk)
    form = TenderReplaceForm(request.POST or None, request.FILES or None)
    template = "web/supplier/tender_replace.html"
    context = _tender_change_context(procedure, tender, form=form)
    if request.method == "POST" and form.is_valid():

        def replace():
            content, filename = check_upload(form.cleaned_data["file"])
            return tendering.tender_replace(
                tender=tender,
                content=content,
                filename=filename,
                price=form.cleaned_data["price"],
                now=clock.now(),
                clock=clock.now,
                actor=request.user,
            )

        receipt, refusal = attempt(replace)
        if refusal:
            return refused(request, template, context, refusal)
        messages.success(request, _("Uw inschrijving is vervangen."))
        return redirect("web:receipt", receipt.pk)
    return render(request, template, context, status=400 if request.method == "POST" else 200)


@login_required
def tender_withdraw(request, pk):
    """Withdraw the own tender before the deadline; a confirmation page, then the receipt."""
    procedure, tender = _own_tender(request, pk)
    template = "web/supplier/tender_withdraw.html"
    context = _tender_change_context(procedure, tender)
    if request.method == "POST":
        receipt, refusal = attempt(
            lambda: tendering.tender_withdraw(tender=tender, now=clock.now(), actor=request.user)
        )
        if refusal:
            return refused(request, template, context, refusal)
        messages.success(request, _("Uw inschrijving is ingetrokken."))
        return redirect("web:receipt", receipt.pk)
    return render(request, template, context)


@login_required
def meetings(request, pk):
    """Information meetings (date and agenda) and the supplier's own one-to-one meetings with
    their minutes; never another company's meeting."""
    procedure, operators = _supplier_procedure(request, pk)
    ids = [o.pk for o in operators]
    held = procedure.meetings.select_related("operator").order_by("held_at")
    return render(
        request,
        "web/supplier/meetings.html",
        {
            "procedure": procedure,
            "information": held.filter(kind=Meeting.Kind.INFORMATION),
            "own": held.exclude(kind=Meeting.Kind.INFORMATION).filter(operator_id__in=ids),
        },
    )
