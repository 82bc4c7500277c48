"""The people of the organisation the person acts for in this session, and adding a colleague
(``parties.services.colleague_add``: who may grant which role is ``parties.rules``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Min
from django.shortcuts import render
from django.utils.translation import gettext as _

from innopartner.audit.models import AuditRecord
from innopartner.core.exceptions import NotAllowed
from innopartner.parties import rules
from innopartner.parties.models import Membership
from innopartner.parties.services import colleague_add
from innopartner.web import clock
from innopartner.web.account_forms import ColleagueForm
from innopartner.web.views.base import attempt, done, refused

TEMPLATE = "web/accounts/colleagues.html"


def _people(organisation) -> list[Membership]:
    """Only the session's own organisation: another organisation's people are never listed.
    'Since' is when the role was granted (its audit record), else when the account was made."""
    memberships = list(
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username", "role")
    )
    granted = dict(
        AuditRecord.objects.filter(
            action="membership.granted",
            subject_type=Membership._meta.label,
            subject_id__in=[str(m.pk) for m in memberships],
        )
        .values("subject_id")
        .annotate(first=Min("at"))
        .values_list("subject_id", "first")
    )
    for membership in memberships:
        membership.since = granted.get(str(membership.pk), membership.user.date_joined)
    return memberships


@login_required
def colleagues(request):
    organisation = request.organisation
    if organisation is None:
        raise NotAllowed(
            _("Uw account hoort nog bij geen enkele organisatie."), code="no-organisation"
        )
    own_roles = [m.role for m in request.memberships if m.organisation_id == organisation.pk]
    grantable = rules.roles_grantable(own_roles)
    form = ColleagueForm(request.POST or None, grantable=grantable)
    context = {
        "people": _people(organisation),
        "form": form,
        "may_add": bool(grantable),
        "organisation": organisation,
    }
    if request.method == "POST":
        if not form.is_valid():
            return render(request, TEMPLATE, context, status=400)
        data = form.cleaned_data
        user, refusal = attempt(
            lambda: colleague_add(
                actor=request.user,
                organisation=organisation,
                username=data["username"],
                email=data["email"],
                role=data["role"],
                full_name=data["full_name"],
                now=clock.now(),
            )
        )
        if refusal:
            return refused(request, TEMPLATE, context, refusal)
        if user.has_usable_password():
            message = _("%(name)s is toegevoegd en meldt zich aan met het eigen wachtwoord.")
        else:
            message = _("%(name)s is toegevoegd en krijgt een e-mail om een wachtwoord te kiezen.")
        return done(
            request, message % {"name": user.get_full_name() or user.username}, "web:colleagues"
        )
    return render(request, TEMPLATE, context)
