"""Consortium formation for suppliers: the supplier's own company is the lead member
(penvoerder) and names the other members by KvK number; ``parties.services.consortium_form``
checks that the person acts for the lead. Afterwards the consortium is one of the operators
the supplier may act for, so it can request to participate as that consortium."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from innopartner.core.exceptions import InvalidInput
from innopartner.parties import rules as party_rules
from innopartner.parties import services as parties
from innopartner.parties.models import Organisation
from innopartner.web import access, clock
from innopartner.web.views.base import attempt, done, refused
from innopartner.web.wizard_forms import ConsortiumForm


def _members(
    numbers: list[str], form: ConsortiumForm, lead: Organisation
) -> list[Organisation] | None:
    """The operators behind the KvK numbers, or None with the form's error set."""
    found = []
    for number in numbers:
        try:
            normalised = party_rules.normalise_kvk_number(number)
        except InvalidInput as exc:  # the rule's own message names the format
            form.add_error("member_kvk_numbers", exc.message)
            return None
        operator = (
            Organisation.objects.filter(kvk_number=normalised, kind=Organisation.Kind.OPERATOR)
            .exclude(pk=lead.pk)
            .first()
        )
        if operator is None:
            form.add_error(
                "member_kvk_numbers",
                _("Geen geregistreerde ondernemer met KvK-nummer %(kvk)s.") % {"kvk": number},
            )
            return None
        found.append(operator)
    return found


@login_required
def consortia(request):
    """The consortia the supplier's company belongs to, and the form to form a new one."""
    access.require(request.membership, access.SUPPLIER)
    company = request.organisation
    form = ConsortiumForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    context = {
        "form": form,
        "company": company,
        "next": next_url if next_url.startswith("/") and not next_url.startswith("//") else "",
        "consortia": [
            {"consortium": link.consortium, "members": link.consortium.member_links.all()}
            for link in company.consortium_links.select_related("consortium")
        ],
    }
    template = "web/consortium/consortia.html"
    if request.method == "POST" and form.is_valid():
        members = _members(form.cleaned_data["member_kvk_numbers"], form, company)
        if members is not None:
            consortium, refusal = attempt(
                lambda: parties.consortium_form(
                    name=form.cleaned_data["name"],
                    lead=company,
                    members=members,
                    now=clock.now(),
                    actor=request.user,
                )
            )
            if refusal:
                return refused(request, template, context, refusal)
            message = _("De combinatie %(name)s is gevormd, met %(lead)s als penvoerder.") % {
                "name": consortium.name,
                "lead": company.name,
            }
            if context["next"]:
                done(request, message, "web:consortia")
                return redirect(context["next"])
            return done(request, message, "web:consortia")
    return render(request, template, context, status=400 if request.method == "POST" else 200)
