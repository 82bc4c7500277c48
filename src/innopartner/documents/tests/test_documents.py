"""Documents drawn up from the record: the draft procurement documents (DOCX and PDF from one
document model) carry the record's numbers and the draft marking on every page, list what
blocks publication from the publication rule itself, and the letters and the proces-verbaal
reach only who may read them."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document as WordDocument

from innopartner.core.exceptions import RuleViolation
from innopartner.documents.builders import build_draft, build_letter, missing_elements
from innopartner.documents.model import DRAFT_MARKING
from innopartner.documents.render_docx import render_docx
from innopartner.documents.render_pdf import render_pdf
from innopartner.procedures.models import DecisionLetter
from innopartner.procedures.services import ensure_publishable
from innopartner.tendering.models import TenderOpening
from innopartner.testing import START, draft_procedure, make_world
from innopartner.web.tests.conftest import sign_in

from .pdftext import page_count, pdf_text


def docx_text(content: bytes) -> tuple[str, list[str]]:
    """The body text (paragraphs and table cells) and the text of each section's header and
    footer."""
    word = WordDocument(io.BytesIO(content))
    lines = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    marks = []
    for section in word.sections:
        marks += [p.text for p in section.header.paragraphs]
        marks += [p.text for p in section.footer.paragraphs]
    return "\n".join(lines), marks


# The IFV record (scenarios/cases/ifv.yaml): budget, values, phases, instalments, weights.
IFV_FACTS = [
    "€ 900.000",  # budget
    "€ 500.000",  # estimated R&D value
    "€ 400.000",  # estimated purchase value and maximum cost
    "Prototype",
    "Doorontwikkeling tot product",
    "€ 150.000",  # budget per partner, phase 1
    "Start prototypefase",
    "€ 50.000",
    "Oplevering product",
    "Nauwkeurigheid",
    "40%",
    "30%",
    "Dekking van heel Nederland met een resolutie van ten minste 1 km2",
    "Ervaring met onderzoek en ontwikkeling in aardobservatie",
    "licentie voor benoemde toepassingen",
    "mini-competitie",
    "Jaarlicentie en dienst",
    "€ 80.000",
    "art. 31 lid 2, laatste alinea",
    "art. 66",
    "art. 2.127 Aanbestedingswet 2012",
]


@pytest.fixture
def ifv_draft(ifv, db):
    return build_draft(ifv, now=START)


def test_the_ifv_draft_as_docx_has_the_record_and_the_marking_on_every_page(ifv, ifv_draft):
    from innopartner.documents.builders import day

    body, marks = docx_text(render_docx(ifv_draft))
    for fact in IFV_FACTS:
        assert fact in body, fact
    # The award decision was sent: the standstill notice states its dates.
    decision = ifv.award_decision
    assert f"Opschortende termijn tot en met | {day(decision.standstill_ends)}" in body
    assert f"Ondertekening vanaf | {day(decision.earliest_signing)}" in body
    assert marks and all(mark == DRAFT_MARKING for mark in marks)
    assert "CONCEPT — ter beoordeling door uw juristen" in marks
    assert "Ontbrekende onderdelen" not in body  # IFV was published: nothing missing


def test_the_ifv_draft_as_pdf_has_the_same_content_and_the_marking_on_every_page(ifv_draft):
    pdf = render_pdf(ifv_draft)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    flowing = " ".join(text.split())  # lines wrap at spaces
    for fact in IFV_FACTS:
        assert fact in flowing, fact
    pages = page_count(pdf)
    assert pages >= 3
    assert text.count(DRAFT_MARKING) == pages


def test_an_incomplete_procedure_lists_what_the_publication_rule_finds_missing(db):
    world = make_world(operators=0)
    procedure = draft_procedure(world, complete=False)
    with pytest.raises(RuleViolation) as refusal:
        ensure_publishable(procedure)
    missing = missing_elements(procedure)
    listed = refusal.value.extra["missing"]
    assert missing[: len(listed)] == listed  # rule 3's own list first, not a copy
    # then every other rule that refuses too, each with its code
    assert any("[candidates-minimum-too-low]" in line for line in missing[len(listed) :])
    assert "beschrijving van de behoefte (need description)" in missing
    assert "regeling intellectueel eigendom (IPR arrangements)" in missing
    document = build_draft(procedure, now=world.now)
    body, _marks = docx_text(render_docx(document))
    text = " ".join(pdf_text(render_pdf(document)).split())  # a heading may wrap in the PDF
    for output in (body, text):
        assert "Ontbrekende onderdelen: publicatie geblokkeerd" in output
        assert "minimumeisen (minimum requirements)" in output
        assert "fasering met tussendoelen (phase plan)" in output


def test_a_complete_procedure_with_a_rule_beyond_rule_3_failing_shows_that_rule(db):
    """Documents complete but the weights do not add up to 100 (Art. 67(5)): the draft names
    the refusal of the same publication rule, with its code."""
    from innopartner.procedures import services as procedures
    from innopartner.procedures.models import Procedure

    world = make_world(operators=0)
    procedure = Procedure.objects.get(pk=draft_procedure(world).pk)
    assert missing_elements(procedure) == []
    criterion = procedure.award_criteria.first()
    procedures.award_criterion_change(
        criterion=criterion, weight=criterion.weight + 1, now=world.now, actor=world.officer
    )
    missing = missing_elements(procedure)
    assert len(missing) == 1 and "award-criteria-weights-not-100" in missing[0]


def _broken_three_ways(world):
    """No award criteria, no R&D selection criterion, no proportionality justification."""
    from innopartner.procedures.models import Procedure

    procedure = draft_procedure(world)
    procedure.award_criteria.all().delete()
    procedure.selection_criteria.update(covers_rd_capacity=False)
    Procedure.objects.filter(pk=procedure.pk).update(proportionality_justification="")
    return Procedure.objects.get(pk=procedure.pk)


THREE_CODES = (
    "[award-criteria-missing]",
    "[rd-selection-criterion-missing]",
    "[proportionality-not-justified]",
)


def test_the_draft_lists_every_rule_that_blocks_publication_in_order(db):
    """All refusals, not the first: rule 3's missing elements, then each other rule's message
    with its code and article, in the order of ``publication_problems``."""
    world = make_world(operators=0)
    procedure = _broken_three_ways(world)
    missing = missing_elements(procedure)
    assert missing[:2] == [
        "gunningscriteria met weging (award criteria and weighting)",
        "onderbouwing van de evenredigheid (proportionality justification)",
    ]
    assert [next(code for code in THREE_CODES if code in line) for line in missing[2:]] == list(
        THREE_CODES
    )
    assert "(Art. 31(6) Richtlijn 2014/24/EU)" in missing[3]
    body, _marks = docx_text(render_docx(build_draft(procedure, now=world.now)))
    warning = body[body.index("Ontbrekende onderdelen: publicatie geblokkeerd") :]
    warning = warning[: warning.index("Algemene gegevens")]
    positions = [warning.index(code) for code in THREE_CODES]
    assert positions == sorted(positions)
    assert "onderbouwing van de evenredigheid" in warning


def test_the_cli_draft_prints_every_blocking_rule(db, tmp_path, capsys):
    from innopartner.documents.cli import draft_to_file

    world = make_world(operators=0)
    procedure = _broken_three_ways(world)
    out = tmp_path / "concept.docx"
    assert draft_to_file(procedure_ref=str(procedure.pk), fmt="docx", out=str(out)) == 0
    err = capsys.readouterr().err
    assert "publicatie geblokkeerd" in err
    assert all(code in err for code in THREE_CODES)
    assert all(code in docx_text(out.read_bytes())[0] for code in THREE_CODES)


# --- web ---------------------------------------------------------------------------------


def url(name, *args):
    return reverse(f"documents:{name}", args=args)


def test_buyer_staff_and_auditors_get_the_draft_page_and_downloads_others_do_not(client, auditor):
    world = make_world(operators=1)
    procedure = draft_procedure(world, complete=False)
    sign_in(client, "officer")
    page = client.get(url("draft", procedure.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "beschrijving van de behoefte (need description)" in html
    docx = client.get(url("draft_docx", procedure.pk))
    assert docx.status_code == 200
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in docx["Content-Disposition"]
    assert "Ontbrekende onderdelen" in docx_text(docx.content)[0]
    pdf = client.get(url("draft_pdf", procedure.pk))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(url("draft", procedure.pk) + "concept.odt").status_code == 404

    sign_in(client, "auditor")
    assert client.get(url("draft", procedure.pk)).status_code == 200
    assert client.get(url("draft_pdf", procedure.pk)).status_code == 200
    # An evaluator of the buyer is not the buyer's staff; another buyer and a supplier do not
    # see the unpublished procedure at all.
    sign_in(client, "evaluator")
    assert client.get(url("draft_pdf", procedure.pk)).status_code == 403
    sign_in(client, "other-officer")
    assert client.get(url("draft_docx", procedure.pk)).status_code == 404
    sign_in(client, "supplier-a", verified=False)
    response = client.get(url("draft_docx", procedure.pk))
    assert response.status_code == 404 and b"Slimme vismonitoring" not in response.content


def test_the_draft_page_in_english(client, db):
    world = make_world(operators=0)
    procedure = draft_procedure(world, complete=False)
    sign_in(client, "officer")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(url("draft", procedure.pk)).content.decode()
    assert "What is missing for publication" in page and "Draft as a Word file" in page


def test_buyer_roles_must_pass_the_second_factor_first(client, db, settings):
    settings.INNOPARTNER_DEMO = False
    world = make_world(operators=0)
    procedure = draft_procedure(world)
    sign_in(client, "officer", verified=False)
    response = client.get(url("draft_pdf", procedure.pk))
    assert response.status_code == 302 and "tweestapsverificatie" in response["Location"]


def test_a_letter_pdf_reaches_only_its_addressee_and_the_buyer(client, ifv, auditor):
    letter = (
        DecisionLetter.objects.filter(procedure=ifv, addressee__name="SatFire Analytics B.V.")
        .exclude(reasons="")
        .first()
    )
    sign_in(client, "sat-user", verified=False)
    response = client.get(url("letter_pdf", letter.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="brief-')
    text = pdf_text(response.content)
    assert "SatFire Analytics B.V." in text
    first_reason = next(line for line in letter.reasons.split("\n") if line.strip())
    assert first_reason[:30] in text.replace("\n", " ")
    assert DRAFT_MARKING not in text  # a sent letter is not a draft
    # Another supplier of the same procedure, and one of no procedure: 404, nothing leaked.
    for other in ("geo-user", "hyd-user"):
        sign_in(client, other, verified=False)
        response = client.get(url("letter_pdf", letter.pk))
        assert response.status_code == 404
        assert b"SatFire" not in response.content and b"%PDF" not in response.content
    sign_in(client, "ifv-beoordelaar-1")
    assert client.get(url("letter_pdf", letter.pk)).status_code == 403
    for reader in ("ifv-inkoper", "auditor"):
        sign_in(client, reader)
        assert client.get(url("letter_pdf", letter.pk)).status_code == 200


def test_the_award_letter_states_the_end_of_the_standstill_period(ifv, db):
    letter = DecisionLetter.objects.filter(
        procedure=ifv, kind=DecisionLetter.Kind.AWARD_INTENDED
    ).first()
    assert letter is not None and letter.standstill_ends is not None
    text = pdf_text(render_pdf(build_letter(letter)))
    end = letter.standstill_ends
    assert "Opschortende termijn tot en met" in text
    assert f"{end.day} " in text and str(end.year) in text
    assert "art. 2.127 Aanbestedingswet 2012" in text.replace("\n", " ")


def test_the_proces_verbaal_pdf_for_the_buyer_and_auditor_only(client, ifv, auditor):
    opening = TenderOpening.objects.filter(round__procedure=ifv, confirmed_at__isnull=False).first()
    tender = opening.round.tenders.first()
    target = url("official_record_pdf", ifv.pk, opening.round.pk)
    for reader in ("ifv-inkoper", "auditor"):
        sign_in(client, reader)
        response = client.get(target)
        assert response.status_code == 200
        text = pdf_text(response.content)
        assert "PROCES-VERBAAL VAN OPENING VAN DE INSCHRIJVINGEN" in text
        assert tender.sha256 in text
    sign_in(client, "sat-user", verified=False)
    response = client.get(target)
    assert response.status_code == 403 and tender.sha256.encode() not in response.content
    sign_in(client, "ifv-inkoper")
    unknown = url("official_record_pdf", ifv.pk, ifv.pk)  # not a round of this procedure
    assert client.get(unknown).status_code == 404


def test_the_procedure_page_links_to_the_documents(client, ifv):
    sign_in(client, "ifv-inkoper")
    page = client.get(reverse("web:procedure", args=[ifv.pk])).content.decode()
    assert url("draft", ifv.pk) in page
    sign_in(client, "sat-user", verified=False)
    page = client.get(reverse("web:procedure", args=[ifv.pk])).content.decode()
    assert url("draft", ifv.pk) not in page


# --- command line ------------------------------------------------------------------------


def test_cli_writes_the_draft_and_refuses_unknown_procedures_clearly(ifv, db, tmp_path, capsys):
    from innopartner.documents.cli import draft_to_file

    out = tmp_path / "ifv.docx"
    assert draft_to_file(procedure_ref="ifv", fmt="docx", out=str(out)) == 0
    assert "€ 900.000" in docx_text(out.read_bytes())[0]
    out = tmp_path / "ifv.pdf"
    assert draft_to_file(procedure_ref=str(ifv.pk), fmt="pdf", out=str(out)) == 0
    assert DRAFT_MARKING in pdf_text(out.read_bytes())
    capsys.readouterr()
    for bad in ("nee", "00000000-0000-0000-0000-000000000000", "'; drop table"):
        assert draft_to_file(procedure_ref=bad, fmt="pdf", out=str(tmp_path / "x.pdf")) == 1
        err = capsys.readouterr().err
        assert "FOUT procedure-not-found" in err and bad in err
    assert not (tmp_path / "x.pdf").exists()
    missing_dir = tmp_path / "geen" / "map" / "ifv.pdf"
    assert draft_to_file(procedure_ref="ifv", fmt="pdf", out=str(missing_dir)) == 2
    assert "FOUT output-not-writable" in capsys.readouterr().err


def test_cli_parser_requires_a_known_format_and_an_output_file():
    import argparse

    from innopartner.documents.cli import add_commands

    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["documents", "draft", "ifv", "--format", "pdf", "--out", "a.pdf"])
    assert (args.procedure, args.format, args.out) == ("ifv", "pdf", "a.pdf")
    for argv in (
        ["documents", "draft", "ifv", "--format", "odt", "--out", "a.odt"],
        ["documents", "draft", "ifv", "--format", "pdf"],
    ):
        with pytest.raises(SystemExit) as exit_:
            parser.parse_args(argv)
        assert exit_.value.code == 2


def test_the_innopartner_command_runs_documents_draft(ifv, db, tmp_path, capsys, monkeypatch):
    """Through the main parser, as ``innopartner documents draft`` (Django is already set up
    on the test database here, so setting it up again is skipped)."""
    from innopartner import cli

    monkeypatch.setattr(cli, "setup_django", lambda *, data=None: None)
    out = tmp_path / "ifv.pdf"
    assert cli.main(["documents", "draft", "ifv", "--format", "pdf", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    code = cli.main(["documents", "draft", "nee", "--format", "docx", "--out", str(out) + "x"])
    assert code == 1 and "FOUT procedure-not-found" in capsys.readouterr().err


@pytest.mark.parametrize(
    "procedure_type", ["innovation_partnership", "pcp", "competitive_negotiation"]
)
@pytest.mark.parametrize("complete", [True, False])
def test_every_procedure_type_drafts_in_both_formats(db, procedure_type, complete):
    """The parts the type does not have (phases for CPN, a purchase for PCP) are left out; an
    incomplete one has the missing section."""
    from innopartner.procedures.models import Procedure

    world = make_world(operators=0)
    procedure = Procedure.objects.get(
        pk=draft_procedure(world, procedure_type=procedure_type, complete=complete).pk
    )
    document = build_draft(procedure, now=world.now)
    body, marks = docx_text(render_docx(document))
    text = " ".join(pdf_text(render_pdf(document)).split())
    for output in (body, text):
        assert ("Ontbrekende onderdelen" in output) is bool(missing_elements(procedure))
        assert ("Fasering, tussendoelen" in output) is procedure.type.has_rd_phases
        assert ("maximale kosten van de afname" in output) is procedure.type.has_purchase_phase
    assert all(mark == DRAFT_MARKING for mark in marks)


def test_every_letter_of_the_ifv_case_renders_with_its_addressee_and_reasons(ifv, db):
    letters = list(DecisionLetter.objects.filter(procedure=ifv).select_related("addressee"))
    kinds = {letter.kind for letter in letters}
    assert kinds >= {"selected", "eliminated", "award_intended", "gate_stop"}, kinds
    for letter in letters:
        text = " ".join(pdf_text(render_pdf(build_letter(letter))).split())
        assert letter.addressee.name in text
        assert " ".join(letter.reasons.split())[:40] in text
