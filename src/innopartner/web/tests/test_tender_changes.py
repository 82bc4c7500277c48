"""A supplier replaces or withdraws its own tender before the deadline and gets a receipt; it
can never touch another company's tender; after the deadline the rule refuses."""

from __future__ import annotations

import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innopartner.tendering import services as tendering
from innopartner.tendering.models import Receipt, Tender
from innopartner.web import clock

from .conftest import sign_in
from .test_actions import _docx, _open_round


def url(name, *args):
    return reverse(f"web:{name}", args=args)


def _tendered(demo, username="demo-supplier-a"):
    """A live round with a tender of the user's company in it."""
    from django.contrib.auth import get_user_model

    procedure, tender_round = _open_round(demo)
    user = get_user_model().objects.get(username=username)
    operator = user.memberships.get().organisation
    tendering.tender_submit(
        tender_round=tender_round,
        operator=operator,
        content=b"Eerste versie\n",
        filename="eerste.txt",
        price=100000,
        now=clock.now(),
        actor=user,
    )
    return procedure, Tender.objects.get(round=tender_round, operator=operator)


def test_a_supplier_replaces_its_tender_and_gets_a_receipt(client, demo):
    procedure, tender = _tendered(demo)
    sign_in(client, "demo-supplier-a")
    page = client.get(url("procedure", procedure.pk)).content.decode()
    assert url("tender_replace", tender.pk) in page
    form = client.get(url("tender_replace", tender.pk))
    assert form.status_code == 200
    assert 'for="id_file"' in form.content.decode()
    content = _docx()
    response = client.post(
        url("tender_replace", tender.pk),
        {"price": "95000", "file": SimpleUploadedFile("../Nieuw bod.pdf", content)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    receipt = client.get(response["Location"]).content.decode()
    assert hashlib.sha256(content).hexdigest() in receipt
    assert "(Europe/Amsterdam)" in receipt
    assert "vervanging" in receipt
    tender.refresh_from_db()
    assert tender.status == Tender.Status.REPLACED
    new = Tender.objects.get(round=tender.round, status=Tender.Status.SUBMITTED)
    assert new.filename == "Nieuw_bod.docx"


def test_a_replacement_is_checked_like_an_upload_and_nothing_changes(client, demo):
    _procedure, tender = _tendered(demo)
    sign_in(client, "demo-supplier-a")
    response = client.post(
        url("tender_replace", tender.pk),
        {"price": "95000", "file": SimpleUploadedFile("bod.pdf", b"MZ\x90\x00binary")},
    )
    assert response.status_code == 400
    assert "upload-type-not-allowed" in response.content.decode()
    assert 'value="95000"' in response.content.decode()
    tender.refresh_from_db()
    assert tender.status == Tender.Status.SUBMITTED
    assert Tender.objects.filter(round=tender.round).count() == 1


def test_a_supplier_withdraws_its_tender_and_gets_a_receipt(client, demo):
    _procedure, tender = _tendered(demo)
    sign_in(client, "demo-supplier-a")
    page = client.get(url("tender_withdraw", tender.pk))
    assert page.status_code == 200
    assert "<legend>" in page.content.decode()
    response = client.post(url("tender_withdraw", tender.pk))
    assert response.status_code == 302
    receipt = client.get(response["Location"]).content.decode()
    assert tender.sha256 in receipt
    assert "intrekking" in receipt
    tender.refresh_from_db()
    assert tender.status == Tender.Status.WITHDRAWN
    assert Receipt.objects.filter(tender=tender, kind=Receipt.Kind.WITHDRAWAL).count() == 1


def test_another_companys_tender_is_a_404_and_nothing_changes(client, demo):
    _procedure, tender = _tendered(demo, "demo-supplier-b")
    sign_in(client, "demo-supplier-a")
    assert client.get(url("tender_replace", tender.pk)).status_code == 404
    assert client.get(url("tender_withdraw", tender.pk)).status_code == 404
    replace = client.post(
        url("tender_replace", tender.pk),
        {"price": "1", "file": SimpleUploadedFile("bod.txt", b"Overgenomen\n")},
    )
    assert replace.status_code == 404
    assert client.post(url("tender_withdraw", tender.pk)).status_code == 404
    tender.refresh_from_db()
    assert tender.status == Tender.Status.SUBMITTED
    assert Tender.objects.filter(round=tender.round).count() == 1
    assert tender.receipts.count() == 1


def test_buyer_staff_cannot_replace_or_withdraw(client, demo):
    _procedure, tender = _tendered(demo)
    sign_in(client, "demo-officer")
    assert client.post(url("tender_withdraw", tender.pk)).status_code == 403
    tender.refresh_from_db()
    assert tender.status == Tender.Status.SUBMITTED


def test_after_the_deadline_the_rule_refuses(client, demo):
    procedure = demo["demo-opening"]  # its deadline passed two hours ago
    tender = Tender.objects.get(round__procedure=procedure, operator__name__startswith="Sat")
    sign_in(client, "demo-supplier-a")
    withdraw = client.post(url("tender_withdraw", tender.pk))
    assert withdraw.status_code == 400
    assert "tender-after-deadline" in withdraw.content.decode()
    assert "niet meer mogelijk" in withdraw.content.decode()
    replace = client.post(
        url("tender_replace", tender.pk),
        {"price": "1", "file": SimpleUploadedFile("bod.txt", b"Te laat\n")},
    )
    assert replace.status_code == 400
    assert "tender-after-deadline" in replace.content.decode()
    tender.refresh_from_db()
    assert tender.status == Tender.Status.SUBMITTED
