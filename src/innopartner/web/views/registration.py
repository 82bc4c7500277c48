"""A company signs itself up (``parties.services.supplier_register``): a public form with a
hidden honeypot field and a rate limit on a keyed hash of the sender's address."""

from __future__ import annotations

from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from innopartner.core.exceptions import RuleViolation
from innopartner.parties.services import supplier_register
from innopartner.web import clock, ratelimit
from innopartner.web.account_forms import RegistrationForm
from innopartner.web.views.base import attempt, done, refused

TEMPLATE = "web/accounts/register.html"

#: Sign-ups per address per hour: enough for an office behind one address, too few for a bot.
REGISTRATIONS_PER_HOUR = 5


def register(request):
    if request.user.is_authenticated:
        return redirect("web:dashboard")
    form = RegistrationForm(request.POST or None)
    context = {"form": form}
    if request.method != "POST":
        return render(request, TEMPLATE, context)
    if ratelimit.exceeded("register", ratelimit.client_key(request), limit=REGISTRATIONS_PER_HOUR):
        refusal = RuleViolation(
            _("Te veel aanmeldingen vanaf dit adres; probeer het over een uur opnieuw."),
            code="registration-rate-limited",
        )
        return render(request, TEMPLATE, {**context, "refusal": refusal}, status=429)
    if not form.is_valid():
        return render(request, TEMPLATE, context, status=400)
    data = form.cleaned_data
    if data["website"]:
        # A bot filled the hidden field: store nothing, say nothing useful.
        return redirect("web:login")
    user, refusal = attempt(
        lambda: supplier_register(
            company_name=data["company_name"],
            country=data["country"],
            kvk_number=data["kvk_number"],
            foreign_registration=data["foreign_registration"],
            is_sme=data["is_sme"],
            full_name=data["full_name"],
            email=data["email"],
            username=data["username"],
            password=data["password1"],
            now=clock.now(),
        )
    )
    if refusal:
        return refused(request, TEMPLATE, context, refusal)
    # A supplier user needs no second factor: signed in at once.
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return done(
        request,
        _(
            "Uw bedrijf is geregistreerd en u bent aangemeld. Collega's voegt u toe op de pagina "
            "Medewerkers."
        ),
        "web:dashboard",
    )
