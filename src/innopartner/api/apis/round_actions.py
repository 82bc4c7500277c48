"""What the buyer can do now with its rounds of tenders (Art. 31(3)-(5)), as the web's rounds
page shows it: open the next round (per kind), start the opening of a round's tenders,
negotiate on it and with whom, reduce after it and whom. Each answer comes from
``negotiation.selectors.round_next_actions``, which asks the rules the services check, so a
refusal here is the one the service would give: the same code, message and article.

For the buyer's staff of the procedure only, as the rounds page and the services that act on
rounds. The selector reads no tender's content and no price before the opening: a ranking (who
could be eliminated) exists only for an opened round."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from innopartner.core.exceptions import DomainError
from innopartner.negotiation.selectors import Action, RoundActions, round_next_actions
from innopartner.parties.models import Organisation
from innopartner.procedures.permissions import ensure_buyer_staff

from ..selectors import round_in
from .base import READ_ERRORS, ReadEndpoint


class RoundActionRefusalOut(serializers.Serializer):
    code = serializers.CharField(help_text="The rule's code, as the service's problem gives it.")
    detail = serializers.CharField(help_text="The refusal in words.")
    article = serializers.CharField(allow_blank=True, help_text="Where the rule comes from.")


class RoundActionOut(serializers.Serializer):
    possible = serializers.BooleanField(help_text="Whether the service would accept it now.")
    refusal = RoundActionRefusalOut(
        allow_null=True, help_text="Why not (null when possible): the service's own refusal."
    )


class RoundActionTendererOut(serializers.Serializer):
    id = serializers.UUIDField(help_text="The tenderer (economic operator).")
    name = serializers.CharField()


class RoundActionEliminationOut(RoundActionOut):
    id = serializers.UUIDField(help_text="The tenderer (economic operator).")
    name = serializers.CharField()


class RoundActionOpenOut(serializers.Serializer):
    """One entry per kind of round (the keys are TenderRound.Kind's values)."""

    initial = RoundActionOut()
    subsequent = RoundActionOut()
    final = RoundActionOut()


class RoundActionNegotiateOut(RoundActionOut):
    negotiate_with = RoundActionTendererOut(
        many=True,
        help_text="When possible: every remaining tenderer, whom the negotiation must cover.",
    )


class RoundActionReduceOut(RoundActionOut):
    elimination = RoundActionEliminationOut(
        many=True,
        help_text=(
            "Each remaining tenderer: whether eliminating it alone after this round would be "
            "accepted, and if not, why."
        ),
    )


class RoundActionsOut(serializers.Serializer):
    round = serializers.IntegerField(
        allow_null=True, help_text="The round the actions are about (null: no round yet)."
    )
    next_round = serializers.IntegerField(help_text="The number the next round would get.")
    open_round = RoundActionOpenOut(
        help_text="Whether the next round may be opened as each kind (with a future deadline)."
    )
    start_opening = RoundActionOut(
        allow_null=True, help_text="Start the opening of the round's tenders (null: no round)."
    )
    negotiate = RoundActionNegotiateOut(
        allow_null=True, help_text="Negotiate on the round (null: no round)."
    )
    reduce = RoundActionReduceOut(
        allow_null=True, help_text="Reduce the tenderers after the round (null: no round)."
    )


def _refusal(reason: DomainError | None) -> dict[str, str] | None:
    if reason is None:
        return None
    return {"code": reason.code, "detail": reason.message, "article": reason.article}


def _action(action: Action | None, **more: Any) -> dict[str, Any] | None:
    if action is None:
        return None
    return {"possible": action.possible, "refusal": _refusal(action.reason), **more}


def _tenderer(operator: Organisation) -> dict[str, Any]:
    return {"id": operator.pk, "name": operator.name}


def actions_data(actions: RoundActions) -> dict[str, Any]:
    """The selector's answer as plain data, tenderers by UUID and name."""
    # The selector keys the elimination by the tenderer's primary key as text.
    found = Organisation.objects.in_bulk(list(actions.elimination))
    operators = {str(pk): operator for pk, operator in found.items()}
    elimination = [
        {**_tenderer(operators[key]), **_action(action)}
        for key, action in actions.elimination.items()
    ]
    tender_round = actions.tender_round
    return {
        "round": tender_round.number if tender_round else None,
        "next_round": actions.next_number,
        "open_round": {kind: _action(action) for kind, action in actions.open_round.items()},
        "start_opening": _action(actions.start_opening),
        "negotiate": _action(
            actions.negotiate, negotiate_with=[_tenderer(o) for o in actions.negotiate_with]
        ),
        "reduce": _action(actions.reduce, elimination=elimination),
    }


class RoundNextActionsApi(ReadEndpoint):
    """What the buyer can do now with the latest round and the next one

    Open the next round (per kind), start the opening of the latest round's tenders, negotiate
    on it (with every remaining tenderer) and reduce after it; for each action that is not
    possible now, the refusal its service would give. For the buyer's staff of the procedure."""

    tag = "tendering"
    errors = (*READ_ERRORS, 403)
    OutputSerializer = RoundActionsOut

    def perform(self, *, request, procedure, data, now, **path):
        ensure_buyer_staff(procedure=procedure, user=request.user)
        return actions_data(round_next_actions(procedure=procedure, now=now))


class RoundActionsApi(ReadEndpoint):
    """What the buyer can do now with round n (and with the next round)

    As ``rounds/actions/`` for an earlier round: e.g. a reduction only after the latest round.
    For the buyer's staff of the procedure."""

    tag = "tendering"
    errors = (*READ_ERRORS, 403)
    OutputSerializer = RoundActionsOut

    def perform(self, *, request, procedure, data, now, n, **path):
        # Who may read is checked before the round is looked up: nobody else learns which
        # rounds exist.
        ensure_buyer_staff(procedure=procedure, user=request.user)
        tender_round = round_in(procedure=procedure, n=n)
        return actions_data(
            round_next_actions(procedure=procedure, now=now, tender_round=tender_round)
        )
