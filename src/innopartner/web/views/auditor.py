"""The auditor's read-only view: any procedure and its audit trail, paginated."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from innopartner.audit.selectors import audit_trail
from innopartner.web import access


@login_required
def procedure_audit_trail(request, pk):
    procedure = access.procedure_for(request.membership, pk)
    access.require(request.membership, access.AUDITOR, access.BUYER)
    page = Paginator(audit_trail(procedure=procedure), 50).get_page(request.GET.get("page"))
    return render(request, "web/auditor/audit_trail.html", {"procedure": procedure, "page": page})
