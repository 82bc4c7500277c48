"""The auditor's read-only view: any procedure and its audit trail, paginated, with the
verification of the procedure's hash chain and the current head of the whole trail."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from innopartner.audit import chain
from innopartner.audit.selectors import audit_trail, chain_head_on, chain_verification
from innopartner.web import access

PROBLEM_LABELS = {
    chain.CONTENT_HASH_MISMATCH: _("inhoud gewijzigd"),
    chain.BROKEN_LINK: _("verbroken schakel"),
    chain.MISSING_RECORD: _("ontbrekend record"),
    chain.ORDER: _("volgorde gewijzigd"),
    chain.HEAD_MISMATCH: _("kop van de keten klopt niet"),
}


@login_required
def procedure_audit_trail(request, pk):
    procedure = access.procedure_for(request.membership, pk)
    access.require(request.membership, access.AUDITOR, access.BUYER)
    page = Paginator(audit_trail(procedure=procedure), 50).get_page(request.GET.get("page"))
    # Only this procedure's chain is verified here (fast); the whole trail with
    # `innopartner audit verify`, which may take seconds on a long trail. Record ids and the
    # whole trail's head count every change in the installation, so only auditors see them;
    # buyer staff see their procedure's own chain (docs/security.md, identifiers).
    verdict = chain_verification(procedure=procedure)
    auditor = access.audience(request.membership) == access.AUDITOR
    context = {
        "procedure": procedure,
        "page": page,
        "verdict": verdict,
        "problem_label": PROBLEM_LABELS.get(verdict.finding.problem) if verdict.finding else "",
        "show_ids": auditor,
        "trail_head": chain_head_on() if auditor else None,
    }
    return render(request, "web/auditor/audit_trail.html", context)
