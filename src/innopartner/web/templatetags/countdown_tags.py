"""The live countdown to a deadline: the server's text, which a small static script
(``web/countdown.js``) then updates every second. The script counts from the server's clock
(``data-now``), not the visitor's, so that a wrong clock on the visitor's computer does not
show a wrong time left."""

from __future__ import annotations

import datetime as dt

from django import template

from innopartner.web import clock

register = template.Library()


@register.inclusion_tag("web/partials/countdown.html")
def live_countdown(moment: dt.datetime | None) -> dict:
    return {"deadline": moment, "now": clock.now()}
