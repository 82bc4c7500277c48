"""The consultation services: wired to their rules, audited, and confidential."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from innopartner.audit.models import AuditRecord
from innopartner.consultation import selectors, services
from innopartner.consultation.models import ChallengePage, ChallengeResponse, FindingDecision
from innopartner.core.exceptions import DomainError, NotAllowed
from innopartner.procedures.models import Procedure
from innopartner.testing import publish

from .conftest import (
    CONSENTED_NAME,
    CONSENTED_SUMMARY,
    SECRETS,
    write_page,
)


def _refused(call, code):
    audits = AuditRecord.objects.count()
    responses = ChallengeResponse.objects.count()
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.code == code
    assert AuditRecord.objects.count() == audits
    assert ChallengeResponse.objects.count() == responses
    return caught.value


def test_the_buyer_writes_and_publishes_a_page_with_an_audit_record(world, procedure):
    page = write_page(world, procedure)
    assert page.status == ChallengePage.Status.DRAFT
    page = services.challenge_page_publish(page=page, now=world.now, actor=world.officer)
    assert page.status == "published" and page.published_at == world.now
    actions = list(
        AuditRecord.objects.filter(procedure=procedure, action__startswith="challenge_page")
        .order_by("at", "id")
        .values_list("action", "actor_label")
    )
    assert actions == [
        ("challenge_page.created", "officer"),
        ("challenge_page.published", "officer"),
    ]
    assert selectors.page_public(page.public_id) == page


def test_a_draft_page_is_not_public(world, procedure):
    page = write_page(world, procedure)
    with pytest.raises(DomainError) as caught:
        selectors.page_public(page.public_id)
    assert caught.value.code == "challenge-page-not-found"


def test_another_buyer_and_a_supplier_cannot_write_the_page_or_read_responses(
    world, procedure, page
):
    supplier = world.supplier(world.operators[0])
    for user in (world.other_buyer_officer, supplier, world.evaluator):
        _refused(
            lambda u=user: services.challenge_page_save(
                procedure=procedure, now=world.now, actor=u, title="x"
            ),
            "not-buyer-staff",
        )
        with pytest.raises(NotAllowed):
            selectors.responses_for_buyer(procedure=procedure, user=user)
        with pytest.raises(NotAllowed):
            selectors.export_csv(procedure=procedure, user=user)


def test_a_response_is_stored_audited_without_its_idea_and_confirmed_by_mail(
    world, page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = services.response_submit(
            page=page,
            organisation_name="Start-up",
            kvk_number="12.34.56.78",
            contact_person="Sam",
            email="sam@example.nl",
            kind="idea",
            idea="IDEE-IN-MAIL-NIET-IN-AUDIT",
            now=world.now,
        )
    assert response.kvk_number == "12345678"
    record = AuditRecord.objects.get(action="challenge_response.received")
    assert "IDEE-IN-MAIL-NIET-IN-AUDIT" not in str(record.after)
    assert "Start-up" not in str(record.after) and record.actor_label == "publiek reactieformulier"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sam@example.nl"]
    assert page.title in mail.outbox[0].body


def test_a_bad_kvk_number_is_refused_and_nothing_is_stored(world, page):
    _refused(
        lambda: services.response_submit(
            page=page,
            organisation_name="Start-up",
            kvk_number="1234",
            contact_person="Sam",
            email="sam@example.nl",
            kind="interest",
            now=world.now,
        ),
        "kvk-number-invalid",
    )


def test_the_sixth_response_from_one_sender_within_an_hour_is_refused(world, page):
    def send(minutes):
        return services.response_submit(
            page=page,
            organisation_name="Spam",
            contact_person="Bot",
            email="bot@example.nl",
            kind="interest",
            now=world.now + dt.timedelta(minutes=minutes),
            client_key="k1",
        )

    for minute in range(5):
        send(minute)
    _refused(lambda: send(10), "response-rate-limited")
    send(61)  # an hour after the first, one slot is free again


def test_after_the_notice_the_page_is_closed_for_edits_and_responses(world, procedure, page):
    publish(world, procedure)
    _refused(lambda: write_page(world, procedure), "consultation-after-notice")
    _refused(
        lambda: services.response_submit(
            page=page,
            organisation_name="Laat",
            contact_person="Te",
            email="laat@example.nl",
            kind="interest",
            now=world.now,
        ),
        "consultation-after-notice",
    )


def test_a_withdrawn_page_needs_a_reason_and_takes_no_responses(world, page):
    _refused(
        lambda: services.challenge_page_withdraw(
            page=page, reason=" ", now=world.now, actor=world.officer
        ),
        "withdrawal-reason-missing",
    )
    services.challenge_page_withdraw(
        page=page, reason="De behoefte is vervallen.", now=world.now, actor=world.officer
    )
    _refused(
        lambda: services.response_submit(
            page=page,
            organisation_name="A",
            contact_person="B",
            email="a@example.nl",
            kind="interest",
            now=world.now,
        ),
        "challenge-responses-closed",
    )


def test_an_activity_extends_the_procedures_consultation_entry(world, procedure, seeded):
    entry = seeded.entry
    assert entry.procedure == procedure and entry.participants == 50
    assert entry.kind == "information_meeting"
    actions = set(AuditRecord.objects.filter(procedure=procedure).values_list("action", flat=True))
    assert {"consultation.recorded", "consultation_activity.recorded"} <= actions
    with pytest.raises(DomainError) as caught:
        services.activity_record(
            procedure=procedure,
            kind="one_to_one",
            held_on=world.now.date() + dt.timedelta(days=2),
            learned="x",
            now=world.now,
            actor=world.officer,
        )
    assert caught.value.code == "activity-in-future"


def test_a_finding_changes_the_preparation_record_and_leaves_a_trail(world, procedure, seeded):
    services.finding_decide(
        entry=seeded.entry,
        finding="Veldproef is te duur voor kleine bedrijven.",
        topic="budget",
        value="450000",
        decision="Budget verhoogd.",
        now=world.now,
        actor=world.officer,
    )
    services.finding_decide(
        entry=seeded.entry,
        finding="Korpsen blussen ook 's nachts.",
        topic="minimum_requirement",
        value="Werkt bij duisternis.",
        decision="Nieuwe minimumeis.",
        now=world.now,
        actor=world.officer,
    )
    procedure = Procedure.objects.get(pk=procedure.pk)
    assert procedure.budget == Decimal("450000")
    assert procedure.requirements.filter(text="Werkt bij duisternis.", is_minimum=True).exists()
    trail = selectors.trail(procedure)
    assert [d.topic for d in trail] == ["budget", "minimum_requirement"]
    assert trail[0].before == {"budget": None} and trail[0].after == {"budget": "450000"}
    actions = list(AuditRecord.objects.filter(procedure=procedure).values_list("action", flat=True))
    assert "preparation.updated" in actions and "requirement.added" in actions
    assert actions.count("consultation_finding.decided") == 2


def test_after_the_notice_a_finding_cannot_change_the_documents(world, procedure, seeded):
    publish(world, procedure)
    decisions = FindingDecision.objects.count()
    with pytest.raises(DomainError):
        services.finding_decide(
            entry=seeded.entry,
            finding="f",
            topic="partners",
            value="3",
            decision="d",
            now=world.now,
            actor=world.officer,
        )
    assert FindingDecision.objects.count() == decisions
    assert Procedure.objects.get(pk=procedure.pk).intended_partners == 2


def test_the_report_names_only_consented_summaries_and_never_an_idea(world, page, seeded):
    report = selectors.consultation_report(page)
    text = repr(report)
    for secret in SECRETS:
        assert secret not in text, secret
    assert report.response_total == 2
    assert [(s.organisation_name, s.summary) for s in report.summaries] == [
        (CONSENTED_NAME, CONSENTED_SUMMARY)
    ]
    assert report.activities[0].participants == 50


def test_the_export_holds_every_response_for_the_buyer(world, procedure, page, seeded):
    rows = selectors.export_rows(procedure=procedure, user=world.officer)
    assert rows[0][1] == "organisatie" and len(rows) == 3
    flat = " ".join(str(c) for row in rows for c in row)
    assert "GEHEIM-IDEE" in flat and "12345678" in flat and "(Europe/Amsterdam)" in flat
    assert "Samenvatting-ok" in flat
