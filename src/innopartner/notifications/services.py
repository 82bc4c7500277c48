"""E-mail notifications through Django's e-mail framework.

Each mail names the procedure and links to the page where the signed-in person reads the
content; it never carries the content itself (an answer, a reason, a score), so that a
mis-addressed or forwarded mail leaks nothing of another company (Art. 21 and 31(4), (6)).
The text is Dutch first with the English translation below it: no language per person is
stored, and a bilingual mail serves both without guessing.

Each mail is logged as a ``Notification`` with a unique key, so that running ``innopartner
notify`` again, or a retried commit, sends nothing twice.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from innopartner.core.exceptions import InvalidInput
from innopartner.core.timeutil import AMSTERDAM
from innopartner.parties.models import ConsortiumMember, Membership
from innopartner.procedures.models import DecisionLetter, Procedure
from innopartner.procedures.permissions import BUYER_ROLES, buyer_organisation_ids
from innopartner.procedures.types import Stage

from .models import Notification

log = logging.getLogger(__name__)

SEPARATOR = "\n\n-- English --\n\n"


def link(name: str, *args: Any) -> str:
    """An absolute link to a page of the web interface."""
    return settings.INNOPARTNER_SITE_URL.rstrip("/") + reverse(f"web:{name}", args=args)


def local_time(moment: dt.datetime) -> str:
    """A moment as people read it here: Amsterdam time, the zone named."""
    return f"{moment.astimezone(AMSTERDAM):%d-%m-%Y %H:%M} (Europe/Amsterdam)"


def supplier_users(operator_ids: Iterable[Any]) -> list[Any]:
    """The supplier users acting for these operators; for a consortium, the supplier users of
    its member companies (they act for it, ``ensure_acts_for_operator``)."""
    ids = set(operator_ids)
    ids |= set(
        ConsortiumMember.objects.filter(consortium_id__in=ids).values_list("member_id", flat=True)
    )
    users = Membership.objects.filter(
        organisation_id__in=ids, role=Membership.Role.SUPPLIER
    ).values_list("user_id", flat=True)
    return list(get_user_model().objects.filter(pk__in=set(users)).order_by("pk"))


def buyer_staff_users(procedure: Procedure) -> list[Any]:
    users = Membership.objects.filter(
        organisation_id__in=buyer_organisation_ids(procedure), role__in=BUYER_ROLES
    ).values_list("user_id", flat=True)
    return list(get_user_model().objects.filter(pk__in=set(users)).order_by("pk"))


def _render(kind: str, context: dict[str, Any]) -> tuple[str, str]:
    """Subject and body, Dutch first and English below."""
    parts, subjects = [], []
    for language in ("nl", "en"):
        with translation.override(language):
            text = render_to_string(f"notifications/mail/{kind}.txt", context).strip()
            subject, _, body = text.partition("\n")
            subjects.append(subject.strip())
            parts.append(body.strip())
    return " / ".join(subjects)[:300], SEPARATOR.join(parts) + "\n"


def _send(
    *,
    key: str,
    kind: str,
    user: Any,
    procedure: Procedure | None,
    context: dict[str, Any],
    now: dt.datetime,
) -> Notification | None:
    """Send one mail once. A person without an e-mail address is skipped (and tried again
    next time, once the address is known)."""
    if not user.email or Notification.objects.filter(key=key).exists():
        return None
    subject, body = _render(kind, {**context, "user": user})
    EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email]
    ).send()
    try:
        with transaction.atomic():
            return Notification.objects.create(
                key=key,
                kind=kind,
                procedure=procedure,
                user=user,
                email=user.email,
                subject=subject,
                sent_at=now,
            )
    except IntegrityError:  # a concurrent run logged it first
        log.warning("notification %s was sent twice by concurrent runs", key)
        return None


def notify_answers_published(
    *, procedure_id: Any, question_ids: list[Any], now: dt.datetime | None = None
) -> list[Notification]:
    """After ``answers_publish``: each supplier user of a company that received at least one
    of the answers is told that the nota van inlichtingen has new answers. A private answer
    reaches only its asker, so only the asker's people are told about it."""
    from innopartner.negotiation.models import Question

    now = now or timezone.now()
    procedure = Procedure.objects.get(pk=procedure_id)
    questions = Question.objects.filter(pk__in=question_ids, published_at__isnull=False)
    numbers = sorted(q.number for q in questions if q.number)
    if not numbers:
        return []
    operators = set(
        Question.recipients.through.objects.filter(question_id__in=question_ids).values_list(
            "organisation_id", flat=True
        )
    )
    context = {"procedure": procedure, "url": link("nota", procedure.pk)}
    sent = []
    for user in supplier_users(operators):
        note = _send(
            key=f"answers:{procedure.pk}:{numbers[0]}-{numbers[-1]}:{user.pk}",
            kind=Notification.Kind.ANSWERS_PUBLISHED,
            user=user,
            procedure=procedure,
            context=context,
            now=now,
        )
        sent += [note] if note else []
    return sent


