"""Reads of questions and meetings, with the confidentiality between candidates built in, and
what the buyer can do next with a round of tenders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from innopartner.core.exceptions import DomainError
from innopartner.evaluation.selectors import round_ranking
from innopartner.participation.selectors import remaining_participants
from innopartner.parties.models import Organisation
from innopartner.procedures.models import Procedure
from innopartner.procedures.permissions import is_buyer_staff, supplier_operator_ids
from innopartner.tendering import rules as tendering_rules
from innopartner.tendering.models import TenderRound

from . import rules
from .models import Question


@dataclass(frozen=True)
class QuestionView:
    number: int | None
    text: str
    answer: str
    published_at: object
    asked_by: str | None  # only for the buyer and the asker


def questions_visible_to(*, user, procedure) -> list[QuestionView]:
    """The buyer sees every question with its asker. A supplier sees its own questions and
    every published answer to all, without who asked."""
    questions = Question.objects.filter(procedure=procedure).select_related("asked_by")
    if is_buyer_staff(procedure=procedure, user=user):
        return [
            QuestionView(q.number, q.text, q.answer, q.published_at, q.asked_by.name)
            for q in questions
        ]
    own = supplier_operator_ids(user)
    views = []
    for q in questions:
        mine = q.asked_by_id in own
        received = q.published_at is not None and q.recipients.filter(pk__in=own).exists()
        if mine or received:
            views.append(
                QuestionView(
                    q.number,
                    q.text,
                    q.answer if q.published_at else "",
                    q.published_at,
                    q.asked_by.name if mine else None,
                )
            )
    return views


APPROVAL_STATES = ("unanswered", "drafted", "returned", "approved", "published")


def approval_state(question: Question) -> str:
    """Where the answer stands in the approval step (four eyes): ``unanswered``, ``drafted``
    (awaiting approval), ``returned`` (for rework), ``approved`` or ``published``.
    ``question_answer`` clears an earlier approval or return, so each of these describes the
    current draft. The buyer's internal record: show it to the buyer's staff only."""
    if question.published_at is not None:
        return "published"
    if question.answered_at is None:
        return "unanswered"
    if question.approved_at is not None:
        return "approved"
    if question.returned_at is not None:
        return "returned"
    return "drafted"


@dataclass(frozen=True)
class Action:
    """Whether an action is possible now and, if not, the refusal its service would give (the
    same code, message and article: it comes from the same rule function)."""

    possible: bool
    reason: DomainError | None = None


def _verdict(check: Callable[[], None]) -> Action:
    try:
        check()
    except DomainError as refusal:
        return Action(False, refusal)
    return Action(True)


@dataclass(frozen=True)
class RoundActions:
    """What the buyer can do next with a round of tenders (Art. 31(3)-(5)), each answered by
    the rules the services check, so the page and the engine cannot disagree.

    ``open_round`` answers, for each kind of round, whether the next round may be opened as that
    kind (given a deadline in the future). Without a round, the actions on a round are None.
    ``negotiate_with`` are the tenderers the negotiation must cover (every remaining one);
    ``elimination`` says for each remaining tenderer (by key) whether eliminating it alone
    after this round would be accepted."""

    tender_round: TenderRound | None
    next_number: int
    open_round: Mapping[str, Action]
    start_opening: Action | None = None
    negotiate: Action | None = None
    negotiate_with: tuple[Organisation, ...] = ()
    reduce: Action | None = None
    elimination: Mapping[str, Action] = field(default_factory=dict)

    @property
    def may_negotiate(self) -> bool:
        return self.negotiate is not None and self.negotiate.possible

    @property
    def may_reduce(self) -> bool:
        return self.reduce is not None and self.reduce.possible

    @property
    def may_open_round(self) -> bool:
        return any(action.possible for action in self.open_round.values())

    @property
    def open_round_refusal(self) -> DomainError | None:
        """When no kind of round can be opened: why not, for the kind that would come next (the
        initial round first, a subsequent one after it)."""
        if self.may_open_round:
            return None
        expected = (
            TenderRound.Kind.INITIAL if self.next_number == 1 else TenderRound.Kind.SUBSEQUENT
        )
        return self.open_round[expected].reason


def _open_round(procedure: Procedure, previous: TenderRound | None) -> dict[str, Action]:
    number = previous.number + 1 if previous else 1

    def check(kind: str) -> None:
        # As tendering.services.round_open, with a valid kind and a deadline in the future.
        tendering_rules.ensure_round_may_open(stage=procedure.stage)
        tendering_rules.ensure_round_sequence(
            kind=kind,
            number=number,
            negotiation_mandatory=procedure.type.negotiation_mandatory,
            previous_kind=previous.kind if previous else None,
            previous_opened=previous.is_opened if previous else True,
            previous_negotiated=bool(previous and previous.negotiated_at),
        )

    return {kind: _verdict(lambda kind=kind: check(kind)) for kind in TenderRound.Kind.values}


def _elimination(
    procedure: Procedure, tender_round: TenderRound, remaining: list[Organisation], later: bool
) -> tuple[Action, dict[str, Action]]:
    """Whether each remaining tenderer could be eliminated alone after ``tender_round``, and
    whether any reduction can be: some elimination is accepted exactly when eliminating the
    last-placed tenderer alone is, so its refusal is the reason none is possible."""
    precondition = _verdict(
        lambda: rules.ensure_round_reducible(
            stage=procedure.stage,
            announced=procedure.successive_reduction,
            kind=tender_round.kind,
            opened=tender_round.is_opened,
            later_round=later,
        )
    )
    ranks: dict[str, int] = {}
    if precondition.possible:
        try:
            # The ranking itself refuses a round that is not fully scored (consensus missing),
            # in the service as here.
            ranks = {str(t.operator_id): r.rank for t, r in round_ranking(tender_round)}
        except DomainError as refusal:
            precondition = Action(False, refusal)
    if not precondition.possible:
        return precondition, {str(o.pk): precondition for o in remaining}
    keys = [str(o.pk) for o in remaining]

    def alone(operator: Organisation) -> Action:
        return _verdict(
            lambda: rules.ensure_elimination_by_ranking(
                ranks=ranks, remaining=keys, eliminated=[(str(operator.pk), str(operator))]
            )
        )

    elimination = {str(o.pk): alone(o) for o in remaining}
    if any(action.possible for action in elimination.values()):
        return Action(True), elimination
    if not remaining:
        nobody = _verdict(
            lambda: rules.ensure_elimination_by_ranking(ranks=ranks, remaining=[], eliminated=[])
        )
        return nobody, elimination
    last = max(remaining, key=lambda o: (str(o.pk) not in ranks, ranks.get(str(o.pk), 0)))
    return elimination[str(last.pk)], elimination


def round_next_actions(
    *, procedure: Procedure, now: dt.datetime, tender_round: TenderRound | None = None
) -> RoundActions:
    """What the buyer can do now with ``tender_round`` (the latest round if not given) and
    with the next round of ``procedure``: start the opening of its tenders, negotiate on it,
    reduce after it, open the next round. Who may act (the buyer's staff) is checked where
    the request comes in, as before calling the services."""
    # Read the procedure and the round again, as the services do under their lock: instances
    # held by the caller may predate a stage change or the round's negotiation.
    procedure = Procedure.objects.get(pk=procedure.pk)
    rounds = procedure.rounds.order_by("number")
    previous = rounds.last()
    tender_round = previous if tender_round is None else rounds.get(pk=tender_round.pk)
    open_round = _open_round(procedure, previous)
    next_number = previous.number + 1 if previous else 1
    if tender_round is None:
        return RoundActions(tender_round=None, next_number=next_number, open_round=open_round)
    remaining = remaining_participants(procedure=procedure)
    start_opening = _verdict(
        lambda: tendering_rules.ensure_opening_may_start(
            stage=procedure.stage,
            deadline=tender_round.deadline,
            now=now,
            started=tender_round.openings.exists(),
        )
    )
    negotiate = _verdict(
        lambda: rules.ensure_round_negotiable(
            stage=procedure.stage,
            kind=tender_round.kind,
            opened=tender_round.is_opened,
            negotiated=tender_round.negotiated_at is not None,
        )
    )
    later = rounds.filter(number__gt=tender_round.number).exists()
    reduce, elimination = _elimination(procedure, tender_round, remaining, later)
    return RoundActions(
        tender_round=tender_round,
        next_number=next_number,
        open_round=open_round,
        start_opening=start_opening,
        negotiate=negotiate,
        negotiate_with=tuple(remaining) if negotiate.possible else (),
        reduce=reduce,
        elimination=elimination,
    )
