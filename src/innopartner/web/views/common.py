"""Pages for everyone signed in: dashboard, procedure list, procedure page, nota van
inlichtingen, letters, tender envelopes and receipts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from innopartner.negotiation.selectors import questions_visible_to
from innopartner.procedures.funnel import procedure_funnel
from innopartner.procedures.models import DecisionLetter
from innopartner.procedures.types import PROCEDURE_TYPES, Stage
from innopartner.tendering.models import Receipt
from innopartner.tendering.selectors import tender_content, tender_list_visible_to
from innopartner.web import access, clock
from innopartner.web.labels import STAGE_LABELS, TYPE_LABELS, stage_label


def home(request):
    if request.user.is_authenticated:
        return redirect("web:dashboard")
    return redirect("web:login")


@login_required
def dashboard(request):
    now = clock.now()
    kind = access.audience(request.membership)
    tasks = access.tasks_for(request.membership, request.user, now=now)
    context = {"tasks": tasks, "kind": kind, "now": now}
    if kind == access.SUPPLIER:
        operators = access.supplier_operators(request.membership)
        context["letters"] = DecisionLetter.objects.filter(addressee__in=operators).select_related(
            "procedure", "addressee"
        )[:10]
        context["open_procedures"] = access.procedures_for(request.membership).filter(
            stage=Stage.REQUESTS_OPEN, requests_deadline__gt=now
        )[:10]
    if kind == access.AUDITOR:
        context["procedures"] = access.procedures_for(request.membership)[:20]
    return render(request, "web/dashboard.html", context)


@login_required
def procedure_list(request):
    procedures = access.procedures_for(request.membership)
    ptype = request.GET.get("type", "")
    stage = request.GET.get("stage", "")
    q = request.GET.get("q", "").strip()
    if ptype in PROCEDURE_TYPES:
        procedures = procedures.filter(procedure_type=ptype)
    if stage in Stage.__members__.values() or stage in [s.value for s in Stage]:
        procedures = procedures.filter(stage=stage)
    if q:
        procedures = procedures.filter(Q(title__icontains=q) | Q(reference__icontains=q))
    page = Paginator(procedures.order_by("-created_at"), 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/procedure_list.html",
        {
            "page": page,
            "types": [(code, TYPE_LABELS[code]) for code in PROCEDURE_TYPES],
            "stages": [(s.value, STAGE_LABELS[s]) for s in Stage],
            "selected_type": ptype,
            "selected_stage": stage,
            "q": q,
            "query": query.urlencode(),
        },
    )


def _deadlines(procedure, kind: str, operators_ids: set) -> list[tuple[str, object]]:
    items = []
    if procedure.requests_deadline:
        items.append((_("Termijn verzoeken tot deelneming"), procedure.requests_deadline))
    if kind != access.SUPPLIER or _invited(procedure, operators_ids):
        for r in procedure.rounds.all():
            items.append((_("Termijn inschrijving ronde %(n)s") % {"n": r.number}, r.deadline))
    return items


def _invited(procedure, operator_ids: set) -> bool:
    return procedure.invitations.filter(operator_id__in=operator_ids).exists()


def _timeline(procedure, kind: str, operator_ids: set) -> list[dict]:
    now = clock.now()
    events = [
        {
            "at": c.at,
            "text": _("Naar fase: %(stage)s") % {"stage": stage_label(c.to_stage)},
            "note": c.reason,
        }
        for c in procedure.stage_changes.all()
    ]
    for notice in procedure.notices.all():
        events.append(
            {
                "at": notice.dispatched_at,
                "text": notice.get_kind_display().capitalize(),
                "note": notice.get_channel_display(),
            }
        )
    for text, moment in _deadlines(procedure, kind, operator_ids):
        events.append({"at": moment, "text": text, "deadline": True})
    if kind != access.SUPPLIER or _invited(procedure, operator_ids):
        for r in procedure.rounds.all():
            opening = r.opening
            if opening:
                events.append(
                    {
                        "at": opening.confirmed_at,
                        "text": _("Inschrijvingen ronde %(n)s geopend") % {"n": r.number},
                    }
                )
    for gate in procedure.gate_decisions.all() if hasattr(procedure, "gate_decisions") else []:
        events.append(
            {
                "at": gate.decided_at,
                "text": _("Beslismoment na fase %(n)s") % {"n": gate.phase.number},
            }
        )
    for e in events:
        e["future"] = e["at"] > now
    return sorted(events, key=lambda e: e["at"])


@login_required
def procedure_detail(request, pk):
    procedure = access.procedure_for(request.membership, pk)
    now = clock.now()
    kind = access.audience(request.membership)
    operators = access.supplier_operators(request.membership) if kind == access.SUPPLIER else []
    operator_ids = {o.pk for o in operators}
    future = [(t, m) for t, m in _deadlines(procedure, kind, operator_ids) if m > now]
    decision = getattr(procedure, "award_decision", None)
    context = {
        "procedure": procedure,
        "kind": kind,
        "stages": [
            {"label": stage_label(s), "current": s == procedure.stage}
            for s in procedure.type.stages
        ],
        "next_deadline": min(future, key=lambda item: item[1]) if future else None,
        "tasks": access.tasks_for(request.membership, request.user, now=now, procedure=procedure),
        "timeline": _timeline(procedure, kind, operator_ids),
        "decision": decision,
        "buyers": procedure.buyers.select_related("authority"),
    }
    if kind in (access.BUYER, access.EVALUATOR, access.AUDITOR):
        context["funnel"] = procedure_funnel(procedure)
    if kind in (access.BUYER, access.SUPPLIER):
        context["questions"] = questions_visible_to(user=request.user, procedure=procedure)
        context["unanswered"] = [q for q in context["questions"] if not q.published_at]
    if kind in (access.BUYER, access.EVALUATOR, access.SUPPLIER, access.AUDITOR):
        context["rounds"] = [
            {
                "round": r,
                "tenders": tender_list_visible_to(user=request.user, procedure=procedure).filter(
                    round=r
                ),
            }
            for r in procedure.rounds.all()
            if kind != access.SUPPLIER or _invited(procedure, operator_ids)
        ]
    if kind == access.BUYER:
        context["requests"] = procedure.requests.select_related("operator")
    if kind == access.SUPPLIER:
        context["own_requests"] = procedure.requests.filter(operator_id__in=operator_ids)
        context["letters"] = procedure.letters.filter(addressee_id__in=operator_ids)
        context["invited"] = _invited(procedure, operator_ids)
        context["interest"] = procedure.interests.filter(operator_id__in=operator_ids).exists()
    return render(request, "web/procedure_detail.html", context)


@login_required
def nota(request, pk):
    """The nota van inlichtingen: the published answers, numbered, never naming who asked."""
    procedure = access.procedure_for(request.membership, pk)
    kind = access.require(request.membership, access.BUYER, access.SUPPLIER, access.AUDITOR)
    if kind == access.AUDITOR:
        published = procedure.questions.filter(published_at__isnull=False, to_all=True)
        items = [{"number": q.number, "text": q.text, "answer": q.answer} for q in published]
    else:
        items = [
            {"number": q.number, "text": q.text, "answer": q.answer}
            for q in questions_visible_to(user=request.user, procedure=procedure)
            if q.published_at
        ]
    items.sort(key=lambda i: i["number"] or 0)
    return render(request, "web/nota.html", {"procedure": procedure, "items": items})


@login_required
def letters(request):
    access.require(request.membership, access.SUPPLIER)
    operators = access.supplier_operators(request.membership)
    page = Paginator(
        DecisionLetter.objects.filter(addressee__in=operators)
        .select_related("procedure", "addressee")
        .order_by("-sent_at"),
        20,
    ).get_page(request.GET.get("page"))
    return render(request, "web/supplier/letters.html", {"page": page})


@login_required
def letter_detail(request, pk):
    letter = access.letter_for(request.membership, pk)
    return render(request, "web/supplier/letter_detail.html", {"letter": letter})


@login_required
def tender_detail(request, pk):
    """A tender's envelope; its content through ``tender_content`` only. A tender that is not
    visible to the person is a 404, so that the URL reveals nothing."""
    from innopartner.tendering.models import Tender

    tender = get_object_or_404(Tender.objects.select_related("round__procedure"), pk=pk)
    procedure = access.procedure_for(request.membership, tender.round.procedure_id)
    if not tender_list_visible_to(user=request.user, procedure=procedure).filter(pk=pk).exists():
        raise Http404
    if request.GET.get("download"):
        content = tender_content(tender=tender, user=request.user)  # NotAllowed -> 403
        response = HttpResponse(content, content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="{tender.filename}"'
        return response
    return render(
        request,
        "web/tender_detail.html",
        {"tender": tender, "procedure": procedure, "receipts": tender.receipts.all()},
    )


@login_required
def receipt_detail(request, pk):
    receipt = get_object_or_404(Receipt.objects.select_related("tender__round__procedure"), pk=pk)
    tender = receipt.tender
    procedure = access.procedure_for(request.membership, tender.round.procedure_id)
    if (
        not tender_list_visible_to(user=request.user, procedure=procedure)
        .filter(pk=tender.pk)
        .exists()
    ):
        raise Http404
    return render(
        request,
        "web/supplier/receipt.html",
        {"receipt": receipt, "tender": tender, "procedure": procedure},
    )
