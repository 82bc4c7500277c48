"""Forms of the web interface. They collect input only; every rule is the engine's."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from innopartner.procedures.models import Procedure


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class NoticePublishForm(forms.Form):
    requests_deadline = forms.DateTimeField(
        label=_("Termijn voor verzoeken tot deelneming (Europe/Amsterdam)"),
        widget=DateTimeLocalInput(),
        help_text=_("Ten minste 30 dagen na verzending van de aankondiging (art. 31 lid 1)."),
    )
    channel = forms.ChoiceField(
        label=_("Publicatiekanaal"),
        choices=[(c, label) for c, label in Procedure.Channel.choices if c != "none"],
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Antwoord"), widget=forms.Textarea(attrs={"rows": 4}))


class AssessForm(forms.Form):
    qualified = forms.TypedChoiceField(
        label=_("Geschikt?"),
        choices=[("1", _("geschikt")), ("0", _("niet geschikt"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    assessment = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 2}))


class InviteForm(forms.Form):
    operators = forms.MultipleChoiceField(
        label=_("Uit te nodigen gegadigden"), widget=forms.CheckboxSelectMultiple
    )
    fewer_reason = forms.CharField(
        label=_("Reden als u minder gegadigden uitnodigt dan het minimum"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operators"].choices = choices


class AwardForm(forms.Form):
    winners = forms.MultipleChoiceField(
        label=_("Te gunnen aan"), widget=forms.CheckboxSelectMultiple
    )
    reasons = forms.CharField(
        label=_("Redenen van de gunningsbeslissing"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["winners"].choices = choices


class GateForm(forms.Form):
    continuing = forms.MultipleChoiceField(
        label=_("Partners die doorgaan"), required=False, widget=forms.CheckboxSelectMultiple
    )
    end_partnership = forms.BooleanField(label=_("Het partnerschap beëindigen"), required=False)
    reasons = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["continuing"].choices = choices


class ScoreForm(forms.Form):
    criterion = forms.CharField(widget=forms.HiddenInput)
    score = forms.DecimalField(label=_("Score"), max_digits=6, decimal_places=2)
    justification = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))


class OperatorChoiceMixin:
    def set_operators(self, operators):
        self.fields["operator"].choices = [(str(o.pk), o.name) for o in operators]


class RequestForm(OperatorChoiceMixin, forms.Form):
    operator = forms.ChoiceField(
        label=_("Namens (onderneming of combinatie)"),
    )
    statement = forms.CharField(
        label=_("Toelichting en verklaring (UEA)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class QuestionForm(OperatorChoiceMixin, forms.Form):
    operator = forms.ChoiceField(label=_("Namens"))
    text = forms.CharField(label=_("Uw vraag"), widget=forms.Textarea(attrs={"rows": 4}))


class TenderForm(OperatorChoiceMixin, forms.Form):
    operator = forms.ChoiceField(label=_("Namens"))
    file = forms.FileField(label=_("Inschrijving (PDF, DOCX, XLSX of platte tekst)"))
    price = forms.DecimalField(
        label=_("Prijs in euro, exclusief btw"), max_digits=14, decimal_places=2, required=False
    )


class TenderReplaceForm(forms.Form):
    file = forms.FileField(label=_("Nieuwe inschrijving (PDF, DOCX, XLSX of platte tekst)"))
    price = forms.DecimalField(
        label=_("Prijs in euro, exclusief btw"), max_digits=14, decimal_places=2, required=False
    )


class MeetingForm(forms.Form):
    """A meeting held: for all (information meeting) or one to one with a candidate."""

    kind = forms.ChoiceField(
        label=_("Soort bijeenkomst"),
        choices=[
            ("information", _("informatiebijeenkomst (voor alle belangstellenden)")),
            ("dialogue", _("dialooggesprek (één op één)")),
            ("negotiation", _("onderhandelingsgesprek (één op één)")),
        ],
        widget=forms.RadioSelect,
    )
    operator = forms.ChoiceField(
        label=_("Met gegadigde (alleen bij een één-op-één gesprek)"), required=False
    )
    held_at = forms.DateTimeField(
        label=_("Gehouden op (Europe/Amsterdam)"), widget=DateTimeLocalInput()
    )
    attendees = forms.IntegerField(label=_("Aantal aanwezigen"), required=False, min_value=0)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.CharField(
        label=_("Verslag"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, operators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].choices = [("", _("— geen —"))] + [
            (str(o.pk), o.name) for o in operators
        ]


# --- decision support ------------------------------------------------------------------------

YES_NO = [("true", _("ja")), ("false", _("nee"))]
LEVELS = [("low", _("laag")), ("medium", _("gemiddeld")), ("high", _("hoog"))]
MARKET = [
    ("none", _("nee, er is niets op de markt")),
    ("needs_adaptation", _("ja, maar die moet worden aangepast")),
    ("as_is", _("ja, zoals ze is")),
]


def _yes_no(label, help_text):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda v: v == "true",
        widget=forms.RadioSelect,
    )


def _pick(label, help_text, choices):
    return forms.ChoiceField(
        label=label, help_text=help_text, choices=choices, widget=forms.RadioSelect
    )


class ProcedureChoiceForm(forms.Form):
    """The guided questions of the procedure choice (decisions.choice.QUESTIONS), in order."""

    rd_needed = _yes_no(
        _("Is onderzoek en ontwikkeling nodig?"),
        _("Alleen dan mag een innovatiepartnerschap (art. 31 lid 1) of is PCP zinvol."),
    )
    solution_on_market = _pick(
        _("Is er een oplossing op de markt?"),
        _("Uit de marktconsultatie of een marktverkenning."),
        MARKET,
    )
    functional_only = _yes_no(
        _("Is de behoefte alleen functioneel te specificeren?"),
        _("U kunt beschrijven wat de oplossing moet doen, niet hoe."),
    )
    means_definable = _yes_no(
        _("Kunt u de middelen (de technische weg) zelf bepalen?"),
        _("Zo niet, dan past een concurrentiegerichte dialoog (art. 30)."),
    )
    purchase_at_scale = _yes_no(
        _("Wilt u het resultaat na de ontwikkeling op schaal afnemen?"),
        _("Een innovatiepartnerschap verbindt ontwikkeling en afname (art. 31 lid 2)."),
    )
    risk_appetite = _pick(
        _("Hoeveel risico kunt u dragen?"),
        _("Het risico dat de ontwikkeling mislukt en de afname niet doorgaat."),
        LEVELS,
    )
    market_appetite = _pick(
        _("Hoeveel animo toonde de markt in de marktconsultatie?"),
        _("Voor een partnerschap met ontwikkeling en afname."),
        LEVELS,
    )
    acceptance_issue = _yes_no(
        _("Speelt ruimtelijke of maatschappelijke acceptatie?"),
        _("Bijvoorbeeld een vergunning, omwonenden of de gemeenteraad."),
    )
    cofunding = _yes_no(
        _("Is er cofinanciering of subsidie?"),
        _("De voorwaarden van de financier kunnen de procedure bepalen."),
    )


class RiskForm(forms.Form):
    title = forms.CharField(label=_("Omschrijving"), max_length=300)
    description = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    category = forms.ChoiceField(label=_("Categorie"))
    owner = forms.ChoiceField(label=_("Eigenaar"))
    probability = forms.DecimalField(
        label=_("Kans (0 tot 1)"),
        max_digits=4,
        decimal_places=3,
        help_text=_("Bijvoorbeeld 0,3 voor 30 procent."),
    )
    cost_min = forms.DecimalField(label=_("Minimum"), max_digits=14, decimal_places=2)
    cost_likely = forms.DecimalField(
        label=_("Meest waarschijnlijk"), max_digits=14, decimal_places=2
    )
    cost_max = forms.DecimalField(label=_("Maximum"), max_digits=14, decimal_places=2)
    delay_min = forms.DecimalField(label=_("Minimum"), max_digits=8, decimal_places=1)
    delay_likely = forms.DecimalField(
        label=_("Meest waarschijnlijk"), max_digits=8, decimal_places=1
    )
    delay_max = forms.DecimalField(label=_("Maximum"), max_digits=8, decimal_places=1)
    review_date = forms.DateField(
        label=_("Herzien op"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        from innopartner.risks.models import Risk

        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            (value, label_for(RISK_CATEGORY_LABELS, value, label))
            for value, label in Risk.Category.choices
        ]
        self.fields["owner"].choices = [
            (value, label_for(RISK_OWNER_LABELS, value, label))
            for value, label in Risk.Owner.choices
        ]

    def cost_fields(self):
        return [self[name] for name in ("cost_min", "cost_likely", "cost_max")]

    def delay_fields(self):
        return [self[name] for name in ("delay_min", "delay_likely", "delay_max")]


RISK_CATEGORY_LABELS = {
    "technical": _("technisch"),
    "commercial": _("commercieel"),
    "contractual": _("contractueel"),
    "reputational": _("reputatie"),
    "financial": _("financieel"),
    "planning": _("planning"),
}
RISK_OWNER_LABELS = {
    "buyer": _("opdrachtgever"),
    "partner": _("partner"),
    "shared": _("gedeeld"),
}


def label_for(labels, value, default=""):
    return labels.get(value, default or value)


class PartnersForm(forms.Form):
    budget = forms.DecimalField(
        label=_("Ontwikkelbudget (euro)"), max_digits=14, decimal_places=0, min_value=1
    )
    p_max = forms.FloatField(
        label=_("Kans van slagen met onbeperkt budget (p_max)"),
        min_value=0.01,
        max_value=1,
        help_text=_("Zelfs onbeperkt geld garandeert geen werkende oplossing."),
    )
    b_half = forms.FloatField(
        label=_("Budget waarbij een partner de helft van p_max haalt (euro)"), min_value=1
    )
    fixed_cost = forms.FloatField(
        label=_("Vaste kosten per partner (euro)"),
        min_value=0,
        help_text=_("Het deel van elk budget dat geen voortgang koopt: voorstel, rapportage."),
    )
    common_cause = forms.FloatField(
        label=_("Kans dat één gemeenschappelijke oorzaak alle partners laat falen"),
        min_value=0,
        max_value=0.99,
    )
