"""Uploads (web/uploads.py): DOCX and XLSX are ZIP archives, so an upload is inspected as one
before it is accepted: zip bombs (total unpacked size, ratio), names that climb out of a folder,
archives inside the archive. Every refusal names its code, and nothing is stored."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from innopartner.core.exceptions import InvalidInput
from innopartner.tendering.models import Tender
from innopartner.web.tests.conftest import demo, sign_in  # noqa: F401  (demo is a fixture)
from innopartner.web.tests.test_actions import _open_round, url
from innopartner.web.uploads import check_upload

CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/"/>'


def office_zip(members: dict[str, bytes], *, kind: str = "word") -> bytes:
    """A ZIP that looks like a DOCX (or XLSX) with the given extra members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        main = "word/document.xml" if kind == "word" else "xl/workbook.xml"
        archive.writestr(main, b"<document>Onze inschrijving.</document>")
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def refusal(content: bytes, name: str = "inschrijving.docx") -> str:
    with pytest.raises(InvalidInput) as refused:
        check_upload(SimpleUploadedFile(name, content))
    assert str(refused.value.message)  # a clear message, not just a code
    return refused.value.code


def test_a_plain_docx_and_one_with_an_embedded_workbook_are_accepted():
    workbook = office_zip({}, kind="xl")
    for content in (office_zip({}), office_zip({"word/embeddings/Blad1.xlsx": workbook})):
        _, filename = check_upload(SimpleUploadedFile("Offerte.docx", content))
        assert filename == "Offerte.docx"


def test_a_zip_bomb_member_is_refused_by_its_ratio():
    bomb = office_zip({"word/media/image1.png": b"\0" * (8 * 1024 * 1024)})  # ~1000:1

    assert len(bomb) < 100_000
    assert refusal(bomb) == "upload-archive-bomb"


@override_settings(INNOPARTNER_MAX_UPLOAD_MB=1)
def test_many_small_members_that_unpack_past_four_times_the_limit_are_refused():
    parts = {f"word/media/part{i}.bin": b"\0" * (900 * 1024) for i in range(6)}  # 5.4 MB

    assert refusal(office_zip(parts)) == "upload-archive-bomb"


@pytest.mark.parametrize(
    "name", ["../../etc/cron.d/evil", "/etc/passwd", "word/../../evil.xml", "C:/Windows/evil"]
)
def test_a_name_that_climbs_out_of_the_folder_is_refused(name):
    assert refusal(office_zip({name: b"x"})) == "upload-archive-unsafe-name"


def test_an_archive_inside_the_archive_is_refused():
    inner = office_zip({})
    assert refusal(office_zip({"word/media/bijlage.zip": inner})) == "upload-archive-nested"
    # an Office embedding is inspected in turn, and may not hold archives itself
    nested = office_zip(
        {"word/embeddings/Blad1.xlsx": office_zip({"word/embeddings/x.docx": inner})}
    )
    assert refusal(nested) == "upload-archive-nested"
    bomb_inside = office_zip(
        {"word/embeddings/Blad1.xlsx": office_zip({"xl/media/a.bin": b"\0" * (4 * 1024 * 1024)})}
    )
    assert refusal(bomb_inside) == "upload-archive-bomb"


def test_through_the_web_a_zip_bomb_is_refused_with_its_code_and_nothing_is_stored(client, demo):  # noqa: F811
    procedure, tender_round = _open_round(demo)
    user = sign_in(client, "demo-supplier-a")
    operator = user.memberships.get().organisation
    bomb = office_zip({"word/media/image1.png": b"\0" * (8 * 1024 * 1024)})

    response = client.post(
        url("tender_submit", procedure.pk, tender_round.pk),
        {
            "operator": str(operator.pk),
            "price": "99000",
            "file": SimpleUploadedFile("inschrijving.docx", bomb),
        },
    )

    assert response.status_code == 400
    assert "upload-archive-bomb" in response.content.decode()
    assert not Tender.objects.filter(round=tender_round).exists()
