"""Forms of the guidance pages. They collect input only; the rules are in rules.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from innopartner.web.labels import stage_label

from .data import guidance


class ChecklistItemForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("done", _("afgevinkt")),
            ("skipped", _("overgeslagen (reden verplicht)")),
            ("not_applicable", _("niet van toepassing")),
            ("open", _("weer open")),
        ],
    )
    # Not required here: the service refuses a skip without a reason with its own message.
    reason = forms.CharField(
        label=_("Reden"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OwnLessonForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    text = forms.CharField(label=_("Les"), widget=forms.Textarea(attrs={"rows": 5}))
    stage = forms.ChoiceField(label=_("Fase waarin de les telt"))
    topic = forms.ChoiceField(label=_("Onderwerp"))
    shared = forms.BooleanField(label=_("Delen met andere aanbestedende diensten"), required=False)

    def __init__(self, *args, procedure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(s.value, stage_label(s)) for s in procedure.type.stages]
        self.fields["stage"].initial = procedure.stage
        self.fields["topic"].choices = [
            (code, str(topic.label)) for code, topic in guidance().topics.items()
        ]


class LessonSearchForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False)
    stage = forms.ChoiceField(label=_("Fase"), required=False)
    topic = forms.ChoiceField(label=_("Onderwerp"), required=False)
    source = forms.ChoiceField(label=_("Bron"), required=False)

    def __init__(self, *args, **kwargs):
        from innopartner.procedures.types import Stage

        from .data import SOURCES

        super().__init__(*args, **kwargs)
        everything = [("", _("alle"))]
        self.fields["stage"].choices = everything + [(s.value, stage_label(s)) for s in Stage]
        self.fields["topic"].choices = everything + [
            (code, str(topic.label)) for code, topic in guidance().topics.items()
        ]
        self.fields["source"].choices = everything + [(s, source_label(s)) for s in SOURCES]


def source_label(source: str) -> str:
    return str(SOURCE_LABELS.get(source, source))


SOURCE_LABELS = {
    "ifv": _("IFV en Brandweer Nederland"),
    "hof-van-twente": _("Gemeente Hof van Twente"),
    "gvb": _("GVB Amsterdam"),
    "almere": _("Gemeente Almere"),
    "rivierenland": _("Waterschap Rivierenland"),
    "charm": _("Rijkswaterstaat (CHARM)"),
    "publication": _("PIANOo-publicatie (algemeen)"),
}
