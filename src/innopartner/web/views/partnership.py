"""The partnership page of a procedure (Art. 31(2)): phases with their intermediate targets and
the assessment of each partner, planned against paid instalments, the gate decisions, the
purchase and its call-offs.

Buyer staff act through forms that call the partnership services (the gate itself is the
existing gate page); auditors read; a partner's people see only their own partner's phases,
targets, assessments and payments, and report progress per target; never another partner's
(Art. 31(6)). Every refusal of the engine is shown with its rule and code."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from innopartner.parties.models import Membership, Organisation
from innopartner.partnership import services as partnership
from innopartner.partnership.models import InstalmentPayment, Partner, PartnerPhase
from innopartner.partnership.progress import progress_report_submit, progress_reports_visible_to
from innopartner.procedures.models import IntermediateTarget
from innopartner.web import access, clock
from innopartner.web.views.base import attempt, done

TEMPLATE = "web/partnership/overview.html"


class TargetsForm(forms.Form):
    operator = forms.ChoiceField(label=gettext_lazy("Partner"))
    assessment = forms.CharField(
        label=gettext_lazy("Motivering van de beoordeling"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    gate_score = forms.DecimalField(
        label=gettext_lazy("Score voor het beslismoment (bij een minicompetitie)"),
        required=False,
        max_digits=7,
        decimal_places=2,
    )

    def __init__(self, *args, partners=(), targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].choices = [(str(o.pk), o.name) for o in partners]
        self.targets = list(targets)
        for index, target in enumerate(self.targets, start=1):
            self.fields[f"target_{index}"] = forms.BooleanField(
                label=_("Gehaald: %(target)s") % {"target": target.description}, required=False
            )


class InstalmentForm(forms.Form):
    operator = forms.ChoiceField(label=gettext_lazy("Partner"))
    instalment = forms.ChoiceField(label=gettext_lazy("Termijn"))

    def __init__(self, *args, partners=(), instalments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].choices = [(str(o.pk), o.name) for o in partners]
        self.fields["instalment"].choices = instalments


class PurchaseForm(forms.Form):
    operator = forms.ChoiceField(label=gettext_lazy("Partner"))

    def __init__(self, *args, partners=(), levels=(), items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].choices = [(str(o.pk), o.name) for o in partners]
        for level in levels:
            self.fields[f"level_{level.pk}"] = forms.DecimalField(
                label=_("Gemeten: %(name)s (doel %(target)s %(unit)s)")
                % {"name": level.name, "target": level.target.normalize(), "unit": level.unit},
                max_digits=14,
                decimal_places=4,
            )
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.DecimalField(
                label=_("Afgesproken prijs per %(unit)s: %(name)s (max. EUR %(max)s)")
                % {"unit": item.unit, "name": item.name, "max": item.max_unit_price},
                max_digits=14,
                decimal_places=2,
            )


class CallOffForm(forms.Form):
    buyer = forms.ChoiceField(label=gettext_lazy("Namens (aanbestedende dienst)"))
    item = forms.ChoiceField(label=gettext_lazy("Afnamepost"))
    quantity = forms.DecimalField(
        label=gettext_lazy("Hoeveelheid"), max_digits=14, decimal_places=2
    )

    def __init__(self, *args, buyers=(), items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buyer"].choices = [(str(b.pk), b.name) for b in buyers]
        self.fields["item"].choices = [(i.name, i.name) for i in items]


class CompleteForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reden van afronding"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ProgressForm(forms.Form):
    target = forms.ChoiceField(label=gettext_lazy("Tussendoel"))
    text = forms.CharField(
        label=gettext_lazy("Voortgang"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(str(t.pk), t.description) for t in targets]


def _page(request, pk):
    """The procedure and who looks: buyer staff, an auditor, or a partner's person (their own
    partners). Anybody else: 404 for a supplier that is no partner, 403 for other roles."""
    procedure = access.procedure_for(request.membership, pk)
    kind = access.require(request.membership, access.BUYER, access.AUDITOR, access.SUPPLIER)
    partners = Partner.objects.filter(procedure=procedure).select_related("operator")
    if kind == access.SUPPLIER:
        own = {o.pk for o in access.supplier_operators(request.membership)}
        partners = partners.filter(operator_id__in=own)
        if not partners.exists():
            raise Http404
    return procedure, kind, list(partners)


def _running(procedure, partners):
    """Each partner's phase that runs now (no gate decision yet), if any."""
    return {
        pp.partner_id: pp
        for pp in PartnerPhase.objects.filter(
            partner__in=partners, outcome="", partner__status=Partner.Status.ACTIVE
        ).select_related("phase")
    }


