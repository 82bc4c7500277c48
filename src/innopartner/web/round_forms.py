"""Forms of the buyer's tender rounds page: open the next round, record the negotiation on an
opened round, reduce the number of tenderers. Validation of input only; the rules (Art. 31(3)-(5))
stay in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from innopartner.tendering.models import TenderRound
from innopartner.web.forms import DateTimeLocalInput


class RoundOpenForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort ronde"),
        choices=[
            (TenderRound.Kind.INITIAL, _("eerste inschrijving")),
            (TenderRound.Kind.SUBSEQUENT, _("volgende inschrijving (na onderhandeling)")),
            (TenderRound.Kind.FINAL, _("definitieve inschrijving (geen onderhandeling meer)")),
        ],
        widget=forms.RadioSelect,
    )
    deadline = forms.DateTimeField(
        label=_("Termijn voor inschrijvingen (Europe/Amsterdam)"), widget=DateTimeLocalInput()
    )
    price_required = forms.BooleanField(
        label=_("Een prijs is verplicht bij deze ronde"), required=False, initial=True
    )


class NegotiationForm(forms.Form):
    """One minutes field per remaining tenderer: equal treatment means every one is met."""

    def __init__(self, *args, operators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.operators = list(operators)
        for operator in self.operators:
            self.fields[f"minutes_{operator.pk}"] = forms.CharField(
                label=_("Verslag van het gesprek met %(name)s") % {"name": operator.name},
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=20000,
            )

    def minutes(self) -> list[tuple[object, str]]:
        return [(o, self.cleaned_data[f"minutes_{o.pk}"]) for o in self.operators]


class ReductionForm(forms.Form):
    eliminate = forms.MultipleChoiceField(
        label=_("Vallen af na deze ronde"), widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=_("Motivering (in elke afwijzingsbrief)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def __init__(self, *args, operators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.operators = list(operators)
        self.fields["eliminate"].choices = [(str(o.pk), o.name) for o in self.operators]

    def chosen(self) -> list[object]:
        wanted = set(self.cleaned_data["eliminate"])
        return [o for o in self.operators if str(o.pk) in wanted]
