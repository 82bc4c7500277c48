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
