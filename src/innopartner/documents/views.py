"""Downloads of documents drawn up from the record. Who may see what is decided by the same
selectors as the HTML pages (``web.access``): the draft for buyer staff and auditors, a letter
for its addressee and for the buyer staff and auditors, the proces-verbaal for the buyer staff
and auditors. Anything one may not see is a 404, so that a URL reveals nothing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from innopartner.tendering.models import TenderOpening
from innopartner.web import access, clock

from . import builders
from .model import Document
from .render_docx import render_docx
from .render_pdf import render_pdf

FORMATS = {
    "docx": (
        render_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "pdf": (render_pdf, "application/pdf"),
}


def _download(document: Document, fmt: str) -> HttpResponse:
    render, content_type = FORMATS[fmt]
    response = HttpResponse(render(document), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _draft_procedure(request, pk):
    procedure = access.procedure_for(request.membership, pk)
    access.require(request.membership, access.BUYER, access.AUDITOR)
    return procedure


@login_required  # web.middleware adds the second factor and the 403/404 pages
def draft(request, pk):
    """The documents page: what still blocks publication, the draft downloads, and the
    proces-verbaal of each confirmed opening and the letters sent, as PDF."""
    procedure = _draft_procedure(request, pk)
    openings = TenderOpening.objects.filter(
        round__procedure=procedure, confirmed_at__isnull=False
    ).select_related("round")
    return render(
        request,
        "documents/draft.html",
        {
            "procedure": procedure,
            "missing": builders.missing_elements(procedure),
            "openings": openings.order_by("round__number"),
            "letters": procedure.letters.select_related("addressee"),
        },
    )


def _draft_download(request, pk, fmt: str) -> HttpResponse:
    procedure = _draft_procedure(request, pk)
    return _download(builders.build_draft(procedure, now=clock.now()), fmt)


@login_required
def draft_docx(request, pk):
    return _draft_download(request, pk, "docx")


@login_required
def draft_pdf(request, pk):
    return _draft_download(request, pk, "pdf")


@login_required
def letter_pdf(request, pk):
    letter = access.letter_for(request.membership, pk)
    return _download(builders.build_letter(letter), "pdf")


@login_required
def official_record_pdf(request, pk, round_pk):
    procedure = _draft_procedure(request, pk)
    opening = (
        TenderOpening.objects.select_related("round__procedure", "started_by", "confirmed_by")
        .filter(round__procedure=procedure, round_id=round_pk, confirmed_at__isnull=False)
        .first()
    )
    if opening is None:
        raise Http404
    return _download(builders.build_official_record(opening), "pdf")
