"""iCalendar feeds: every deadline, meeting and gate of a procedure, for the people in it.

Times are written in Europe/Amsterdam with its VTIMEZONE (the legal time of Dutch procurement
deadlines); UIDs are ``<event>-<procedure uuid>@innopartner`` and stay the same between
downloads, so a calendar client updates an event instead of adding a copy.

Who sees what is decided in :func:`procedure_events`, once: the buyer's staff, evaluators and
auditors see every event; a supplier sees the request deadline, the rounds it is invited to,
the meetings with everyone or with itself, and the resubmission deadlines sent to it. Meeting
minutes and agendas never go into a calendar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from icalendar import Calendar, Event

from innopartner.core.timeutil import AMSTERDAM
from innopartner.parties.models import Membership
from innopartner.procedures.models import Procedure
from innopartner.procedures.permissions import is_buyer_staff, is_evaluator

from .permissions import is_auditor, supplier_operator_ids

PRODID = "-//innopartner//innopartner//NL"


@dataclass(frozen=True)
class CalendarEvent:
    key: str
    summary: str
    start: dt.datetime | dt.date
    description: str = ""

    def uid(self, procedure: Procedure) -> str:
        return f"{self.key}-{procedure.pk}@innopartner"


def _add_months(moment: dt.datetime, months: int) -> dt.datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, 28)
    return moment.replace(year=year, month=month, day=day)


def _all_events(procedure: Procedure) -> list[tuple[CalendarEvent, str, object]]:
    """Every event with its audience: ("all", None), ("invited", None), ("buyer", None),
    ("operator", operator id) or ("recipients", change)."""
    events: list[tuple[CalendarEvent, str, object]] = []
    title = procedure.title
    if procedure.requests_deadline:
        events.append(
            (
                CalendarEvent(
                    "requests-deadline",
                    f"Uiterste termijn verzoeken tot deelneming: {title}",
                    procedure.requests_deadline,
                ),
                "all",
                None,
            )
        )
    for tender_round in procedure.rounds.order_by("number"):
        events.append(
            (
                CalendarEvent(
                    f"round-{tender_round.number}",
                    f"Termijn inschrijving ronde {tender_round.number} "
                    f"({tender_round.get_kind_display()}): {title}",
                    tender_round.deadline,
                ),
                "invited",
                None,
            )
        )
    for meeting in procedure.meetings.select_related("operator").order_by("held_at"):
        audience = ("operator", meeting.operator_id) if meeting.operator_id else ("invited", None)
        events.append(
            (
                CalendarEvent(
                    f"meeting-{meeting.pk}",
                    f"{meeting.get_kind_display().capitalize()}: {title}",
                    meeting.held_at,
                ),
                *audience,
            )
        )
    for change in procedure.document_changes.order_by("notified_at"):
        events.append(
            (
                CalendarEvent(
                    f"resubmission-{change.pk}",
                    f"Termijn aangepaste inschrijving na wijziging van de stukken: {title}",
                    change.resubmission_deadline,
                ),
                "recipients",
                change,
            )
        )
    decision = getattr(procedure, "award_decision", None)
    if decision is not None:
        events.append(
            (
                CalendarEvent(
                    "standstill-end",
                    f"Einde opschortende termijn (art. 2.127 Aw 2012): {title}",
                    decision.standstill_ends,
                ),
                "invited",
                None,
            )
        )
    agreement = getattr(procedure, "agreement", None)
    if agreement is not None:
        events.append(
            (
                CalendarEvent(
                    "award-notice-due",
                    f"Aankondiging gegunde opdracht uiterlijk (art. 50): {title}",
                    agreement.award_notice_due,
                ),
                "buyer",
                None,
            )
        )
        events += _phase_events(procedure, agreement.signed_at)
    return events


def _phase_events(procedure: Procedure, start: dt.datetime):
    """Planned phase ends (from the documents' durations) and the gates as decided."""
    events = []
    gates = {g.phase_id: g for g in procedure.gate_decisions.all()}
    for phase in procedure.phase_plans.order_by("number"):
        gate = gates.get(phase.pk)
        if phase.duration_months:
            end = _add_months(start, phase.duration_months)
            events.append(
                (
                    CalendarEvent(
                        f"phase-{phase.number}-end",
                        f"Einde fase {phase.number} ({phase.name}), gepland: {procedure.title}",
                        end,
                    ),
                    "partners",
                    None,
                )
            )
            start = end
        if gate is not None:
            events.append(
                (
                    CalendarEvent(
                        f"gate-{phase.number}",
                        f"Beslismoment na fase {phase.number}: {procedure.title}",
                        gate.decided_at,
                    ),
                    "partners",
                    None,
                )
            )
            start = gate.decided_at
    return events


def procedure_events(procedure: Procedure, user) -> list[CalendarEvent]:
    """The events of a procedure that this user may see ([] for someone not involved)."""
    if is_buyer_staff(procedure=procedure, user=user) or is_evaluator(
        procedure=procedure, user=user
    ):
        return [event for event, _, _ in _all_events(procedure)]
    if is_auditor(user):
        return [event for event, _, _ in _all_events(procedure)]
    own = supplier_operator_ids(user)
    if not own or not procedure.is_published:
        return []
    from innopartner.participation.models import Interest, Invitation, RequestToParticipate

    interested = (
        Interest.objects.filter(procedure=procedure, operator_id__in=own).exists()
        or RequestToParticipate.objects.filter(procedure=procedure, operator_id__in=own).exists()
    )
    invited = Invitation.objects.filter(procedure=procedure, operator_id__in=own).exists()
    partner = procedure.partners.filter(operator_id__in=own).exists()
    visible = []
    for event, audience, target in _all_events(procedure):
        if (
            (audience == "all" and (interested or invited))
            or (audience == "invited" and invited)
            or (audience == "operator" and target in own)
            or (audience == "recipients" and target.recipients.filter(pk__in=own).exists())
            or (audience == "partners" and partner)
        ):
            visible.append(event)
    return visible


def involved_procedures(user) -> list[Procedure]:
    """The procedures a user takes part in: as buyer staff or evaluator of a buyer, or as a
    supplier that showed interest, asked to participate or was invited."""
    if user is None or getattr(user, "pk", None) is None:
        return []
    buyer_orgs = Membership.objects.filter(
        user=user,
        role__in=[
            Membership.Role.PROCUREMENT_OFFICER,
            Membership.Role.PROJECT_LEADER,
            Membership.Role.EVALUATOR,
        ],
    ).values_list("organisation_id", flat=True)
    own = supplier_operator_ids(user)
    from django.db.models import Q

    return list(
        Procedure.objects.filter(
            Q(buyers__authority_id__in=list(buyer_orgs))
            | Q(interests__operator_id__in=own)
            | Q(requests__operator_id__in=own)
            | Q(invitations__operator_id__in=own)
        )
        .distinct()
        .order_by("created_at", "id")
    )


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    return calendar


def _event(procedure: Procedure, item: CalendarEvent, now: dt.datetime) -> Event:
    event = Event()
    event.add("uid", item.uid(procedure))
    event.add("dtstamp", now.astimezone(dt.UTC))
    event.add("summary", item.summary)
    if isinstance(item.start, dt.datetime):
        start = item.start.astimezone(AMSTERDAM)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=30))
    else:
        event.add("dtstart", item.start)
        event.add("dtend", item.start + dt.timedelta(days=1))
    if item.description:
        event.add("description", item.description)
    return event


def procedure_calendar(procedure: Procedure, user, *, now: dt.datetime) -> bytes:
    calendar = _calendar(procedure.title)
    for item in procedure_events(procedure, user):
        calendar.add_component(_event(procedure, item, now))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def user_calendar(user, *, now: dt.datetime) -> bytes:
    calendar = _calendar("innopartner: mijn termijnen")
    for procedure in involved_procedures(user):
        for item in procedure_events(procedure, user):
            calendar.add_component(_event(procedure, item, now))
    calendar.add_missing_timezones()
    return calendar.to_ical()
