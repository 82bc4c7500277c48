"""Template helpers: Amsterdam time with the zone named, countdowns, stage labels, the funnel
as an SVG bar chart with a text alternative."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from innopartner.core.timeutil import AMSTERDAM
from innopartner.web import clock
from innopartner.web.labels import ROLE_LABELS, TYPE_LABELS, funnel_label, stage_label

register = template.Library()


@register.filter
def amsterdam(moment: dt.datetime | dt.date | None) -> str:
    """'1 december 2017 12:00 (Europe/Amsterdam)'; a date alone has no time zone."""
    if moment is None or moment == "":
        return ""
    if isinstance(moment, dt.datetime):
        local = moment.astimezone(AMSTERDAM)
        return f"{date_format(local, 'j F Y H:i')} (Europe/Amsterdam)"
    return date_format(moment, "j F Y")


@register.filter
def iso(moment: dt.datetime | None) -> str:
    return moment.astimezone(AMSTERDAM).isoformat() if moment else ""


@register.filter
def countdown(moment: dt.datetime | None) -> str:
    """'nog 3 dagen en 4 uur' or 'verstreken'."""
    if moment is None:
        return ""
    left = moment - clock.now()
    if left.total_seconds() <= 0:
        return _("verstreken")
    days, rest = divmod(int(left.total_seconds()), 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return _("nog %(days)s en %(hours)s") % {
            "days": ngettext("%(n)d dag", "%(n)d dagen", days) % {"n": days},
            "hours": ngettext("%(n)d uur", "%(n)d uur", hours) % {"n": hours},
        }
    return _("nog %(hours)s en %(minutes)s") % {
        "hours": ngettext("%(n)d uur", "%(n)d uur", hours) % {"n": hours},
        "minutes": ngettext("%(n)d minuut", "%(n)d minuten", minutes) % {"n": minutes},
    }


@register.filter
def stage(value: str) -> str:
    return stage_label(value)


@register.filter
def procedure_type(value: str) -> str:
    return str(TYPE_LABELS.get(value, value))


@register.filter
def role(value: str) -> str:
    return str(ROLE_LABELS.get(value, value))


@register.inclusion_tag("web/partials/funnel.html")
def funnel_chart(steps) -> dict:
    """A horizontal bar per step, scaled to the largest count; the table below is the text
    alternative that screen readers (and people who prefer numbers) read."""
    rows = [(funnel_label(s.stage), s.count) for s in steps]
    top = max((count for _label, count in rows), default=0) or 1
    bar_x, bar_max, row_h = 230, 300, 32
    bars = [
        {
            "label": label,
            "count": count,
            "y": 8 + i * row_h,
            "width": max(2, round(bar_max * count / top)),
            "text_y": 8 + i * row_h + 17,
        }
        for i, (label, count) in enumerate(rows)
    ]
    for bar in bars:
        bar["count_x"] = bar_x + bar["width"] + 8
    return {
        "bars": bars,
        "bar_x": bar_x,
        "height": 16 + len(rows) * row_h,
        "width": bar_x + bar_max + 60,
        "summary": "; ".join(f"{label}: {count}" for label, count in rows),
    }
