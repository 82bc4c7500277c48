"""Words of the interface that come from the engine's codes: stages, funnel steps, roles.
Dutch is the source text (the glossary's Dutch term); the English catalogue translates it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from innopartner.procedures.types import Stage

STAGE_LABELS = {
    Stage.PREPARATION: _("Voorbereiding"),
    Stage.REQUESTS_OPEN: _("Aankondiging gepubliceerd, verzoeken tot deelneming"),
    Stage.SELECTION: _("Selectie"),
    Stage.NEGOTIATION: _("Onderhandeling"),
    Stage.STANDSTILL: _("Voorlopige gunning, opschortende termijn"),
    Stage.RD_PHASES: _("Onderzoeks- en ontwikkelingsfasen"),
    Stage.CONTRACTED: _("Overeenkomst gesloten"),
    Stage.PURCHASE: _("Afnamefase"),
    Stage.COMPLETED: _("Afgerond"),
    Stage.TERMINATED: _("Beëindigd"),
    Stage.CANCELLED: _("Ingetrokken"),
}

ROLE_LABELS = {
    "procurement_officer": _("inkoper"),
    "project_leader": _("projectleider"),
    "evaluator": _("beoordelaar"),
    "supplier": _("marktpartij"),
    "auditor": _("auditor"),
}

TYPE_LABELS = {
    "innovation_partnership": _("Innovatiepartnerschap"),
    "pcp": _("Precommercieel inkopen / SBIR"),
    "competitive_negotiation": _("Mededingingsprocedure met onderhandeling"),
}

ROUND_KIND_LABELS = {
    "initial": _("eerste inschrijving"),
    "subsequent": _("volgende inschrijving"),
    "final": _("definitieve inschrijving"),
}

_FUNNEL_FIXED = {
    "interested": _("Belangstelling"),
    "requests": _("Verzoeken tot deelneming"),
    "invited": _("Uitgenodigd"),
    "awarded": _("Gegund"),
    "purchase": _("Afnamefase"),
}


def stage_label(stage: str) -> str:
    try:
        return str(STAGE_LABELS[Stage(stage)])
    except ValueError:
        return stage


def funnel_label(step: str) -> str:
    """'round_2_final' -> 'Ronde 2 (definitieve inschrijving)', 'phase_1' -> 'Fase 1'."""
    if step in _FUNNEL_FIXED:
        return str(_FUNNEL_FIXED[step])
    if step.startswith("consultation_"):
        return str(_("Marktconsultatie"))
    if step.startswith("round_"):
        _round, number, kind = step.split("_", 2)
        return str(_("Ronde %(number)s (%(kind)s)")) % {
            "number": number,
            "kind": ROUND_KIND_LABELS.get(kind, kind),
        }
    if step.startswith("phase_"):
        return str(_("Fase %(number)s")) % {"number": step.split("_", 1)[1]}
    return step
