"""The actions of each role through the web, and the refusals: the rule's code and article
are shown, the form keeps what was typed, and nothing leaks between suppliers."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from innopartner.evaluation.models import Score
from innopartner.negotiation.models import Question
from innopartner.tendering.models import Tender

from .conftest import sign_in


def url(name, *args):
    return reverse(f"web:{name}", args=args)


# --- buyer -----------------------------------------------------------------------------------


def test_the_buyer_dashboard_lists_questions_openings_scoring_and_the_gate(client, demo):
    sign_in(client, "demo-officer")
    page = client.get(url("dashboard")).content.decode()
    assert "2 vragen wachten op een antwoord" in page
    assert "Inschrijvingen ronde 1 openen" in page
    assert "Beoordeling ronde 1 loopt" in page
    assert "Beslismoment na fase 1" in page


def test_a_buyer_answers_and_publishes_into_a_numbered_nota_without_the_askers(client, demo):
    procedure = demo["demo-verzoeken"]
    sign_in(client, "demo-officer")
    for question in Question.objects.filter(procedure=procedure, answered_at__isnull=True):
        response = client.post(
            url("question_answer", procedure.pk, question.pk), {"answer": "Zie de leidraad."}
        )
        assert response.status_code == 302
    assert client.post(url("answers_publish", procedure.pk)).status_code == 302
    sign_in(client, "demo-supplier-a")
    page = client.get(url("nota", procedure.pk)).content.decode()
    nota = page[
        page.index('<ol class="nota">') : page.index("</ol>", page.index('<ol class="nota">'))
    ]
    assert nota.count("Zie de leidraad.") == 2
    assert "GeoMoist" not in nota and "SatFire" not in nota
    assert 'value="3"' in nota  # numbered 1..3


def test_publishing_with_nothing_answered_shows_the_rule_and_its_code(client, demo):
    procedure = demo["demo-opening"]
    sign_in(client, "demo-officer")
    response = client.post(url("answers_publish", procedure.pk))
    assert response.status_code == 400
    assert "nothing-to-publish" in response.content.decode()


def test_a_refused_notice_keeps_the_form_and_names_the_article(client, demo):
    procedure = demo["demo-verzoeken"]  # already published
    sign_in(client, "demo-officer")
    response = client.post(
        url("notice_publish", procedure.pk),
        {"requests_deadline": "2031-05-04T12:00", "channel": "tenderned"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "stage-not-allowed" in page or "<code>" in page
    assert 'value="2031-05-04T12:00"' in page


def test_the_opening_needs_a_second_colleague(client, demo):
    procedure = demo["demo-opening"]
    tender_round = procedure.rounds.get()
    sign_in(client, "demo-officer")
    assert (
        client.post(url("opening", procedure.pk, tender_round.pk), {"action": "start"}).status_code
        == 302
    )
    same = client.post(url("opening", procedure.pk, tender_round.pk), {"action": "confirm"})
    assert same.status_code == 400
    assert "Art." in same.content.decode() or "four" in same.content.decode()
    sign_in(client, "demo-officer-2")
    other = client.post(url("opening", procedure.pk, tender_round.pk), {"action": "confirm"})
    assert other.status_code == 302
    page = client.get(url("opening", procedure.pk, tender_round.pk)).content.decode()
    assert "PROCES-VERBAAL" in page


def test_the_gate_is_decided_through_the_service(client, demo):
    procedure = demo["demo-beslismoment"]
    sign_in(client, "demo-officer")
    page = client.get(url("gate", procedure.pk)).content.decode()
    assert "SatFire" in page
    refused = client.post(url("gate", procedure.pk), {"reasons": ""})
    assert refused.status_code == 400
    response = client.post(url("gate", procedure.pk), {"reasons": "Volgens de stukken."})
    assert response.status_code in (302, 400)
    if response.status_code == 400:  # the rule decided otherwise; it is named
        assert "<code>" in response.content.decode()
    else:
        assert procedure.gate_decisions.count() == 1


def test_a_supplier_cannot_use_buyer_pages(client, demo):
    sign_in(client, "demo-supplier-a")
    response = client.get(url("questions", demo["demo-verzoeken"].pk))
    assert response.status_code == 403
    assert "web-role-not-allowed" in response.content.decode()


# --- evaluator -------------------------------------------------------------------------------


def test_an_evaluator_cannot_score_before_the_opening(client, demo):
    procedure = demo["demo-opening"]
    sign_in(client, "demo-evaluator")
    response = client.get(url("round_scores", procedure.pk, procedure.rounds.get().pk))
    assert response.status_code == 403
    assert "tender-sealed" in response.content.decode()


def test_an_evaluator_sees_other_scores_only_after_scoring(client, demo, django_user_model):
    from innopartner.evaluation import services as evaluation
    from innopartner.parties import services as parties
    from innopartner.web import clock

    procedure = demo["demo-beoordeling"]
    tender = Tender.objects.filter(round__procedure=procedure).first()
    criterion = procedure.award_criteria.get(kind="quality")
    colleague = parties.person_add(
        username="beoordelaar-2",
        organisation=procedure.lead_buyer,
        role="evaluator",
        now=clock.now(),
    )
    evaluation.score_submit(
        tender=tender,
        criterion=criterion,
        score=3,
        justification="Zwak plan X9.",
        now=clock.now(),
        actor=colleague,
    )
    sign_in(client, "demo-evaluator")
    before = client.get(url("tender_score", tender.pk)).content.decode()
    assert "Zwak plan X9." not in before
    response = client.post(
        url("tender_score", tender.pk),
        {"criterion": str(criterion.pk), "score": "8", "justification": "Sterk."},
    )
    assert response.status_code == 302
    after = client.get(url("tender_score", tender.pk)).content.decode()
    assert "Zwak plan X9." in after
    assert Score.objects.filter(tender=tender).count() == 2


def test_a_score_off_the_scale_is_refused_with_the_rule(client, demo):
    procedure = demo["demo-beoordeling"]
    tender = Tender.objects.filter(round__procedure=procedure).first()
    criterion = procedure.award_criteria.get(kind="quality")
    sign_in(client, "demo-evaluator")
    response = client.post(
        url("tender_score", tender.pk),
        {"criterion": str(criterion.pk), "score": "11", "justification": "Heel sterk."},
    )
    assert response.status_code == 400
    assert "<code>" in response.content.decode()
    assert "Heel sterk." in response.content.decode()


def test_the_auditor_reads_every_score_and_can_change_none(client, demo, django_user_model):
    from innopartner.evaluation import services as evaluation
    from innopartner.web import clock

    procedure = demo["demo-beoordeling"]
    tender = Tender.objects.filter(round__procedure=procedure).first()
    criterion = procedure.award_criteria.get(kind="quality")
    evaluator = django_user_model.objects.get(username="demo-evaluator")
    evaluation.score_submit(
        tender=tender,
        criterion=criterion,
        score=6,
        justification="Degelijk plan Q7.",
        now=clock.now(),
        actor=evaluator,
    )
    sign_in(client, "demo-auditor")
    detail = client.get(url("procedure", procedure.pk)).content.decode()
    assert url("round_scores", procedure.pk, tender.round_id) in detail
    overview = client.get(url("round_scores", procedure.pk, tender.round_id))
    assert overview.status_code == 200
    assert "Uw scores" not in overview.content.decode()
    page = client.get(url("tender_score", tender.pk)).content.decode()
    assert "Degelijk plan Q7." in page  # every evaluator's score and justification
    assert '<form method="post"' not in page
    # a posted score is refused by the service, and nothing is recorded
    refused = client.post(
        url("tender_score", tender.pk),
        {"criterion": str(criterion.pk), "score": "9", "justification": "Auditor."},
    )
    assert refused.status_code == 400
    assert "<code>" in refused.content.decode()
    assert Score.objects.filter(tender=tender).count() == 1
    assert not tender.consensus_scores.exists()


# --- supplier --------------------------------------------------------------------------------


def test_a_supplier_requests_to_participate_and_asks_a_question(client, demo):
    procedure = demo["demo-verzoeken"]
    user = sign_in(client, "demo-supplier-b")
    operator = str(user.memberships.get().organisation_id)
    assert client.post(url("interest_register", procedure.pk)).status_code == 302
    response = client.post(
        url("request_submit", procedure.pk),
        {"operator": operator, "statement": "UEA bijgevoegd."},
    )
    assert response.status_code == 302
    again = client.post(
        url("request_submit", procedure.pk),
        {"operator": operator, "statement": "Nog eens."},
    )
    assert again.status_code == 400
    assert "request-already-submitted" in again.content.decode()
    asked = client.post(
        url("question_ask", procedure.pk),
        {
            "operator": operator,
            "text": "Hoe lang duurt fase 1?",
        },
    )
    assert asked.status_code == 302


def test_a_supplier_never_sees_another_suppliers_questions_or_tenders(client, demo):
    sign_in(client, "demo-supplier-a")
    page = client.get(url("procedure", demo["demo-verzoeken"].pk)).content.decode()
    assert "Is er budget voor een veldproef" not in page  # GeoMoist's open question
    other = Tender.objects.filter(
        round__procedure=demo["demo-opening"], operator__name="GeoMoist B.V."
    ).get()
    assert client.get(url("tender", other.pk)).status_code == 404
    assert client.get(url("tender", other.pk) + "?download=1").status_code == 404
    receipt = other.receipts.first()
    assert client.get(url("receipt", receipt.pk)).status_code == 404
    own = Tender.objects.get(
        round__procedure=demo["demo-opening"], operator__name__startswith="Sat"
    )
    assert client.get(url("tender", own.pk)).status_code == 200


def _open_round(demo):
    """A fresh round in the demo-opening procedure after its opening, still open to tender."""
    import datetime as dt

    from innopartner.parties.models import Membership
    from innopartner.tendering import services as tendering
    from innopartner.web import clock

    procedure = demo["demo-opening"]
    first = procedure.rounds.get()
    officer = Membership.objects.get(user__username="demo-officer").user
    officer2 = Membership.objects.get(user__username="demo-officer-2").user
    opening = tendering.tenders_opening_start(tender_round=first, now=clock.now(), actor=officer)
    tendering.tenders_opening_confirm(opening=opening, now=clock.now(), actor=officer2)
    from innopartner.negotiation import services as negotiation
    from innopartner.participation.selectors import remaining_participants

    negotiation.round_negotiate(
        tender_round=first,
        now=clock.now(),
        actor=officer,
        minutes=[(o, "Besproken.") for o in remaining_participants(procedure=procedure)],
    )
    return procedure, tendering.round_open(
        procedure=procedure,
        kind="final",
        deadline=clock.now() + dt.timedelta(days=7),
        now=clock.now(),
        actor=officer,
    )


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_a_supplier_uploads_a_tender_and_gets_a_receipt_with_sha256(client, demo):
    import hashlib

    procedure, tender_round = _open_round(demo)
    user = sign_in(client, "demo-supplier-a")
    operator = user.memberships.get().organisation
    content = _docx()
    response = client.post(
        url("tender_submit", procedure.pk, tender_round.pk),
        {
            "operator": str(operator.pk),
            "price": "99000",
            "file": SimpleUploadedFile("../Offerte Ünïcode.pdf", content),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    receipt = client.get(response["Location"]).content.decode()
    assert hashlib.sha256(content).hexdigest() in receipt
    assert "(Europe/Amsterdam)" in receipt
    tender = Tender.objects.get(round=tender_round, operator=operator)
    assert tender.filename == "Offerte_Unicode.docx"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"MZ\x90\x00\x03binary", "upload-type-not-allowed"),
        (b"PK\x03\x04not-a-zip", "upload-type-not-allowed"),
        (b"", "upload-empty"),
    ],
    ids=["exe-named-pdf", "broken-zip", "empty"],
)
def test_uploads_are_checked_by_content_and_nothing_is_stored(client, demo, content, code):
    procedure, tender_round = _open_round(demo)
    user = sign_in(client, "demo-supplier-a")
    operator = user.memberships.get().organisation
    response = client.post(
        url("tender_submit", procedure.pk, tender_round.pk),
        {
            "operator": str(operator.pk),
            "price": "99000",
            "file": SimpleUploadedFile("inschrijving.pdf", content),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert code in page or "leeg" in page or "empty" in page
    assert not Tender.objects.filter(round=tender_round).exists()


@override_settings(INNOPARTNER_MAX_UPLOAD_MB=1)
def test_an_upload_over_the_limit_is_refused_whole(client, demo):
    procedure, tender_round = _open_round(demo)
    user = sign_in(client, "demo-supplier-a")
    operator = user.memberships.get().organisation
    response = client.post(
        url("tender_submit", procedure.pk, tender_round.pk),
        {
            "operator": str(operator.pk),
            "price": "1",
            "file": SimpleUploadedFile("groot.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1)),
        },
    )
    assert response.status_code == 400
    assert "upload-too-large" in response.content.decode()
    assert not Tender.objects.filter(round=tender_round).exists()


def test_a_supplier_reads_only_letters_addressed_to_its_company(client, demo):
    from innopartner.procedures.models import DecisionLetter

    sign_in(client, "demo-supplier-a")
    page = client.get(url("letters")).content.decode()
    assert "SatFire" in page and "GeoMoist" not in page
    foreign = DecisionLetter.objects.filter(addressee__name="GeoMoist B.V.").first()
    assert client.get(url("letter", foreign.pk)).status_code == 404


def test_a_supplier_does_not_see_unpublished_procedures(client, demo):
    from innopartner.procedures.models import Procedure

    draft = Procedure.objects.filter(notice_dispatched_at__isnull=True).first()
    sign_in(client, "demo-supplier-a")
    if draft is not None:
        assert client.get(url("procedure", draft.pk)).status_code == 404


# --- auditor and errors ----------------------------------------------------------------------


def test_the_auditor_reads_any_procedure_and_its_audit_trail_paginated(client, demo):
    sign_in(client, "demo-auditor")
    procedure = demo["demo-beslismoment"]
    assert client.get(url("procedure", procedure.pk)).status_code == 200
    page = client.get(url("audit_trail", procedure.pk))
    assert page.status_code == 200
    assert "notice.published" in page.content.decode()
    assert "Pagina 1 van" in page.content.decode()
    assert client.post(url("opening", procedure.pk, procedure.rounds.first().pk)).status_code == 403


def test_unknown_pages_are_a_friendly_404(client, demo):
    sign_in(client, "demo-supplier-a")
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Niet gevonden" in response.content.decode()


def test_the_procedure_list_filters_and_searches(client, demo):
    sign_in(client, "demo-auditor")
    page = client.get(url("procedures"), {"stage": "rd_phases"}).content.decode()
    assert "veenbranden" in page and "blusmiddelen" not in page
    page = client.get(url("procedures"), {"q": "blusmiddel"}).content.decode()
    assert "blusmiddelen" in page and "veenbranden" not in page
    htmx = client.get(url("procedures"), {"type": "pcp"}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200
