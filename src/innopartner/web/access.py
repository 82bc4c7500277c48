"""What the active membership may see in the web interface, and what it has to do.

The engine decides what a person may *do* (services) and what confidential data they may
*read* (selectors). This module only picks which procedures to list for the organisation the
person acts for, and gathers the open tasks from the engine's own records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from innopartner.core.exceptions import NotAllowed
from innopartner.parties.models import Membership
from innopartner.procedures.models import Procedure
from innopartner.procedures.types import Stage

BUYER = "buyer"
EVALUATOR = "evaluator"
SUPPLIER = "supplier"
AUDITOR = "auditor"


def audience(membership: Membership | None) -> str | None:
    if membership is None:
        return None
    if membership.role in Membership.BUYER_ROLES:
        return BUYER
    return {"evaluator": EVALUATOR, "supplier": SUPPLIER, "auditor": AUDITOR}.get(membership.role)


def procedures_for(membership: Membership | None) -> QuerySet[Procedure]:
    """Buyer staff and evaluators: their organisation's procedures. Suppliers: published
    procedures (the notice is public). Auditors: every procedure.

    The API (``procedures.selectors.procedures_visible_to``) also shows buyer staff the other
    buyers' published procedures, and looks at all of a person's memberships at once. The web
    acts for one organisation per session and builds its pages per role: a buyer's pages on a
    procedure of another buyer would offer that buyer's actions, so the web keeps to the
    session's own organisation. Both refuse by 'not found', never by showing the page."""
    kind = audience(membership)
    if kind in (BUYER, EVALUATOR):
        return Procedure.objects.filter(buyers__authority=membership.organisation).distinct()
    if kind == SUPPLIER:
        return Procedure.objects.filter(notice_dispatched_at__isnull=False)
    if kind == AUDITOR:
        return Procedure.objects.all()
    return Procedure.objects.none()


def procedure_for(membership: Membership | None, pk) -> Procedure:
    """The procedure if the active membership may see it; otherwise 404, so that a URL reveals
    nothing about procedures one may not see."""
    try:
        return procedures_for(membership).get(pk=pk)
    except (Procedure.DoesNotExist, ValueError):
        raise Http404 from None


def require(membership: Membership | None, *kinds: str) -> str:
    kind = audience(membership)
    if kind not in kinds:
        raise NotAllowed(
            _("Deze pagina is niet voor uw rol in deze sessie."), code="web-role-not-allowed"
        )
    return kind


def supplier_operators(membership: Membership) -> list:
    """The company the supplier user acts for, and the consortia it belongs to."""
    company = membership.organisation
    consortia = [link.consortium for link in company.consortium_links.select_related("consortium")]
    return [company, *consortia]


@dataclass(frozen=True)
class Task:
    procedure: Procedure
    text: str
    url: str
    due: dt.datetime | None = None


def letter_for(membership: Membership | None, pk):
    """A decision letter the active membership may read: a supplier only letters addressed to
    its company or consortium; buyer staff and auditors those of a procedure they see.
    Otherwise 404, so that another supplier learns nothing (not even that it exists)."""
    from innopartner.procedures.models import DecisionLetter

    letter = DecisionLetter.objects.select_related("procedure", "addressee").filter(pk=pk).first()
    if letter is None:
        raise Http404
    if audience(membership) == SUPPLIER:
        if letter.addressee not in supplier_operators(membership):
            raise Http404
    else:
        procedure_for(membership, letter.procedure_id)
        require(membership, BUYER, AUDITOR)
    return letter


def _url(name: str, *args) -> str:
    return reverse(f"web:{name}", args=args)


def tasks_for(
    membership: Membership | None, user, *, now: dt.datetime, procedure: Procedure | None = None
) -> list[Task]:
    """What the signed-in person has to do next, per procedure."""
    kind = audience(membership)
    procedures = procedures_for(membership)
    if procedure is not None:
        procedures = procedures.filter(pk=procedure.pk)
    if kind == BUYER:
        return _buyer_tasks(procedures, user, now)
    if kind == EVALUATOR:
        return _evaluator_tasks(procedures, user)
    if kind == SUPPLIER:
        return _supplier_tasks(procedures, membership, now)
    return []