def _forms(request, procedure, kind, partners, data=None, which=None):
    """The forms of the page; the one that was posted is bound to its data."""
    bound = lambda name: data if which == name else None  # noqa: E731
    running = _running(procedure, partners)
    number = partnership.current_phase_number(procedure)
    if kind == access.SUPPLIER:
        targets = IntermediateTarget.objects.filter(
            phase_id__in=[pp.phase_id for pp in running.values() if pp.assessed_at is None]
        ).select_related("phase")
        return {"progress_form": ProgressForm(bound("progress"), targets=targets, prefix="p")}
    if kind != access.BUYER:
        return {}
    in_phase = [p.operator for p in partners if p.pk in running]
    phase = procedure.phase_plans.filter(number=number).first() if number else None
    instalments = [
        (f"{plan.number}:{index}", f"{plan.name}: {inst.description} (EUR {inst.amount})")
        for plan in procedure.phase_plans.prefetch_related("instalments")
        for index, inst in enumerate(plan.instalments.all(), start=1)
    ]
    staff_of = Membership.objects.filter(
        user=request.user, role__in=Membership.BUYER_ROLES
    ).values_list("organisation_id", flat=True)
    buyers = Organisation.objects.filter(
        pk__in=procedure.buyers.values_list("authority_id", flat=True)
    ).filter(pk__in=staff_of)
    items = list(procedure.purchase_items.all())
    return {
        "phase": phase,
        "targets_form": TargetsForm(
            bound("targets"),
            partners=in_phase,
            targets=phase.targets.all() if phase else (),
            prefix="t",
        ),
        "instalment_form": InstalmentForm(
            bound("instalment"),
            partners=[p.operator for p in partners],
            instalments=instalments,
            prefix="i",
        ),
        "purchase_form": PurchaseForm(
            bound("purchase"),
            partners=[p.operator for p in partners],
            levels=procedure.performance_levels.all(),
            items=items,
            prefix="a",
        ),
        "call_off_form": CallOffForm(bound("call_off"), buyers=buyers, items=items, prefix="c"),
        "complete_form": CompleteForm(bound("complete"), prefix="f"),
    }


def _context(request, procedure, kind, partners, data=None, which=None):
    phases = list(procedure.phase_plans.prefetch_related("targets", "instalments"))
    partner_phases = (
        PartnerPhase.objects.filter(partner__in=partners)
        .select_related("partner__operator", "phase")
        .prefetch_related("results__target", "payments__instalment")
        .order_by("partner__joined_at", "phase__number")
    )
    paid = InstalmentPayment.objects.filter(partner_phase__partner__in=partners)
    planned_total = sum(
        (i.amount for phase in phases for i in phase.instalments.all()), Decimal(0)
    ) * len(partners)
    context = {
        "procedure": procedure,
        "kind": kind,
        "partners": partners,
        "phases": phases,
        "partner_phases": partner_phases,
        "paid_total": sum((p.amount for p in paid), Decimal(0)),
        "planned_total": planned_total,
        "reports": progress_reports_visible_to(user=request.user, procedure=procedure),
        "now": clock.now(),
    }
    if kind in (access.BUYER, access.AUDITOR):
        # Gate decisions and the purchase name every partner: the buyer side only.
        context["gates"] = procedure.gate_decisions.select_related("phase").prefetch_related(
            "continuing", "stopped"
        )
        context["purchase"] = getattr(procedure, "purchase_start", None)
        context["call_offs"] = procedure.call_offs.select_related("buyer", "item")
    context.update(_forms(request, procedure, kind, partners, data, which))
    return context


