"""Services of the market consultation. Each one locks the procedure, checks its rule,
changes state and writes the audit record in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from innopartner.audit.services import audit_record, snapshot
from innopartner.core.exceptions import InvalidInput
from innopartner.core.timeutil import local_date
from innopartner.parties.rules import normalise_kvk_number
from innopartner.procedures import services as procedures
from innopartner.procedures.models import MarketConsultationEntry, Procedure
from innopartner.procedures.permissions import ensure_buyer_staff

from . import rules
from .models import (
    LIMITS,
    ChallengePage,
    ChallengeResponse,
    ConsultationActivity,
    FindingDecision,
)

PAGE_FIELDS = (
    "title",
    "need",
    "known",
    "unknown",
    "timeline",
    "how_to_respond",
    "contact_name",
    "contact_email",
)
PUBLIC_FORM = "publiek reactieformulier"  # the actor of a response: nobody signed in


@transaction.atomic
def challenge_page_save(
    *, procedure: Procedure, now: dt.datetime, actor: Any, **fields: str
) -> ChallengePage:
    """Write (or rewrite) the challenge page of a procedure, before the notice (Art. 40)."""
    procedure = procedures.locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    rules.ensure_before_notice(
        notice_dispatched=procedure.is_published, what=_("De uitdagingspagina schrijven")
    )
    unknown = set(fields) - set(PAGE_FIELDS)
    if unknown:
        raise InvalidInput(f"Onbekende velden: {', '.join(sorted(unknown))}.", code="field-unknown")
    page = ChallengePage.objects.filter(procedure=procedure).first()
    values = {
        name: (fields.get(name, getattr(page, name, "")) or "").strip() for name in PAGE_FIELDS
    }
    rules.ensure_page_complete(
        title=values["title"],
        need=values["need"],
        contact_name=values["contact_name"],
        contact_email=values["contact_email"],
    )
    if page is None:
        page = ChallengePage(procedure=procedure, created_at=now, created_by=actor, **values)
        before: dict = {}
        action = "challenge_page.created"
    else:
        rules.ensure_page_status(
            status=page.status,
            allowed=(ChallengePage.Status.DRAFT, ChallengePage.Status.PUBLISHED),
            action=_("Wijzigen"),
        )
        before = snapshot(page, *PAGE_FIELDS)
        for name, value in values.items():
            setattr(page, name, value)
        action = "challenge_page.changed"
    page.save()
    audit_record(
        actor=actor,
        action=action,
        subject=page,
        procedure=procedure,
        at=now,
        before=before,
        after=snapshot(page, *PAGE_FIELDS),
    )
    return page


@transaction.atomic
def challenge_page_publish(*, page: ChallengePage, now: dt.datetime, actor: Any) -> ChallengePage:
    """Make the page public at its address; no account is needed to read or answer it."""
    procedure = procedures.locked(page.procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    page = ChallengePage.objects.get(pk=page.pk)
    rules.ensure_before_notice(
        notice_dispatched=procedure.is_published, what=_("De uitdagingspagina publiceren")
    )
    rules.ensure_page_status(
        status=page.status, allowed=(ChallengePage.Status.DRAFT,), action=_("Publiceren")
    )
    before = snapshot(page, "status", "published_at")
    page.status = ChallengePage.Status.PUBLISHED
    page.published_at = now
    page.save(update_fields=["status", "published_at"])
    audit_record(
        actor=actor,
        action="challenge_page.published",
        subject=page,
        procedure=procedure,
        at=now,
        before=before,
        after=snapshot(page, "status", "published_at", "public_id"),
    )
    return page


@transaction.atomic
def challenge_page_withdraw(
    *, page: ChallengePage, reason: str, now: dt.datetime, actor: Any
) -> ChallengePage:
    """Take the page down (e.g. the need was dropped). The address then says it was withdrawn
    and why; responses already received stay with the buyer."""
    procedure = procedures.locked(page.procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    page = ChallengePage.objects.get(pk=page.pk)
    rules.ensure_page_status(
        status=page.status,
        allowed=(ChallengePage.Status.DRAFT, ChallengePage.Status.PUBLISHED),
        action=_("Intrekken"),
    )
    if not reason.strip():
        raise InvalidInput(
            "Geef de reden van het intrekken; die staat op de pagina (a reason is required).",
            code="withdrawal-reason-missing",
        )
    before = snapshot(page, "status", "withdrawn_at", "withdrawal_reason")
    page.status = ChallengePage.Status.WITHDRAWN
    page.withdrawn_at = now
    page.withdrawal_reason = reason.strip()
    page.save(update_fields=["status", "withdrawn_at", "withdrawal_reason"])
    audit_record(
        actor=actor,
        action="challenge_page.withdrawn",
        subject=page,
        procedure=procedure,
        at=now,
        before=before,
        after=snapshot(page, "status", "withdrawn_at", "withdrawal_reason"),
    )
    return page


@transaction.atomic
def response_submit(
    *,
    page: ChallengePage,
    organisation_name: str,
    contact_person: str,
    email: str,
    kind: str,
    now: dt.datetime,
    kvk_number: str = "",
    idea: str = "",
    public_summary: str = "",
    summary_consent: bool = False,
    client_key: str = "",
) -> ChallengeResponse:
    """Anyone, also a start-up without an account, responds to a published challenge page.
    The respondent gets a confirmation by e-mail."""
    procedure = procedures.locked(page.procedure)
    page = ChallengePage.objects.get(pk=page.pk)
    rules.ensure_responses_open(status=page.status, notice_dispatched=procedure.is_published)
    values = {
        "organisation_name": rules.clean_text(organisation_name),
        "contact_person": rules.clean_text(contact_person),
        "email": rules.clean_text(email),
        "idea": rules.clean_text(idea),
        "public_summary": rules.clean_text(public_summary),
    }
    rules.ensure_response(kind=kind, summary_consent=summary_consent, limits=LIMITS, **values)
    kvk = normalise_kvk_number(kvk_number) if (kvk_number or "").strip() else ""
    if client_key:
        recent = ChallengeResponse.objects.filter(
            page=page, client_key=client_key, received_at__gt=now - dt.timedelta(hours=1)
        ).count()
        rules.ensure_response_rate(recent=recent)
    response = ChallengeResponse.objects.create(
        page=page,
        kind=kind,
        kvk_number=kvk,
        summary_consent=summary_consent,
        received_at=now,
        client_key=client_key,
        **values,
    )
    # The audit trail keeps that a response came in, not what it says: the idea is for the
    # buyer's staff only (Art. 21).
    audit_record(
        actor=PUBLIC_FORM,
        action="challenge_response.received",
        subject=response,
        procedure=procedure,
        at=now,
        after={"kind": kind, "summary_consent": summary_consent},
    )
    transaction.on_commit(lambda: _confirm(response.pk))
    return response


def _confirm(response_pk) -> None:
    response = ChallengeResponse.objects.select_related("page").get(pk=response_pk)
    body = render_to_string("consultation/confirmation_email.txt", {"response": response})
    send_mail(
        subject=f"Ontvangen / received: {response.page.title}",
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[response.email],
        fail_silently=True,  # the response is stored; a mail server hiccup must not lose it
    )


@transaction.atomic
def activity_record(
    *,
    procedure: Procedure,
    kind: str,
    held_on: dt.date,
    learned: str,
    now: dt.datetime,
    actor: Any,
    title: str = "",
    with_whom: str = "",
    participants: int | None = None,
    attendees: str = "",
    minutes: str = "",
) -> ConsultationActivity:
    """Record an information meeting, a one-to-one talk, a demo or a written round, with the
    minutes (internal) and what was learned (for the consultation report). The entry itself
    goes through ``procedures.services.consultation_record``."""
    procedure = procedures.locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    rules.ensure_held_on(held_on=held_on, today=local_date(now))
    if participants is not None and participants < 0:
        raise InvalidInput(
            "Het aantal deelnemers kan niet negatief zijn.", code="participants-negative"
        )
    entry = procedures.consultation_record(
        procedure=procedure,
        kind=kind,
        held_on=held_on,
        learned=learned,
        now=now,
        actor=actor,
        with_whom=with_whom,
        participants=participants,
    )
    activity = ConsultationActivity.objects.create(
        entry=entry,
        title=title.strip(),
        attendees=attendees.strip(),
        minutes=minutes.strip(),
        recorded_at=now,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="consultation_activity.recorded",
        subject=activity,
        procedure=procedure,
        at=now,
        after=snapshot(activity, "title", "attendees", "minutes"),
    )
    return activity


@transaction.atomic
def finding_decide(
    *,
    entry: MarketConsultationEntry,
    finding: str,
    topic: str,
    value: str,
    decision: str,
    now: dt.datetime,
    actor: Any,
) -> FindingDecision:
    """Link a finding of the consultation to the change it led to in the preparation record.
    The change itself goes through the procedure's own services (``preparation_update``,
    ``requirement_add``), with their rules and audit; this records the trail."""
    procedure = procedures.locked(entry.procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    if not finding.strip() or not decision.strip():
        raise InvalidInput(
            "Noem de bevinding en het besluit dat eruit volgt (finding and decision are required).",
            code="finding-decision-missing",
        )
    change = rules.decision_change(topic=topic, value=value)
    if "requirement" in change:
        before: dict = {}
        requirement = procedures.requirement_add(
            procedure=procedure, text=change["requirement"], is_minimum=True, now=now, actor=actor
        )
        after = {"requirement": requirement.text, "requirement_id": requirement.pk}
    else:
        fields = change["fields"]
        before = snapshot(procedure, *fields)
        procedure = procedures.preparation_update(
            procedure=procedure, now=now, actor=actor, **fields
        )
        after = snapshot(procedure, *fields)
    record = FindingDecision.objects.create(
        procedure=procedure,
        # numbered under the procedure's lock, so two decisions never share a number
        number=FindingDecision.objects.filter(procedure=procedure).count() + 1,
        entry=entry,
        finding=finding.strip(),
        topic=topic,
        decision=decision.strip(),
        before=before,
        after=after,
        decided_at=now,
        decided_by=actor,
    )
    audit_record(
        actor=actor,
        action="consultation_finding.decided",
        subject=record,
        procedure=procedure,
        at=now,
        before=before,
        after={"finding": record.finding, "decision": record.decision, **after},
    )
    return record


@transaction.atomic
def report_publish(*, page: ChallengePage, now: dt.datetime, actor: Any) -> ChallengePage:
    """Publish the consultation report at the page's address (Art. 41: what was shared in the
    consultation is made available to every operator alike)."""
    procedure = procedures.locked(page.procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    page = ChallengePage.objects.get(pk=page.pk)
    rules.ensure_page_status(
        status=page.status,
        allowed=(ChallengePage.Status.PUBLISHED,),
        action=_("Het verslag publiceren"),
    )
    before = snapshot(page, "report_published_at")
    page.report_published_at = now
    page.save(update_fields=["report_published_at"])
    audit_record(
        actor=actor,
        action="consultation_report.published",
        subject=page,
        procedure=procedure,
        at=now,
        before=before,
        after=snapshot(page, "report_published_at"),
    )
    return page