def _buyer_tasks(procedures, user, now) -> list[Task]:
    from innopartner.evaluation.models import ConsensusScore
    from innopartner.partnership.models import PartnerPhase
    from innopartner.partnership.services import current_phase_number

    tasks: list[Task] = []
    for p in procedures.exclude(stage__in=[Stage.COMPLETED, Stage.CANCELLED, Stage.TERMINATED]):
        pk = p.pk
        if p.stage == Stage.PREPARATION:
            tasks.append(Task(p, _("Aankondiging publiceren"), _url("notice_publish", pk)))
        waiting = p.questions.filter(answered_at__isnull=True).count()
        if waiting:
            tasks.append(
                Task(
                    p,
                    ngettext(
                        "%(n)s vraag wacht op een antwoord",
                        "%(n)s vragen wachten op een antwoord",
                        waiting,
                    )
                    % {"n": waiting},
                    _url("questions", pk),
                )
            )
        drafted = p.questions.filter(answered_at__isnull=False, published_at__isnull=True).count()
        if drafted:
            tasks.append(
                Task(
                    p,
                    _("%(n)s antwoord(en) klaar om te publiceren") % {"n": drafted},
                    _url("questions", pk),
                )
            )
        if (
            p.stage in (Stage.REQUESTS_OPEN, Stage.SELECTION)
            and p.requests_deadline
            and p.requests_deadline < now
        ):
            tasks.append(Task(p, _("Selectiebeslissing nemen"), _url("selection", pk)))
        for r in p.rounds.all():
            openings = list(r.openings.all())
            if not openings and r.deadline < now:
                tasks.append(
                    Task(
                        p,
                        _("Inschrijvingen ronde %(n)s openen") % {"n": r.number},
                        _url("opening", pk, r.pk),
                        r.deadline,
                    )
                )
            for o in openings:
                if o.confirmed_at is None and o.started_by_id != user.pk:
                    tasks.append(
                        Task(
                            p,
                            _("Opening ronde %(n)s bevestigen (vier ogen)") % {"n": r.number},
                            _url("opening", pk, r.pk),
                        )
                    )
            if openings and r.is_opened:
                live = r.tenders.filter(status="submitted")
                quality = p.award_criteria.filter(kind="quality").count()
                agreed = ConsensusScore.objects.filter(tender__in=live).count()
                if live.exists() and agreed < live.count() * quality:
                    tasks.append(
                        Task(
                            p,
                            _("Beoordeling ronde %(n)s loopt") % {"n": r.number},
                            _url("round_scores", pk, r.pk),
                        )
                    )
        if (
            p.stage == Stage.NEGOTIATION
            and not hasattr(p, "award_decision")
            and p.rounds.filter(kind="final").exists()
        ):
            tasks.append(Task(p, _("Gunningsbeslissing nemen"), _url("award", pk)))
        decision = getattr(p, "award_decision", None)
        if p.stage == Stage.STANDSTILL and decision is not None:
            tasks.append(
                Task(
                    p,
                    _("Opschortende termijn loopt tot en met %(day)s")
                    % {"day": decision.standstill_ends.strftime("%d-%m-%Y")},
                    _url("procedure", pk),
                )
            )
        if p.stage == Stage.RD_PHASES:
            number = current_phase_number(p)
            if number is not None:
                running = PartnerPhase.objects.filter(
                    partner__procedure=p, phase__number=number, outcome=""
                )
                if running.exists() and not running.filter(assessed_at__isnull=True).exists():
                    tasks.append(
                        Task(p, _("Beslismoment na fase %(n)s") % {"n": number}, _url("gate", pk))
                    )
                else:
                    tasks.append(
                        Task(
                            p,
                            _("Fase %(n)s loopt: tussendoelen beoordelen") % {"n": number},
                            _url("procedure", pk),
                        )
                    )
    return tasks


def _evaluator_tasks(procedures, user) -> list[Task]:
    from innopartner.evaluation.models import Score

    tasks = []
    for p in procedures:
        quality = p.award_criteria.filter(kind="quality").count()
        for r in p.rounds.all():
            if not r.is_opened:
                continue
            live = r.tenders.filter(status="submitted")
            mine = Score.objects.filter(tender__in=live, evaluator=user).count()
            if quality and mine < live.count() * quality:
                tasks.append(
                    Task(
                        p,
                        _("Inschrijvingen ronde %(n)s beoordelen") % {"n": r.number},
                        _url("round_scores", p.pk, r.pk),
                    )
                )
    return tasks


def _supplier_tasks(procedures, membership, now) -> list[Task]:
    from innopartner.participation.models import Invitation, RequestToParticipate
    from innopartner.tendering.models import Tender

    ids = [o.pk for o in supplier_operators(membership)]
    tasks = []
    for p in procedures.filter(stage=Stage.REQUESTS_OPEN, requests_deadline__gt=now):
        if not RequestToParticipate.objects.filter(procedure=p, operator_id__in=ids).exists():
            tasks.append(
                Task(
                    p,
                    _("Verzoek tot deelneming indienen"),
                    _url("request_submit", p.pk),
                    p.requests_deadline,
                )
            )
    invited = Invitation.objects.filter(operator_id__in=ids, eliminated_at__isnull=True)
    for inv in invited.select_related("procedure"):
        p = inv.procedure
        for r in p.rounds.filter(deadline__gt=now):
            if not Tender.objects.filter(round=r, operator_id__in=ids, status="submitted").exists():
                tasks.append(
                    Task(
                        p,
                        _("Inschrijven in ronde %(n)s") % {"n": r.number},
                        _url("tender_submit", p.pk, r.pk),
                        r.deadline,
                    )
                )
    return tasks