def notify_decision_letter(*, letter_id: Any, now: dt.datetime | None = None) -> list[Notification]:
    """After ``decision_letter_send``: the addressee's supplier users are told that a decision
    awaits them, with a link to the letter (which only they and the buyer may open)."""
    now = now or timezone.now()
    letter = DecisionLetter.objects.select_related("procedure").get(pk=letter_id)
    context = {
        "procedure": letter.procedure,
        "letter": letter,
        "url": link("letter", letter.pk),
    }
    sent = []
    for user in supplier_users([letter.addressee_id]):
        note = _send(
            key=f"letter:{letter.pk}:{user.pk}",
            kind=Notification.Kind.DECISION_LETTER,
            user=user,
            procedure=letter.procedure,
            context=context,
            now=now,
        )
        sent += [note] if note else []
    return sent


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day ``months`` later (or the month's last day, as 31 January + 1 month)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _deadline_notifications(now: dt.datetime, until: dt.datetime) -> list[Notification]:
    """Time limits that end within the window: requests to participate (told to the companies
    that registered interest and have not yet requested) and tender rounds (told to the
    remaining tenderers that have not yet tendered)."""
    from innopartner.participation.models import Interest, RequestToParticipate
    from innopartner.participation.selectors import remaining_participants
    from innopartner.tendering.models import Tender, TenderRound

    sent: list[Notification] = []
    for procedure in Procedure.objects.filter(
        stage=Stage.REQUESTS_OPEN, requests_deadline__gt=now, requests_deadline__lte=until
    ):
        requested = set(
            RequestToParticipate.objects.filter(procedure=procedure).values_list(
                "operator_id", flat=True
            )
        )
        interested = set(
            Interest.objects.filter(procedure=procedure).values_list("operator_id", flat=True)
        )
        context = {
            "procedure": procedure,
            "what": "requests",
            "deadline": local_time(procedure.requests_deadline),
            "url": link("request_submit", procedure.pk),
        }
        for operator_id in sorted(interested - requested, key=str):
            for user in supplier_users([operator_id]):
                note = _send(
                    key=f"deadline:requests:{procedure.pk}:{user.pk}",
                    kind=Notification.Kind.DEADLINE,
                    user=user,
                    procedure=procedure,
                    context=context,
                    now=now,
                )
                sent += [note] if note else []
    rounds = TenderRound.objects.filter(
        deadline__gt=now, deadline__lte=until, procedure__stage=Stage.NEGOTIATION
    ).select_related("procedure")
    for tender_round in rounds:
        procedure = tender_round.procedure
        tendered = set(
            Tender.objects.filter(round=tender_round, status="submitted").values_list(
                "operator_id", flat=True
            )
        )
        context = {
            "procedure": procedure,
            "what": "round",
            "round": tender_round.number,
            "deadline": local_time(tender_round.deadline),
            "url": link("tender_submit", procedure.pk, tender_round.pk),
        }
        for operator in remaining_participants(procedure=procedure):
            if operator.pk in tendered:
                continue
            for user in supplier_users([operator.pk]):
                note = _send(
                    key=f"deadline:round:{tender_round.pk}:{user.pk}",
                    kind=Notification.Kind.DEADLINE,
                    user=user,
                    procedure=procedure,
                    context=context,
                    now=now,
                )
                sent += [note] if note else []
    return sent


def phase_end(procedure: Procedure) -> tuple[Any, dt.datetime] | None:
    """The running phase and when it ends as planned (start plus its duration in months), or
    None when no phase runs or its duration is not planned."""
    from innopartner.partnership.models import PartnerPhase
    from innopartner.partnership.services import current_phase_number

    number = current_phase_number(procedure)
    if number is None:
        return None
    running = (
        PartnerPhase.objects.filter(partner__procedure=procedure, phase__number=number, outcome="")
        .select_related("phase")
        .order_by("started_at")
    )
    first = running.first()
    if first is None or not first.phase.duration_months:
        return None
    return first.phase, add_months(first.started_at, first.phase.duration_months)


def _gate_notifications(now: dt.datetime, until: dt.datetime) -> list[Notification]:
    """Art. 31(2): the gate after a phase. When the running phase ends within the window,
    buyer staff are reminded to assess the targets and decide; the partners in the phase are
    told the date (nothing about one another)."""
    from innopartner.partnership.models import PartnerPhase

    sent: list[Notification] = []
    for procedure in Procedure.objects.filter(stage=Stage.RD_PHASES):
        found = phase_end(procedure)
        if found is None:
            continue
        phase, ends = found
        if not now < ends <= until:
            continue
        base = {"procedure": procedure, "phase": phase.number, "ends": local_time(ends)}
        buyer_context = {**base, "url": link("gate", procedure.pk), "for_buyer": True}
        partner_context = {**base, "url": link("partnership", procedure.pk), "for_buyer": False}
        partners = PartnerPhase.objects.filter(
            partner__procedure=procedure, phase=phase, outcome=""
        ).values_list("partner__operator_id", flat=True)
        recipients = [(u, buyer_context) for u in buyer_staff_users(procedure)]
        recipients += [(u, partner_context) for u in supplier_users(partners)]
        for user, context in recipients:
            note = _send(
                key=f"gate:{procedure.pk}:{phase.pk}:{user.pk}",
                kind=Notification.Kind.GATE_DUE,
                user=user,
                procedure=procedure,
                context=context,
                now=now,
            )
            sent += [note] if note else []
    return sent


def notify_due(*, now: dt.datetime, days: int | None = None) -> list[Notification]:
    """What ``innopartner notify`` sends (run it from cron, e.g. every hour): reminders of
    time limits and gates that fall within ``days`` (default the setting), each once."""
    days = settings.INNOPARTNER_NOTIFY_DAYS_BEFORE if days is None else days
    if days < 0:
        raise InvalidInput("Het aantal dagen vooraf is nul of meer.", code="notify-days-invalid")
    until = now + dt.timedelta(days=days)
    return _deadline_notifications(now, until) + _gate_notifications(now, until)


__all__ = [
    "notify_answers_published",
    "notify_decision_letter",
    "notify_due",
]
