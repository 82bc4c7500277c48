"""The consultation pages through the test client: anonymous reading and responding, bad
input refused with nothing stored, no respondent's idea leaking to the public or to
suppliers, the buyer's pages refused to everybody else, and the exports."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from innopartner.consultation import services
from innopartner.consultation.models import ChallengeResponse, FindingDecision
from innopartner.procedures.models import Procedure
from innopartner.testing import publish
from innopartner.web.tests.conftest import sign_in

from .conftest import CONSENTED_NAME, CONSENTED_SUMMARY, SECRET_IDEA, SECRETS, write_page


def public(name, page, *extra):
    return reverse(f"consultation:{name}", args=[page.public_id, *extra])


def buyer(name, procedure):
    return reverse(f"consultation:{name}", args=[procedure.pk])


GOOD = {
    "organisation_name": "Start-up Zonder Account",
    "kvk_number": "",
    "contact_person": "Sam",
    "email": "sam@example.nl",
    "kind": "idea",
    "idea": "IDEE-VAN-SAM-3d2",
    "public_summary": "",
    "website": "",
}


def test_anyone_reads_a_published_page_without_signing_in(client, page):
    response = client.get(public("challenge", page))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Minder water bij het blussen" in text and "PFAS is geen optie." in text
    assert public("respond", page) in text
    assert "inkoop@example.nl" in text


def test_a_draft_page_is_not_found(client, world, procedure):
    page = write_page(world, procedure)
    assert client.get(public("challenge", page)).status_code == 404
    assert client.get(public("respond", page)).status_code == 404


def test_a_start_up_without_an_account_responds_and_sees_its_own_confirmation(
    client, page, mailoutbox, django_capture_on_commit_callbacks
):
    form = client.get(public("respond", page)).content.decode()
    assert 'for="id_organisation_name"' in form and 'name="csrfmiddlewaretoken"' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(public("respond", page), GOOD)
    assert response.status_code == 302
    assert ChallengeResponse.objects.filter(page=page, idea="IDEE-VAN-SAM-3d2").exists()
    thanks = client.get(response["Location"]).content.decode()
    assert "IDEE-VAN-SAM-3d2" in thanks and "sam@example.nl" in thanks
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["sam@example.nl"]
    # another visitor at the same address sees nobody's response
    other = Client().get(public("thanks", page)).content.decode()
    assert "IDEE-VAN-SAM-3d2" not in other and "Start-up Zonder Account" not in other


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "geen-adres"}, "e-mailadres"),
        ({"organisation_name": ""}, "Naam van uw organisatie"),
        ({"idea": "x" * 3001}, "3000"),
        ({"kvk_number": "1234"}, "kvk-number-invalid"),
        ({"kind": "question", "idea": ""}, "response-text-missing"),
        ({"summary_consent": "on", "public_summary": ""}, "response-consent-without-summary"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_stored(
    client, page, changes, message
):
    response = client.post(public("respond", page), {**GOOD, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ChallengeResponse.objects.exists()


def test_a_bot_filling_the_hidden_field_stores_nothing(client, page):
    response = client.post(public("respond", page), {**GOOD, "website": "http://spam"})
    assert response.status_code == 302
    assert not ChallengeResponse.objects.exists()


def test_the_form_needs_its_csrf_token(page):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(public("respond", page), GOOD).status_code == 403
    assert not ChallengeResponse.objects.exists()


def test_after_the_notice_the_page_links_to_the_procedure_and_takes_no_responses(
    client, world, procedure, page
):
    publish(world, procedure)
    text = client.get(public("challenge", page)).content.decode()
    assert reverse("web:procedure", args=[procedure.pk]) in text
    assert public("respond", page) not in text
    closed = client.get(public("respond", page)).content.decode()
    assert "consultation-after-notice" in closed and 'name="organisation_name"' not in closed
    response = client.post(public("respond", page), GOOD)
    assert response.status_code == 400 and "consultation-after-notice" in response.content.decode()


def test_no_page_or_report_leaks_a_respondents_idea(client, world, procedure, page, seeded):
    services.report_publish(page=page, now=world.now, actor=world.officer)
    pages = [
        client.get(public("challenge", page)),
        client.get(public("report", page)),
        client.get(public("report_download", page)),
        client.get(public("thanks", page)),
    ]
    publish(world, procedure)
    sign_in(client, "supplier-a")
    pages.append(client.get(reverse("web:procedure", args=[procedure.pk])))
    for response in pages:
        assert response.status_code == 200
        text = response.content.decode()
        for secret in SECRETS:
            assert secret not in text, (secret, response.request["PATH_INFO"])
    report = pages[1].content.decode()
    assert CONSENTED_NAME in report and CONSENTED_SUMMARY in report
    assert "Bedrijven willen een betaalde veldproef." in report
    assert pages[2]["Content-Disposition"].startswith("attachment")


def test_the_report_is_public_only_once_published(client, world, page, seeded):
    assert client.get(public("report", page)).status_code == 404
    sign_in(client, "officer")
    draft = client.get(public("report", page))
    assert draft.status_code == 200 and "Concept" in draft.content.decode()
    assert client.post(buyer("report_publish", page.procedure)).status_code == 302
    assert Client().get(public("report", page)).status_code == 200


BUYER_PAGES = ("manage", "page_edit", "export_csv", "export_xlsx", "activity_add", "decision_add")


@pytest.mark.parametrize("username", ["other-officer", "supplier-a", "evaluator"])
def test_other_buyers_suppliers_and_evaluators_are_refused_on_the_buyer_pages(
    client, world, procedure, seeded, username
):
    publish(world, procedure)  # a supplier sees the published procedure, still not this
    sign_in(client, username)
    for name in BUYER_PAGES:
        response = client.get(buyer(name, procedure))
        assert response.status_code in (403, 404), name
        assert SECRET_IDEA not in response.content.decode()
    for name in ("page_publish", "page_withdraw", "report_publish"):
        assert client.post(buyer(name, procedure), {"reason": "x"}).status_code in (403, 404)
    assert procedure.challenge_page.status == "published"


def test_anonymous_visitors_are_sent_to_sign_in(client, procedure):
    response = client.get(buyer("manage", procedure))
    assert response.status_code == 302 and reverse("web:login") in response["Location"]


def test_the_buyer_writes_publishes_and_withdraws_the_page(client, world, procedure):
    sign_in(client, "officer")
    form = client.get(buyer("page_edit", procedure)).content.decode()
    assert 'for="id_need"' in form
    bad = client.post(buyer("page_edit", procedure), {"title": "T", "need": ""})
    assert bad.status_code == 400 and "id_need" in bad.content.decode()
    data = {
        "title": "Uitdaging",
        "need": "Ons probleem.",
        "contact_name": "Inkoper",
        "contact_email": "inkoop@example.nl",
    }
    assert client.post(buyer("page_edit", procedure), data).status_code == 302
    assert client.post(buyer("page_publish", procedure)).status_code == 302
    page = Procedure.objects.get(pk=procedure.pk).challenge_page
    overview = client.get(buyer("manage", procedure)).content.decode()
    assert str(page.public_id) in overview
    refused = client.post(buyer("page_withdraw", procedure), {"reason": ""})
    assert refused.status_code == 400 and "withdrawal-reason-missing" in refused.content.decode()
    assert (
        client.post(buyer("page_withdraw", procedure), {"reason": "Vervallen."}).status_code == 302
    )
    gone = client.get(public("challenge", page)).content.decode()
    assert "Vervallen." in gone and public("respond", page) not in gone


def test_the_buyer_records_an_activity_and_links_a_finding_to_a_decision(
    client, world, procedure, page
):
    sign_in(client, "officer")
    held = world.now.date().isoformat()
    activity = {
        "kind": "one_to_one",
        "held_on": held,
        "participants": "40",
        "learned": "Veertig gesprekken: partijen willen twee partners.",
        "minutes": "INTERN",
    }
    assert client.post(buyer("activity_add", procedure), activity).status_code == 302
    bad = client.post(buyer("activity_add", procedure), {**activity, "learned": ""})
    assert bad.status_code == 400
    entry = procedure.consultations.get()
    assert entry.participants == 40 and entry.activity.minutes == "INTERN"
    decision = {
        "entry": str(entry.pk),
        "finding": "Partijen willen samenwerken.",
        "topic": "partners",
        "value": "drie",
        "decision": "Drie partners.",
    }
    refused = client.post(buyer("decision_add", procedure), decision)
    assert refused.status_code == 400 and "decision-partners-invalid" in refused.content.decode()
    assert not FindingDecision.objects.exists()
    assert (
        client.post(buyer("decision_add", procedure), {**decision, "value": "3"}).status_code == 302
    )
    assert Procedure.objects.get(pk=procedure.pk).intended_partners == 3
    detail = client.get(reverse("web:procedure", args=[procedure.pk])).content.decode()
    assert "Partijen willen samenwerken." in detail and buyer("manage", procedure) in detail


def test_the_buyer_exports_the_responses_as_csv_and_xlsx(client, procedure, seeded):
    sign_in(client, "officer")
    response = client.get(buyer("export_csv", procedure))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["ontvangen", "organisatie", "KvK-nummer"]
    assert {r[1] for r in rows[1:]} == {"Verborgen Start-up 91c2", CONSENTED_NAME}
    assert any(SECRET_IDEA in r for r in rows)
    xlsx = client.get(buyer("export_xlsx", procedure))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == rows[0] and len(values) == 3
    assert any(SECRET_IDEA in row for row in values)


def test_a_formula_typed_by_the_public_is_not_run_by_the_spreadsheet(client, world, page):
    services.response_submit(
        page=page,
        organisation_name='=HYPERLINK("http://x")',
        contact_person="A",
        email="a@example.nl",
        kind="interest",
        now=world.now,
    )
    sign_in(client, "officer")
    text = client.get(buyer("export_csv", page.procedure)).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_the_public_page_is_dutch_first_and_english_on_request(client, page):
    from django.conf import settings

    assert "Onze behoefte en ambitie" in client.get(public("challenge", page)).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(public("challenge", page)).content.decode()
    assert "Our need and ambition" in english and "Respond to this challenge" in english
    form = client.get(public("respond", page)).content.decode()
    assert "Name of your organisation" in form


def test_the_sixth_response_within_an_hour_from_one_address_is_refused(client, page):
    for n in range(5):
        assert (
            client.post(public("respond", page), {**GOOD, "idea": f"idee {n}"}).status_code == 302
        )
    response = client.post(public("respond", page), GOOD)
    assert response.status_code == 400 and "response-rate-limited" in response.content.decode()
    assert ChallengeResponse.objects.count() == 5
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.post(public("respond", page), GOOD).status_code == 302


def test_control_characters_typed_by_the_public_do_not_break_the_xlsx_export(client, world, page):
    services.response_submit(
        page=page,
        organisation_name="Bel\x07 B.V.",
        contact_person="A",
        email="a@example.nl",
        kind="idea",
        idea="regel\x00een\x1btwee",
        now=world.now,
    )
    sign_in(client, "officer")
    response = client.get(buyer("export_xlsx", page.procedure))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][1] == "Bel B.V."
    assert "regeleentwee" in [c.value for c in sheet[2]]


def test_buyer_staff_pass_the_second_factor_before_the_buyer_pages(client, settings, procedure):
    settings.INNOPARTNER_DEMO = False
    sign_in(client, "officer", verified=False)
    response = client.get(buyer("manage", procedure))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:otp_setup"))


def test_the_open_challenges_list_published_pages_before_their_notice(
    client, world, procedure, page, seeded
):
    listing = client.get(reverse("consultation:challenges"))
    assert listing.status_code == 200
    text = listing.content.decode()
    assert public("challenge", page) in text and "Waterschap Voorbeeld" in text
    for secret in SECRETS:
        assert secret not in text
    publish(world, procedure)
    assert (
        public("challenge", page)
        not in client.get(reverse("consultation:challenges")).content.decode()
    )
