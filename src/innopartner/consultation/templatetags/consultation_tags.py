"""The consultation panel on the buyer's procedure page, so that the web views need no
change."""

from __future__ import annotations

from django import template

from innopartner.procedures.permissions import is_buyer_staff

from .. import selectors
from ..models import ChallengePage, ChallengeResponse

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.inclusion_tag("consultation/partials/panel.html", takes_context=True)
def consultation_panel(context, procedure) -> dict:
    """Only the buyer's staff see the panel: responses and decisions are theirs alone."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not is_buyer_staff(procedure=procedure, user=user):
        return {"hidden": True}
    page = ChallengePage.objects.filter(procedure=procedure).first()
    return {
        "procedure": procedure,
        "page": page,
        "responses": ChallengeResponse.objects.filter(page__procedure=procedure).count(),
        "trail": selectors.trail(procedure),
        "decisions": procedure.finding_decisions.count(),
    }
