"""Forms for onboarding: adding a colleague, choosing a password, a company signing up. They
collect input only; who may grant which role and when a company may sign up are the engine's
rules (``parties.rules``, ``parties.services``)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from innopartner.parties.models import Membership

#: Roles offered on the colleagues page; the service refuses those the person may not grant.
ROLE_CHOICES = [
    (Membership.Role.PROCUREMENT_OFFICER, _("inkoper")),
    (Membership.Role.PROJECT_LEADER, _("projectleider")),
    (Membership.Role.EVALUATOR, _("beoordelaar")),
    (Membership.Role.SUPPLIER, _("medewerker van het bedrijf (marktpartij)")),
]


class ColleagueForm(forms.Form):
    full_name = forms.CharField(label=_("Naam"), max_length=300)
    email = forms.EmailField(label=_("E-mailadres"), max_length=254)
    username = forms.CharField(
        label=_("Gebruikersnaam"),
        max_length=150,
        help_text=_("Letters, cijfers en @ . + - _; de collega meldt zich hiermee aan."),
    )
    role = forms.ChoiceField(label=_("Rol"), choices=ROLE_CHOICES)

    def __init__(self, *args, grantable: frozenset[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only what may be granted; a forged value still meets the service's rule.
        offered = [(v, label) for v, label in ROLE_CHOICES if v in grantable]
        self.fields["role"].choices = offered or ROLE_CHOICES


class Honeypot(forms.Form):
    # Hidden from people (and from screen readers); bots fill every field.
    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class RegistrationForm(Honeypot):
    company_name = forms.CharField(label=_("Naam van het bedrijf"), max_length=300)
    country = forms.CharField(
        label=_("Land (ISO-code, bijv. NL of BE)"),
        max_length=2,
        initial="NL",
        widget=forms.TextInput(attrs={"autocomplete": "country", "size": 3}),
    )
    kvk_number = forms.CharField(
        label=_("KvK-nummer (Nederlandse bedrijven)"), max_length=20, required=False
    )
    foreign_registration = forms.CharField(
        label=_("Registratie in het eigen land (buitenlandse bedrijven)"),
        max_length=100,
        required=False,
    )
    is_sme = forms.BooleanField(label=_("Het bedrijf is een mkb-onderneming"), required=False)
    full_name = forms.CharField(
        label=_("Uw naam"), max_length=300, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    username = forms.CharField(
        label=_("Gebruikersnaam"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1 = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ten minste 8 tekens, niet alleen cijfers, geen veelgebruikt wachtwoord."),
    )
    password2 = forms.CharField(
        label=_("Wachtwoord nogmaals"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        return data


class PasswordResetForm(Honeypot, auth_forms.PasswordResetForm):
    """Django's form; our bilingual mail (``parties.services.set_password_mail_send``), and
    also for an account that never chose a password (a colleague whose first link expired)."""

    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email):
        User = get_user_model()
        users = User._default_manager.filter(email__iexact=email, is_active=True)
        return (u for u in users if u.email.lower() == email.lower())

    def save(self, *args, **kwargs):
        from innopartner.parties.services import set_password_mail_send

        if self.cleaned_data.get("website"):
            return  # a bot filled the hidden field: send nothing
        for user in self.get_users(self.cleaned_data["email"]):
            set_password_mail_send(user, kind="password_reset")


class SetPasswordForm(auth_forms.SetPasswordForm):
    """Django's form (its validators) with Dutch labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Nieuw wachtwoord")
        self.fields["new_password2"].label = _("Nieuw wachtwoord nogmaals")
