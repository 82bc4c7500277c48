"""Supplier actions: register interest, request to participate (as a company or consortium),
ask a question, upload a tender and get the receipt. The operator is always the supplier's own
company or a consortium it belongs to; the engine checks that again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innopartner.negotiation import services as negotiation
from innopartner.participation import services as participation
from innopartner.tendering import services as tendering
from innopartner.tendering.models import TenderRound
from innopartner.web import access, clock
from innopartner.web.forms import QuestionForm, RequestForm, TenderForm
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
