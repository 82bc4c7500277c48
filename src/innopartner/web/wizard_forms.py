"""Forms of the step-by-step procedure creation and of consortium formation. They collect
input only and parse it into the shapes the services take; every rule is the engine's."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from innopartner.procedures.models import (
    AwardCriterion,
    MarketConsultationEntry,
    PhasePlan,
    Procedure,
)
from innopartner.procedures.services import KNOWN_PROCEDURE_CHOICES
from innopartner.web.labels import TYPE_LABELS

TEXT = {"rows": 3}

CHOICE_LABELS = {
    "innovation_partnership": _("Innovatiepartnerschap"),
    "pcp": _("Precommercieel inkopen / SBIR"),
    "competitive_negotiation": _("Mededingingsprocedure met onderhandeling"),
    "competitive_dialogue": _("Concurrentiegerichte dialoog"),
    "open_or_restricted": _("Openbare of niet-openbare procedure"),
}


class BasicsForm(forms.Form):
    # Not stripped: an empty title is the engine's refusal (title-missing), not the form's.
    title = forms.CharField(label=_("Titel"), max_length=300, strip=False)
    procedure_type = forms.ChoiceField(label=_("Soort procedure"))
    reference = forms.CharField(label=_("Kenmerk"), max_length=60, required=False)
    directive = forms.ChoiceField(label=_("Richtlijn"), choices=Procedure.Directive.choices)
    subject_kind = forms.ChoiceField(
        label=_("Soort opdracht"),
        choices=[
            ("supplies", _("leveringen")),
            ("services", _("diensten")),
            ("works", _("werken")),
        ],
    )
    buyers = forms.MultipleChoiceField(
        label=_("Andere deelnemende aanbestedende diensten (gezamenlijke inkoop, art. 38 en 39)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, buyer_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure_type"].choices = list(TYPE_LABELS.items())
        self.fields["buyers"].choices = buyer_choices


def _optional_money(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, max_digits=14, decimal_places=2, min_value=None
    )


class PreparationForm(forms.Form):
    """The one-page ambition and preparation record (the 'één A4')."""

    need_description = forms.CharField(
        label=_("Ambitie en behoefte (één A4)"), required=False, widget=forms.Textarea(attrs=TEXT)
    )
    budget = _optional_money(_("Budget in euro"))
    estimated_rd_value = _optional_money(_("Geraamde waarde onderzoek en ontwikkeling (euro)"))
    estimated_purchase_value = _optional_money(_("Geraamde waarde van de afname (euro)"))
    proportionality_justification = forms.CharField(
        label=_("Onderbouwing van de evenredigheid (art. 31 lid 7)"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
    )
    ip_arrangement = forms.ChoiceField(
        label=_("Regeling intellectueel eigendom"),
        required=False,
        choices=[("", "—"), *Procedure.IpArrangement.choices],
    )
    ip_details = forms.CharField(
        label=_("Toelichting op de IE-regeling"), required=False, widget=forms.Textarea(attrs=TEXT)
    )
    ip_cofunding_share = forms.DecimalField(
        label=_("Financieringsaandeel van de opdrachtgever in % (bij verdeling naar aandeel)"),
        required=False,
        max_digits=5,
        decimal_places=2,
    )
    partner_structure = forms.ChoiceField(
        label=_("Eén of meerdere partners"),
        required=False,
        choices=[("", "—"), *Procedure.PartnerStructure.choices],
    )
    intended_partners = forms.IntegerField(
        label=_("Beoogd aantal partners"), required=False, min_value=1
    )
    candidates_min = forms.IntegerField(
        label=_("Minimum aantal gegadigden"), required=False, min_value=0
    )
    candidates_max = forms.IntegerField(
        label=_("Maximum aantal gegadigden"), required=False, min_value=0
    )
    successive_reduction = forms.BooleanField(
        label=_("Het aantal inschrijvers wordt gaandeweg verminderd (art. 31 lid 5)"),
        required=False,
    )
    termination_option = forms.BooleanField(
        label=_("Het partnerschap kan na een fase worden beëindigd (art. 31 lid 2)"),
        required=False,
    )
    termination_conditions = forms.CharField(
        label=_("Voorwaarden voor beëindiging of vermindering"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
    )
    purchase_max_cost = _optional_money(_("Maximale kosten van de afname (euro)"))
    procedure_choice_reasons = forms.CharField(
        label=_("Redenen voor de keuze van deze procedure"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
    )
    alternatives = forms.MultipleChoiceField(
        label=_("Overwogen alternatieven"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(c, CHOICE_LABELS[c]) for c in sorted(KNOWN_PROCEDURE_CHOICES)],
    )

    #: The fields that go to ``preparation_update``; the rest to ``procedure_choice_record``.
    RECORD_FIELDS = (
        "need_description",
        "budget",
        "estimated_rd_value",
        "estimated_purchase_value",
        "proportionality_justification",
        "ip_arrangement",
        "ip_details",
        "ip_cofunding_share",
        "partner_structure",
        "intended_partners",
        "candidates_min",
        "candidates_max",
        "successive_reduction",
        "termination_option",
        "termination_conditions",
        "purchase_max_cost",
    )

    @classmethod
    def initial_for(cls, procedure: Procedure) -> dict:
        initial = {name: getattr(procedure, name) for name in cls.RECORD_FIELDS}
        initial["procedure_choice_reasons"] = procedure.procedure_choice_reasons
        initial["alternatives"] = list(procedure.alternatives_considered or [])
        return initial


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort consultatie"), choices=MarketConsultationEntry.Kind)
    held_on = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    with_whom = forms.CharField(label=_("Met wie"), required=False)
    participants = forms.IntegerField(label=_("Aantal deelnemers"), required=False, min_value=0)
    learned = forms.CharField(label=_("Wat het opleverde"), widget=forms.Textarea(attrs=TEXT))


class RequirementForm(forms.Form):
    text = forms.CharField(label=_("Eis"), widget=forms.Textarea(attrs=TEXT))
    is_minimum = forms.BooleanField(
        label=_("Minimumeis (staat vast na de aankondiging, art. 31 lid 3)"), required=False
    )


class SelectionCriterionForm(forms.Form):
    text = forms.CharField(label=_("Selectiecriterium"), widget=forms.Textarea(attrs=TEXT))
    covers_rd_capacity = forms.BooleanField(
        label=_("Toetst de capaciteit voor onderzoek en ontwikkeling (art. 31 lid 6)"),
        required=False,
    )


class AwardCriterionForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    kind = forms.ChoiceField(label=_("Soort"), choices=AwardCriterion.Kind.choices)
    weight = forms.DecimalField(label=_("Gewicht (samen 100)"), max_digits=6, decimal_places=2)
    scale_min = forms.DecimalField(
        label=_("Schaal: laagste score"), max_digits=6, decimal_places=2, initial=0
    )
    scale_max = forms.DecimalField(
        label=_("Schaal: hoogste score"), max_digits=6, decimal_places=2, initial=10
    )
    description = forms.CharField(
        label=_("Toelichting en scoringsschaal"), required=False, widget=forms.Textarea(attrs=TEXT)
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class PhasePlanForm(forms.Form):
    number = forms.IntegerField(label=_("Fasenummer"), min_value=1)
    name = forms.CharField(label=_("Naam van de fase"), max_length=200)
    description = forms.CharField(
        label=_("Omschrijving"), required=False, widget=forms.Textarea(attrs=TEXT)
    )
    duration_months = forms.IntegerField(label=_("Duur in maanden"), required=False, min_value=1)
    budget_per_partner = _optional_money(_("Budget per partner (euro)"))
    minimum_targets = forms.CharField(
        label=_("Tussendoelen die gehaald moeten worden (één per regel)"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
    )
    other_targets = forms.CharField(
        label=_("Overige tussendoelen (één per regel)"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
    )
    instalments = forms.CharField(
        label=_("Termijnbetalingen: omschrijving; bedrag (één per regel)"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
    )
    gate_kind = forms.ChoiceField(label=_("Beslismoment na de fase"), choices=PhasePlan.GateKind)
    gate_continue_count = forms.IntegerField(
        label=_("Aantal partners dat doorgaat (mini-competitie)"), required=False, min_value=1
    )
    gate_criteria = forms.CharField(
        label=_("Criteria van het beslismoment"), required=False, widget=forms.Textarea(attrs=TEXT)
    )

    def clean_instalments(self) -> list[tuple[str, Decimal]]:
        parsed = []
        for line in _lines(self.cleaned_data["instalments"]):
            description, sep, amount = line.rpartition(";")
            try:
                value = Decimal(amount.strip().replace(",", "."))
            except InvalidOperation:
                value = None
            if not sep or not description.strip() or value is None:
                raise forms.ValidationError(
                    _(
                        "Schrijf elke termijn als 'omschrijving; bedrag', "
                        "bijvoorbeeld 'Start; 50000'."
                    )
                )
            parsed.append((description.strip(), value))
        return parsed

    def targets(self) -> list[tuple[str, bool]]:
        return [(t, True) for t in _lines(self.cleaned_data["minimum_targets"])] + [
            (t, False) for t in _lines(self.cleaned_data["other_targets"])
        ]


class PerformanceLevelForm(forms.Form):
    name = forms.CharField(label=_("Prestatieniveau"), max_length=200)
    target = forms.DecimalField(label=_("Streefwaarde"), max_digits=14, decimal_places=4)
    unit = forms.CharField(label=_("Eenheid"), max_length=50, required=False)
    higher_is_better = forms.BooleanField(label=_("Hoger is beter"), required=False, initial=True)


class PurchaseItemForm(forms.Form):
    name = forms.CharField(label=_("Afnamepost"), max_length=200)
    unit = forms.CharField(label=_("Eenheid"), max_length=50, initial="stuk")
    max_unit_price = forms.DecimalField(
        label=_("Maximumprijs per eenheid (euro)"), max_digits=14, decimal_places=2
    )
    expected_quantity = forms.DecimalField(
        label=_("Verwachte hoeveelheid"), max_digits=14, decimal_places=2, required=False
    )


class ConsortiumForm(forms.Form):
    """A supplier forms a consortium (combinatie) led by its own company (penvoerder). The
    other members are named by KvK number, so that no list of registered companies is shown."""

    name = forms.CharField(label=_("Naam van de combinatie"), max_length=300)
    member_kvk_numbers = forms.CharField(
        label=_("KvK-nummers van de andere leden (één per regel)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_member_kvk_numbers(self) -> list[str]:
        numbers = _lines(self.cleaned_data["member_kvk_numbers"])
        if not numbers:
            raise forms.ValidationError(_("Noem ten minste één ander lid."))
        return numbers


class BasicsEditForm(forms.Form):
    """The basics after creation: the type and directive stay as created; title, reference and
    subject can still change, and further buyers can join (during preparation)."""

    title = forms.CharField(label=_("Titel"), max_length=300)
    reference = forms.CharField(label=_("Kenmerk"), max_length=60, required=False)
    subject_kind = BasicsForm.base_fields["subject_kind"]
    buyers = forms.MultipleChoiceField(
        label=_("Aanbestedende diensten toevoegen (gezamenlijke inkoop, art. 38 en 39)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, buyer_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buyers"].choices = buyer_choices
