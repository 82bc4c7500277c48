"""Step-by-step procedure creation for buyer staff: the basics, the one-page ambition and
preparation record, market consultation, requirements, selection and award criteria, phases
with their targets, instalments and gates, performance levels and purchase items, and a
summary of what the notice still needs. Every step saves through the preparation services of
``procedures.services``; a refusal is shown with its message and code and the input is kept.
The steps are pages of their own, so going back and forward shows what was saved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innopartner.parties.models import Organisation
from innopartner.procedures import rules
from innopartner.procedures import services as procedures
from innopartner.procedures.models import Procedure
from innopartner.procedures.selectors import document_facts
from innopartner.procedures.types import Stage
from innopartner.web import access, clock
from innopartner.web import wizard_forms as wf
from innopartner.web.views.base import attempt, done, refused

STEP_LABELS = {
    "basis": gettext_lazy("Basisgegevens"),
    "voorbereiding": gettext_lazy("Ambitie en voorbereiding"),
    "marktconsultatie": gettext_lazy("Marktconsultatie"),
    "eisen": gettext_lazy("Eisen"),
    "selectie": gettext_lazy("Selectiecriteria"),
    "gunning": gettext_lazy("Gunningscriteria"),
    "fasen": gettext_lazy("Fasen en beslismomenten"),
    "afname": gettext_lazy("Prestatieniveaus en afname"),
    "samenvatting": gettext_lazy("Samenvatting"),
}


def steps_for(procedure: Procedure) -> list[str]:
    """The steps that apply to the procedure's type: phases only where the type has R&D
    phases (Art. 31(2))."""
    steps = list(STEP_LABELS)
    if not procedure.type.has_rd_phases:
        steps.remove("fasen")
    return steps


def _other_authorities(request, procedure: Procedure | None = None) -> list[tuple[str, str]]:
    joined = set(procedure.buyers.values_list("authority_id", flat=True)) if procedure else set()
    joined.add(request.organisation.pk)
    return [
        (str(o.pk), o.name)
        for o in Organisation.objects.filter(kind=Organisation.Kind.AUTHORITY).exclude(
            pk__in=joined
        )
    ]


def _buyer_procedure(request, pk) -> Procedure:
    procedure = access.procedure_for(request.membership, pk)
    access.require(request.membership, access.BUYER)
    return procedure


def _add_buyers(procedure: Procedure, ids: list[str], now, actor) -> None:
    for authority in Organisation.objects.filter(pk__in=ids):
        procedures.procedure_buyer_add(
            procedure=procedure, authority=authority, now=now, actor=actor
        )


@login_required
def start(request):
    """Step 1 for a new procedure: the lead buyer is the organisation the person acts for."""
    access.require(request.membership, access.BUYER)
    form = wf.BasicsForm(request.POST or None, buyer_choices=_other_authorities(request))
    context = {"form": form, "steps": [], "step": "basis", "step_label": STEP_LABELS["basis"]}
    template = "web/wizard/start.html"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def create() -> Procedure:
            # One transaction: a refused further buyer leaves no half-made procedure.
            with transaction.atomic():
                now = clock.now()
                procedure = procedures.procedure_create(
                    title=data["title"],
                    procedure_type_code=data["procedure_type"],
                    lead_buyer=request.organisation,
                    reference=data["reference"],
                    directive=data["directive"],
                    subject_kind=data["subject_kind"],
                    now=now,
                    actor=request.user,
                )
                _add_buyers(procedure, data["buyers"], now, request.user)
                return procedure

        procedure, refusal = attempt(create)
        if refusal:
            return refused(request, template, context, refusal)
        return done(
            request,
            _("De procedure is aangemaakt. Vul nu de voorbereiding in."),
            "web:wizard_step",
            procedure.pk,
            "voorbereiding",
        )
    return render(request, template, context, status=400 if request.method == "POST" else 200)


@dataclass
class Part:
    """One form on a step: its name (the POST's ``part``), its form and what saving calls."""

    name: str
    title: str
    form: Any
    save: Callable[[dict, Any], Any]
    button: str


def _parts(request, procedure: Procedure, step: str, data=None) -> list[Part]:
    """The forms of a step, bound to ``data`` when it is the one posted."""
    now, actor = clock.now(), request.user
    ptype = procedure.type

    def bound(name: str) -> Any:
        return data if data is not None and data.get("part") == name else None

    if step == "basis":
        return [
            Part(
                "basis",
                _("Basisgegevens"),
                wf.BasicsEditForm(
                    bound("basis"),
                    initial={
                        "title": procedure.title,
                        "reference": procedure.reference,
                        "subject_kind": procedure.subject_kind,
                    },
                    buyer_choices=_other_authorities(request, procedure),
                ),
                lambda d, f: _save_basics(procedure, d, now, actor),
                _("Opslaan en verder"),
            )
        ]
    if step == "voorbereiding":
        return [
            Part(
                "voorbereiding",
                _("Ambitie en voorbereiding (één A4)"),
                wf.PreparationForm(
                    bound("voorbereiding"), initial=wf.PreparationForm.initial_for(procedure)
                ),
                lambda d, f: _save_preparation(procedure, d, now, actor),
                _("Opslaan en verder"),
            )
        ]
    simple = {
        "marktconsultatie": (
            wf.ConsultationForm,
            _("Consultatie vastleggen"),
            lambda d, f: procedures.consultation_record(
                procedure=procedure, now=now, actor=actor, **d
            ),
        ),
        "eisen": (
            wf.RequirementForm,
            _("Eis toevoegen"),
            lambda d, f: procedures.requirement_add(procedure=procedure, now=now, actor=actor, **d),
        ),
        "selectie": (
            wf.SelectionCriterionForm,
            _("Selectiecriterium toevoegen"),
            lambda d, f: procedures.selection_criterion_add(
                procedure=procedure, now=now, actor=actor, **d
            ),
        ),
        "gunning": (
            wf.AwardCriterionForm,
            _("Gunningscriterium toevoegen"),
            lambda d, f: procedures.award_criterion_add(
                procedure=procedure, now=now, actor=actor, **d
            ),
        ),
    }
    if step in simple:
        form_class, button, save = simple[step]
        return [Part(step, button, form_class(bound(step)), save, button)]
    if step == "fasen":
        return [
            Part(
                "fase",
                _("Fase toevoegen"),
                wf.PhasePlanForm(
                    bound("fase"), initial={"number": procedure.phase_plans.count() + 1}
                ),
                lambda d, f: procedures.phase_plan_add(
                    procedure=procedure,
                    number=d["number"],
                    name=d["name"],
                    gate_kind=d["gate_kind"],
                    description=d["description"],
                    duration_months=d["duration_months"],
                    budget_per_partner=d["budget_per_partner"],
                    targets=f.targets(),
                    instalments=d["instalments"],
                    gate_continue_count=d["gate_continue_count"],
                    gate_criteria=d["gate_criteria"],
                    now=now,
                    actor=actor,
                ),
                _("Fase toevoegen"),
            )
        ]
    if step == "afname":
        parts = [
            Part(
                "niveau",
                _("Prestatieniveau toevoegen"),
                wf.PerformanceLevelForm(bound("niveau"), prefix="niveau"),
                lambda d, f: procedures.performance_level_add(
                    procedure=procedure, now=now, actor=actor, **d
                ),
                _("Prestatieniveau toevoegen"),
            )
        ]
        if ptype.has_purchase_phase:
            parts.append(
                Part(
                    "afnamepost",
                    _("Afnamepost toevoegen"),
                    wf.PurchaseItemForm(bound("afnamepost"), prefix="afnamepost"),
                    lambda d, f: procedures.purchase_item_add(
                        procedure=procedure, now=now, actor=actor, **d
                    ),
                    _("Afnamepost toevoegen"),
                )
            )
        return parts
    return []


def _save_basics(procedure: Procedure, data: dict, now, actor) -> None:
    with transaction.atomic():
        procedures.preparation_update(
            procedure=procedure,
            title=data["title"],
            reference=data["reference"],
            subject_kind=data["subject_kind"],
            now=now,
            actor=actor,
        )
        _add_buyers(procedure, data["buyers"], now, actor)


def _save_preparation(procedure: Procedure, data: dict, now, actor) -> None:
    changes = {name: data[name] for name in wf.PreparationForm.RECORD_FIELDS}
    if not changes["partner_structure"]:
        del changes["partner_structure"]  # not chosen yet: leave as it is
    with transaction.atomic():
        procedures.preparation_update(procedure=procedure, now=now, actor=actor, **changes)
        if data["procedure_choice_reasons"].strip() or data["alternatives"]:
            procedures.procedure_choice_record(
                procedure=procedure,
                reasons=data["procedure_choice_reasons"],
                alternatives=data["alternatives"],
                now=now,
                actor=actor,
            )


def _saved(procedure: Procedure, step: str) -> list[str]:
    """What the step has saved so far, as lines to list above its form."""
    if step == "marktconsultatie":
        return [
            f"{e.held_on:%d-%m-%Y} · {e.get_kind_display()} · {e.with_whom or '—'}: {e.learned}"
            for e in procedure.consultations.order_by("held_on")
        ]
    if step == "eisen":
        return [
            f"{_('Minimumeis') if r.is_minimum else _('Eis')}: {r.text}"
            for r in procedure.requirements.all()
        ]
    if step == "selectie":
        return [
            f"{c.text}{' · ' + _('O&O-capaciteit') if c.covers_rd_capacity else ''}"
            for c in procedure.selection_criteria.all()
        ]
    if step == "gunning":
        return [
            _("%(name)s (%(kind)s): gewicht %(weight)s, schaal %(low)s–%(high)s")
            % {
                "name": c.name,
                "kind": c.get_kind_display(),
                "weight": c.weight,
                "low": c.scale_min,
                "high": c.scale_max,
            }
            for c in procedure.award_criteria.all()
        ]
    if step == "fasen":
        return [
            _(
                "Fase %(n)s: %(name)s — %(targets)s tussendoel(en), "
                "%(instalments)s termijn(en), %(gate)s"
            )
            % {
                "n": p.number,
                "name": p.name,
                "targets": p.targets.count(),
                "instalments": p.instalments.count(),
                "gate": p.get_gate_kind_display(),
            }
            for p in procedure.phase_plans.order_by("number")
        ]
    if step == "afname":
        return [
            f"{_('Prestatieniveau')}: {lv.name} {lv.target} {lv.unit}"
            for lv in procedure.performance_levels.all()
        ] + [
            f"{_('Afnamepost')}: {i.name} · max. € {i.max_unit_price} / {i.unit}"
            for i in procedure.purchase_items.all()
        ]
    return []


def _step_context(request, procedure: Procedure, step: str, parts: list[Part]) -> dict:
    steps = steps_for(procedure)
    index = steps.index(step)
    return {
        "procedure": procedure,
        "step": step,
        "step_label": STEP_LABELS[step],
        "steps": [(s, STEP_LABELS[s]) for s in steps],
        "previous": steps[index - 1] if index > 0 else None,
        "next": steps[index + 1] if index + 1 < len(steps) else None,
        "parts": parts,
        "saved": _saved(procedure, step),
        "editable": procedure.stage == Stage.PREPARATION,
    }


@login_required
def step(request, pk, step):
    procedure = _buyer_procedure(request, pk)
    if step not in steps_for(procedure):
        raise Http404
    if step == "samenvatting":
        return summary(request, procedure)
    template = "web/wizard/step.html"
    posted = request.POST if request.method == "POST" else None
    parts = _parts(request, procedure, step, posted)
    context = _step_context(request, procedure, step, parts)
    if posted is None:
        return render(request, template, context)
    part = next((p for p in parts if p.name == posted.get("part")), None)
    if part is None or not part.form.is_valid():
        return render(request, template, context, status=400)
    _result, refusal = attempt(lambda: part.save(part.form.cleaned_data, part.form))
    if refusal:
        return refused(request, template, context, refusal)
    if len(parts) == 1 and step in ("basis", "voorbereiding"):
        return done(request, _("Opgeslagen."), "web:wizard_step", procedure.pk, context["next"])
    return done(request, _("Toegevoegd."), "web:wizard_step", procedure.pk, step)


def summary(request, procedure: Procedure):
    """Everything ``ensure_publishable`` still refuses (each rule with its message, code and
    article, ``publication_problems``), the missing document elements, and the way to the
    publish action."""
    procedure = Procedure.objects.get(pk=procedure.pk)
    missing = rules.missing_document_elements(ptype=procedure.type, facts=document_facts(procedure))
    problems = procedures.publication_problems(procedure)
    context = _step_context(request, procedure, "samenvatting", [])
    context.update(
        {
            "missing": missing,
            "problems": problems,
            "counts": [
                (STEP_LABELS["marktconsultatie"], procedure.consultations.count()),
                (_("Minimumeisen"), procedure.requirements.filter(is_minimum=True).count()),
                (_("Overige eisen"), procedure.requirements.filter(is_minimum=False).count()),
                (STEP_LABELS["selectie"], procedure.selection_criteria.count()),
                (STEP_LABELS["gunning"], procedure.award_criteria.count()),
                (_("Fasen"), procedure.phase_plans.count()),
                (_("Prestatieniveaus"), procedure.performance_levels.count()),
                (_("Afnameposten"), procedure.purchase_items.count()),
            ],
        }
    )
    return render(request, "web/wizard/summary.html", context)