@login_required
def overview(request, pk):
    procedure, kind, partners = _page(request, pk)
    return render(request, TEMPLATE, _context(request, procedure, kind, partners))


def _act(request, pk, which, kinds, call, message):
    """Validate the posted form, call the service, and show the page again with the refusal
    (its rule and code) and the input kept, or go back to the page with a message."""
    procedure, kind, partners = _page(request, pk)
    access.require(request.membership, *kinds)
    context = _context(request, procedure, kind, partners, request.POST, which)
    form = context[f"{which}_form"]
    if not form.is_valid():
        return render(request, TEMPLATE, context, status=400)
    _result, refusal = attempt(lambda: call(procedure, form.cleaned_data, context))
    if refusal:
        context["refusal"] = refusal
        return render(request, TEMPLATE, context, status=400)
    return done(request, message, "web:partnership", procedure.pk)


def _operator(cleaned):
    return Organisation.objects.get(pk=cleaned["operator"])


@login_required
@require_POST
def targets_assess(request, pk):
    def call(procedure, cleaned, context):
        targets = context["targets_form"].targets
        return partnership.targets_assess(
            procedure=procedure,
            operator=_operator(cleaned),
            phase_number=context["phase"].number,
            results={i: cleaned[f"target_{i}"] for i in range(1, len(targets) + 1)},
            assessment=cleaned["assessment"],
            gate_score=cleaned["gate_score"],
            now=clock.now(),
            actor=request.user,
        )

    return _act(request, pk, "targets", [access.BUYER], call, _("De tussendoelen zijn beoordeeld."))


@login_required
@require_POST
def instalment_pay(request, pk):
    def call(procedure, cleaned, context):
        phase_number, _sep, index = cleaned["instalment"].partition(":")
        return partnership.instalment_pay(
            procedure=procedure,
            operator=_operator(cleaned),
            phase_number=int(phase_number),
            instalment=index,
            now=clock.now(),
            actor=request.user,
        )

    return _act(request, pk, "instalment", [access.BUYER], call, _("De termijn is betaald."))


@login_required
@require_POST
def purchase_start(request, pk):
    def call(procedure, cleaned, context):
        return partnership.purchase_start(
            procedure=procedure,
            operator=_operator(cleaned),
            measured={
                lv.name: cleaned[f"level_{lv.pk}"] for lv in procedure.performance_levels.all()
            },
            prices={it.name: cleaned[f"item_{it.pk}"] for it in procedure.purchase_items.all()},
            now=clock.now(),
            actor=request.user,
        )

    return _act(request, pk, "purchase", [access.BUYER], call, _("De afnamefase is gestart."))


@login_required
@require_POST
def call_off_place(request, pk):
    def call(procedure, cleaned, context):
        return partnership.call_off_place(
            procedure=procedure,
            buyer=Organisation.objects.get(pk=cleaned["buyer"]),
            item_name=cleaned["item"],
            quantity=cleaned["quantity"],
            now=clock.now(),
            actor=request.user,
        )

    return _act(request, pk, "call_off", [access.BUYER], call, _("De afroep is geplaatst."))


@login_required
@require_POST
def procedure_complete(request, pk):
    def call(procedure, cleaned, context):
        return partnership.procedure_complete(
            procedure=procedure, reason=cleaned["reason"], now=clock.now(), actor=request.user
        )

    return _act(request, pk, "complete", [access.BUYER], call, _("De procedure is afgerond."))


@login_required
@require_POST
def progress_report(request, pk):
    def call(procedure, cleaned, context):
        own = {o.pk for o in access.supplier_operators(request.membership)}
        target = IntermediateTarget.objects.select_related("phase").get(pk=cleaned["target"])
        partner = next(p for p in context["partners"] if p.operator_id in own)
        return progress_report_submit(
            procedure=procedure,
            operator=partner.operator,
            target=target,
            text=cleaned["text"],
            now=clock.now(),
            actor=request.user,
        )

    return _act(
        request,
        pk,
        "progress",
        [access.SUPPLIER],
        call,
        _("Uw voortgangsrapportage is vastgelegd."),
    )
