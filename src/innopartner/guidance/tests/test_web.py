"""The checklist and the lessons through the web interface: buyer staff tick, skip with a
reason and mark not applicable; a skip without a reason is refused with a clear message and
nothing is stored; evaluators and auditors read; suppliers and other buyers never see it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from innopartner.audit.models import AuditRecord
from innopartner.guidance.models import ChecklistEntry, OwnLesson
from innopartner.web.tests.conftest import sign_in

ITEM = "prep-market-consultation"


def url(name, *args):
    return reverse(f"guidance:{name}", args=args)


def post_item(client, procedure, state, reason="", item=ITEM):
    data = {"state": state, "reason": reason}
    return client.post(url("checklist_item", procedure.pk, item), data)


def test_buyer_ticks_skips_with_reason_and_marks_not_applicable(client, procedure):
    sign_in(client, "officer")
    page = client.get(url("checklist", procedure.pk))
    assert page.status_code == 200
    assert b"procedures.rules:ensure_documents_complete" in page.content  # enforced, named
    assert post_item(client, procedure, "done").status_code == 302
    entry = ChecklistEntry.objects.get(procedure=procedure, item_id=ITEM)
    assert entry.state == "done" and entry.changed_by.username == "officer"
    response = post_item(client, procedure, "skipped", "Marktconsultatie vorig jaar gehouden.")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.state, entry.reason) == ("skipped", "Marktconsultatie vorig jaar gehouden.")
    assert post_item(client, procedure, "not_applicable", item="prep-eu-funding").status_code == 302
    page = client.get(url("checklist", procedure.pk)).content.decode()
    assert "Marktconsultatie vorig jaar gehouden." in page and "officer" in page
    trail = AuditRecord.objects.filter(procedure=procedure, action="checklist.item_set")
    assert [r.after["state"] for r in trail.order_by("id")] == ["done", "skipped", "not_applicable"]
    assert trail.order_by("id")[1].before == {"state": "done", "reason": ""}


def test_skip_without_a_reason_is_refused_with_a_clear_message_and_nothing_stored(
    client, procedure
):
    sign_in(client, "officer")
    response = post_item(client, procedure, "skipped", "   ")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Geef een reden op waarom u dit punt overslaat." in body
    assert "checklist-skip-reason-missing" in body
    assert not ChecklistEntry.objects.exists()
    assert not AuditRecord.objects.filter(action="checklist.item_set").exists()


def test_an_enforced_item_cannot_be_ticked_by_hand(client, procedure):
    sign_in(client, "officer")
    response = post_item(client, procedure, "done", item="prep-documents-complete")
    assert response.status_code == 400 and b"checklist-item-enforced" in response.content
    assert not ChecklistEntry.objects.exists()


@pytest.mark.parametrize("username", ["evaluator", "supplier-a", "other-officer"])
def test_other_roles_cannot_change_the_checklist(client, procedure, username):
    sign_in(client, username)
    response = post_item(client, procedure, "done")
    assert response.status_code in (403, 404)
    assert not ChecklistEntry.objects.exists()


def test_suppliers_and_other_buyers_never_see_the_checklist(client, world, procedure):
    from innopartner.testing import publish

    publish(world, procedure)  # published: suppliers may see the procedure page itself
    for username in ("supplier-a", "other-officer"):
        client.logout()
        sign_in(client, username)
        assert client.get(url("checklist", procedure.pk)).status_code in (403, 404)
    client.logout()
    sign_in(client, "supplier-a")
    page = client.get(reverse("web:procedure", args=[procedure.pk]))
    assert page.status_code == 200
    assert b'id="leidraad"' not in page.content and b"req-publicity" not in page.content


def test_auditor_reads_the_checklist_without_forms(client, world, procedure):
    from innopartner.parties import services as parties

    parties.person_add(username="auditor", organisation=world.buyer, role="auditor", now=world.now)
    sign_in(client, "officer")
    post_item(client, procedure, "skipped", "Geen tijd.")
    client.logout()
    sign_in(client, "auditor")
    page = client.get(url("checklist", procedure.pk))
    assert page.status_code == 200
    assert b"Geen tijd." in page.content and b'name="state"' not in page.content
    assert post_item(client, procedure, "done").status_code == 403


def test_procedure_page_shows_stage_lessons_in_the_users_language(client, procedure):
    sign_in(client, "officer")
    page = client.get(reverse("web:procedure", args=[procedure.pk])).content.decode()
    assert 'id="leidraad"' in page
    assert 'data-lesson="gvb-risks-and-alternatives-explicit"' in page
    assert "Maak risico's en alternatieven expliciet" in page or "Maak risico&#x27;s" in page
    assert 'data-item="prep-market-consultation"' in page
    client.cookies["django_language"] = "en"
    english = client.get(
        reverse("web:procedure", args=[procedure.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Make risks and alternatives explicit before choosing" in english
    assert "Guidance for this stage" in english


def test_own_lesson_through_the_form_and_refused_without_text(client, procedure):
    sign_in(client, "officer")
    form = url("lesson_add", procedure.pk)
    assert client.get(form).status_code == 200
    bad = client.post(form, {"title": "", "text": "", "stage": "preparation", "topic": "need"})
    assert bad.status_code == 400 and not OwnLesson.objects.exists()
    good = client.post(
        form,
        {
            "title": "Plan de consultatie ruim",
            "text": "Twee weken was te kort.",
            "stage": "preparation",
            "topic": "market",
        },
    )
    assert good.status_code == 302
    lesson = OwnLesson.objects.get()
    assert lesson.organisation.name == "Waterschap Voorbeeld" and not lesson.shared
    client.logout()
    sign_in(client, "evaluator")
    assert client.get(form).status_code == 403


def test_lessons_page_searches_by_word_stage_topic_and_source(client, world):
    sign_in(client, "supplier-a")
    page = client.get(url("lessons"), {"q": "ketenmanager"}).content.decode()
    assert 'data-lesson="almere-chain-manager"' in page
    assert 'data-lesson="charm-supervisor-per-party"' not in page
    page = client.get(url("lessons"), {"source": "charm", "stage": "rd_phases"}).content.decode()
    assert 'data-lesson="charm-hours-and-administration"' in page
    assert 'data-lesson="almere-chain-manager"' not in page
    page = client.get(url("lessons"), {"topic": "ip"}).content.decode()
    assert 'data-lesson="rivierenland-cofunding-50-percent"' in page
    assert 'data-lesson="ifv-joint-meeting-then-one-to-one"' not in page
