"""Forms of the consultation pages. They collect input and enforce the length limits; every
rule is in ``rules.py`` and applied by the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from innopartner.procedures.models import MarketConsultationEntry

from .models import LIMITS, ChallengeResponse, FindingDecision

ACTIVITY_KINDS = ("information_meeting", "one_to_one", "demo", "written")


def _area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ChallengePageForm(forms.Form):
    title = forms.CharField(label=_("Titel van de uitdaging"), max_length=200)
    need = forms.CharField(
        label=_("Behoefte en ambitie, in gewone woorden (één A4)"),
        max_length=6000,
        widget=_area(10),
        help_text=_("Wat wilt u bereiken en waarom? Beschrijf het probleem, niet de oplossing."),
    )
    known = forms.CharField(
        label=_("Wat we al weten"), max_length=3000, required=False, widget=_area(4)
    )
    unknown = forms.CharField(
        label=_("Wat we nog niet weten"), max_length=3000, required=False, widget=_area(4)
    )
    timeline = forms.CharField(
        label=_("Planning"), max_length=2000, required=False, widget=_area(3)
    )
    how_to_respond = forms.CharField(
        label=_("Hoe u kunt reageren"), max_length=2000, required=False, widget=_area(3)
    )
    contact_name = forms.CharField(label=_("Contactpersoon"), max_length=120)
    contact_email = forms.EmailField(label=_("E-mailadres contactpersoon"))


class ResponseForm(forms.Form):
    organisation_name = forms.CharField(
        label=_("Naam van uw organisatie"), max_length=LIMITS["organisation_name"]
    )
    kvk_number = forms.CharField(
        label=_("KvK-nummer (niet verplicht)"),
        max_length=LIMITS["kvk_number"],
        required=False,
        help_text=_("8 cijfers. Een buitenlandse organisatie laat dit leeg."),
    )
    contact_person = forms.CharField(label=_("Contactpersoon"), max_length=LIMITS["contact_person"])
    email = forms.EmailField(label=_("E-mailadres"), max_length=LIMITS["email"])
    kind = forms.ChoiceField(
        label=_("Uw reactie is"),
        choices=[
            ("interest", _("belangstelling: houd mij op de hoogte")),
            ("idea", _("een idee")),
            ("question", _("een vraag")),
            ("talk", _("ik wil graag een gesprek")),
        ],
        widget=forms.RadioSelect,
    )
    idea = forms.CharField(
        label=_("Uw idee of vraag, kort"),
        max_length=LIMITS["idea"],
        required=False,
        widget=_area(6),
        help_text=_(
            "Alleen de medewerkers van de aanbestedende dienst lezen dit. Ten hoogste 3000 tekens."
        ),
    )
    public_summary = forms.CharField(
        label=_("Samenvatting die in het marktconsultatieverslag mag staan (niet verplicht)"),
        max_length=LIMITS["public_summary"],
        required=False,
        widget=_area(3),
    )
    summary_consent = forms.BooleanField(
        label=_(
            "Ik geef toestemming om déze samenvatting met de naam van onze organisatie te "
            "publiceren in het marktconsultatieverslag."
        ),
        required=False,
    )
    # Honeypot: hidden from people (and from screen readers); bots fill every field.
    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reden van intrekken"), max_length=2000, widget=_area(2))


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort activiteit"),
        choices=[
            (k, label) for k, label in MarketConsultationEntry.Kind.choices if k in ACTIVITY_KINDS
        ],
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    held_on = forms.DateField(
        label=_("Gehouden op"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    participants = forms.IntegerField(label=_("Aantal deelnemers"), min_value=0, required=False)
    with_whom = forms.CharField(
        label=_("Met wie (bij een individueel gesprek)"), max_length=300, required=False
    )
    attendees = forms.CharField(
        label=_("Aanwezigen (intern, één per regel)"),
        max_length=10000,
        required=False,
        widget=_area(4),
    )
    minutes = forms.CharField(
        label=_("Verslag (intern)"), max_length=20000, required=False, widget=_area(6)
    )
    learned = forms.CharField(
        label=_("Wat we hebben geleerd (komt in het marktconsultatieverslag)"),
        max_length=6000,
        widget=_area(4),
        help_text=_("Schrijf dit zonder namen of ideeën van bedrijven: het wordt openbaar."),
    )


class DecisionForm(forms.Form):
    entry = forms.ChoiceField(label=_("Uit welke activiteit komt de bevinding?"))
    finding = forms.CharField(label=_("Bevinding"), max_length=3000, widget=_area(3))
    topic = forms.ChoiceField(
        label=_("Wat verandert er in het voorbereidingsdossier?"),
        choices=FindingDecision.Topic.choices,
    )
    value = forms.CharField(
        label=_("Nieuwe waarde"),
        max_length=6000,
        widget=_area(3),
        help_text=_(
            "Scope: de nieuwe behoeftebeschrijving. Minimumeis: de tekst van de eis. Aantal "
            "partners: een getal. Budget: een bedrag in euro's. IE: de afspraak in woorden, of "
            "een regeling (buyer_owns, licence_named_uses, supplier_owns_with_licence, "
            "split_by_cofunding)."
        ),
    )
    decision = forms.CharField(label=_("Besluit en motivering"), max_length=3000, widget=_area(3))

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [
            (str(e.pk), f"{e.held_on:%d-%m-%Y} — {e.get_kind_display()}") for e in entries
        ]


RESPONSE_KIND_LABELS = dict(ChallengeResponse.Kind.choices)
