"""Random action sequences against one procedure, through the services only.

A hypothesis state machine starts a procedure at a random stage (built by the real services in
:mod:`innopartner.testing`) and then throws random actions at it: valid and invalid ones, by the
right and the wrong people, at random moments (the clock moves forward by random amounts and
sometimes lands exactly on a deadline). Every action either succeeds and leaves an audit record,
or is refused with a :class:`DomainError` and changes nothing at all. After every step the
database is checked against the rules of ``design/DOMAIN.md``: no sequence of actions may reach
a state that the rules forbid.

Each example runs inside one transaction that is rolled back at its end, so every example starts
from an empty database.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from innopartner import testing
from innopartner.audit.models import AuditRecord
from innopartner.award import services as award
from innopartner.award.models import Agreement, AwardDecision
from innopartner.core.exceptions import DomainError
from innopartner.core.timeutil import AMSTERDAM, local_date
from innopartner.evaluation import services as evaluation
from innopartner.evaluation.selectors import round_ranking
from innopartner.negotiation import services as negotiation
from innopartner.participation import services as participation
from innopartner.participation.models import Invitation, RequestToParticipate
from innopartner.participation.selectors import remaining_participants
from innopartner.partnership import services as partnership
from innopartner.partnership.models import GateDecision, Partner, PartnerPhase, PurchaseStart
from innopartner.procedures import services as procedures
from innopartner.procedures.models import AwardCriterion, Procedure, Requirement, StageChange
from innopartner.procedures.types import Stage
from innopartner.tendering import services as tendering
from innopartner.tendering.models import Tender, TenderOpening, TenderRound

STARTS = (
    "incomplete",
    "preparation",
    "preparation",
    "published",
    "negotiation",
    "after_initial_round",
    "standstill",
    "partnership",
)
TYPES = ("innovation_partnership",) * 4 + ("pcp", "competitive_negotiation")
GATES = (
    ("mini_competition", "final"),
    ("go_no_go", "final"),
    ("go_no_go", "mini_competition", "final"),
    ("final",),
)
# Who acts: mostly the right person, sometimes somebody else.
BUYER_ACTORS = ("officer",) * 6 + ("second_officer", "evaluator", "other", "supplier")
SUPPLIER_ACTORS = ("own",) * 8 + ("other_supplier", "officer")
MOMENTS = ("now",) * 3 + ("deadline", "just_before", "just_after")
INDEX = st.integers(min_value=0, max_value=30)
OPERATOR = st.integers(min_value=0, max_value=4)
SECOND = dt.timedelta(seconds=1)
DAY = dt.timedelta(days=1)
# More examples for a long hunt: RANDOM_SEQUENCES_EXAMPLES=500 pytest tests/test_random_...
EXAMPLES = int(os.environ.get("RANDOM_SEQUENCES_EXAMPLES", "25"))
OUTCOMES: Counter = Counter()  # action:outcome over all examples (shown with pytest -s)


def _domain_models():
    """Every model of the project (and the users), also of apps added later, that has a table."""
    tables = set(connection.introspection.table_names())
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if (model.__module__.startswith("innopartner.") or model._meta.label == "auth.User")
        and model._meta.db_table in tables
    ]


class ProcedureMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.world: testing.World | None = None
        self.procedure_id = None
        self.fixed_documents = None
        self.models = _domain_models()

    def teardown(self) -> None:
        try:
            if self.procedure_id is not None:
                OUTCOMES[f"end stage: {self.procedure.stage}"] += 1
        finally:
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)

    # ---------------------------------------------------------------- helpers

    @property
    def procedure(self) -> Procedure:
        return Procedure.objects.get(pk=self.procedure_id)

    def buyer(self, who: str):
        w = self.world
        return {
            "officer": w.officer,
            "second_officer": w.second_officer,
            "evaluator": w.evaluator,
            "other": w.other_buyer_officer,
            "supplier": w.supplier(w.operators[0]),
        }[who]

    def supplier_for(self, operator, who: str):
        w = self.world
        if who == "own":
            return w.supplier(operator)
        if who == "officer":
            return w.officer
        others = [o for o in w.operators if o.pk != operator.pk]
        return w.supplier(others[0])

    def pick(self, items, index):
        items = list(items)
        return items[index % len(items)] if items else None

    def rounds(self):
        return list(TenderRound.objects.filter(procedure_id=self.procedure_id).order_by("number"))

    def tenders(self):
        return list(
            Tender.objects.filter(round__procedure_id=self.procedure_id).order_by(
                "submitted_at", "id"
            )
        )

    def move_to(self, moment: dt.datetime | None) -> None:
        """The clock only moves forward."""
        if moment is not None and moment > self.world.now:
            self.world.now = moment

    def moment(self, deadline: dt.datetime | None, when: str) -> None:
        if deadline is None or when == "now":
            return
        self.move_to(
            {
                "deadline": deadline,
                "just_before": deadline - SECOND,
                "just_after": deadline + SECOND,
            }[when]
        )

    def fingerprint(self) -> tuple:
        """Everything a refused action must leave alone: the row count of every domain model
        and the state fields that services change in place."""
        quote = connection.ops.quote_name
        counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in self.models)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {counts}")
            rows = tuple(cursor.fetchone())
        pid = self.procedure_id
        state = (
            tuple(Procedure.objects.filter(pk=pid).values_list("stage", "fewer_candidates_reason")),
            tuple(
                RequestToParticipate.objects.filter(procedure_id=pid)
                .order_by("id")
                .values_list("status", "assessment")
            ),
            tuple(
                Invitation.objects.filter(procedure_id=pid)
                .order_by("id")
                .values_list("eliminated_at")
            ),
            tuple(
                TenderRound.objects.filter(procedure_id=pid)
                .order_by("number")
                .values_list("deadline", "negotiated_at")
            ),
            tuple(
                Tender.objects.filter(round__procedure_id=pid).order_by("id").values_list("status")
            ),
            tuple(
                TenderOpening.objects.filter(round__procedure_id=pid)
                .order_by("id")
                .values_list("confirmed_at")
            ),
            tuple(Partner.objects.filter(procedure_id=pid).order_by("id").values_list("status")),
            tuple(
                PartnerPhase.objects.filter(partner__procedure_id=pid)
                .order_by("id")
                .values_list("assessed_at", "targets_met", "gate_score", "outcome")
            ),
            tuple(
                AwardCriterion.objects.filter(procedure_id=pid)
                .order_by("id")
                .values_list("name", "weight")
            ),
            tuple(Requirement.objects.filter(procedure_id=pid).order_by("id").values_list("text")),
        )
        return rows, state

    def act(self, name: str, action, *, all_or_nothing: bool = False) -> bool:
        """Run one action. A refusal must change nothing; a success must leave an audit record.
        ``all_or_nothing`` runs a composite action (several service calls that one person does
        in one go) in one transaction, so a refusal halfway rolls back the whole of it."""
        before = self.fingerprint()
        audits = AuditRecord.objects.count()
        try:
            if all_or_nothing:
                with transaction.atomic():
                    action()
            else:
                action()
        except DomainError as error:
            after = self.fingerprint()
            assert after == before, (
                f"[8] refused action {name} ({error.code}) changed the database: "
                f"{before} -> {after}"
            )
            assert AuditRecord.objects.count() == audits, (
                f"[8] refused action {name} ({error.code}) wrote an audit record"
            )
            OUTCOMES[f"{name}:{error.code}"] += 1
            return False
        assert AuditRecord.objects.count() > audits, (
            f"[8] action {name} succeeded without writing an audit record"
        )
        OUTCOMES[f"{name}:ok"] += 1
        return True

    # ---------------------------------------------------------------- start

    @initialize(
        start=st.sampled_from(STARTS),
        procedure_type=st.sampled_from(TYPES),
        successive_reduction=st.booleans(),
        termination_option=st.sampled_from((True, True, False)),
        gates=st.sampled_from(GATES),
        invited=st.integers(min_value=3, max_value=5),
    )
    def start(
        self, start, procedure_type, successive_reduction, termination_option, gates, invited
    ):
        world = self.world = testing.make_world(operators=5)
        procedure = testing.draft_procedure(
            world,
            procedure_type=procedure_type,
            complete=start != "incomplete",
            successive_reduction=successive_reduction,
            termination_option=termination_option,
            gates=gates,
        )
        self.procedure_id = procedure.pk
        order = STARTS.index(start) if start != "incomplete" else 0
        if order >= STARTS.index("published"):
            procedure = testing.publish(world, procedure)
        if order >= STARTS.index("negotiation"):
            procedure = testing.select(world, procedure, operators=world.operators[:invited])
        if start == "after_initial_round":
            remaining = remaining_participants(procedure=procedure)
            testing.run_round(
                world,
                procedure,
                kind="initial",
                prices={o: 100000 + 1000 * i for i, o in enumerate(remaining)},
                quality={o: 9 - i for i, o in enumerate(remaining)},
            )
        if order >= STARTS.index("standstill"):
            procedure = testing.to_standstill(world, procedure)
        if order >= STARTS.index("partnership"):
            testing.to_partnership(world, procedure)

    # ---------------------------------------------------------------- the clock

    @rule(
        minutes=st.one_of(
            st.integers(min_value=1, max_value=120),
            st.integers(min_value=60, max_value=60 * 24 * 3),
            st.integers(min_value=60 * 24, max_value=60 * 24 * 40),
        )
    )
    def tick(self, minutes):
        self.world.tick(minutes=minutes)

    @rule(
        landmark=st.sampled_from(("requests", "round", "signing")),
        offset=st.sampled_from((dt.timedelta(0), -SECOND, SECOND, -dt.timedelta(microseconds=1))),
    )
    def jump_to_deadline(self, landmark, offset):
        procedure = self.procedure
        target = None
        if landmark == "requests":
            target = procedure.requests_deadline
        elif landmark == "round":
            last = TenderRound.objects.filter(procedure=procedure).order_by("-number").first()
            target = last.deadline if last else None
        else:
            decision = AwardDecision.objects.filter(procedure=procedure).first()
            if decision:
                target = dt.datetime.combine(
                    decision.earliest_signing, dt.time(0, 0), tzinfo=AMSTERDAM
                )
        if target is not None:
            self.move_to(target + offset)

    # ---------------------------------------------------------------- preparation and notice

    @rule(
        days=st.one_of(st.sampled_from((29, 30, 31)), st.integers(min_value=-1, max_value=60)),
        offset=st.sampled_from((dt.timedelta(0), -SECOND, SECOND, -dt.timedelta(hours=1))),
        channel=st.sampled_from(("tenderned", "tenderned", "tsender", "ted", "none")),
        in_utc=st.booleans(),
        who=st.sampled_from(BUYER_ACTORS),
    )
    def publish(self, days, offset, channel, in_utc, who):
        deadline = self.world.now + dt.timedelta(days=days) + offset
        if in_utc:
            deadline = deadline.astimezone(dt.UTC)
        self.act(
            "publish",
            lambda: procedures.notice_publish(
                procedure=self.procedure,
                requests_deadline=deadline,
                channel=channel,
                now=self.world.now,
                actor=self.buyer(who),
            ),
        )

    @rule(
        index=INDEX,
        weight=st.integers(min_value=0, max_value=100),
        who=st.sampled_from(BUYER_ACTORS),
    )
    def change_award_criterion(self, index, weight, who):
        criterion = self.pick(AwardCriterion.objects.filter(procedure_id=self.procedure_id), index)
        if criterion is None:
            return
        self.act(
            "award_criterion_change",
            lambda: procedures.award_criterion_change(
                criterion=criterion,
                weight=weight,
                name=f"{criterion.name}*",
                now=self.world.now,
                actor=self.buyer(who),
            ),
        )

    @rule(
        index=INDEX,
        days=st.one_of(st.none(), st.integers(min_value=-2, max_value=20)),
        who=st.sampled_from(BUYER_ACTORS),
    )
    def change_requirement(self, index, days, who):
        requirement = self.pick(Requirement.objects.filter(procedure_id=self.procedure_id), index)
        if requirement is None:
            return
        deadline = None if days is None else self.world.now + dt.timedelta(days=days)
        self.act(
            "requirement_change",
            lambda: procedures.requirement_change(
                requirement=requirement,
                text=f"{requirement.text} (gewijzigd)",
                resubmission_deadline=deadline,
                explanation="Verduidelijking.",
                now=self.world.now,
                actor=self.buyer(who),
            ),
        )

    @rule(reason=st.sampled_from(("", "Geen budget meer.")), who=st.sampled_from(BUYER_ACTORS))
    def cancel(self, reason, who):
        self.act(
            "cancel",
            lambda: procedures.procedure_cancel(
                procedure=self.procedure, reason=reason, now=self.world.now, actor=self.buyer(who)
            ),
        )

    # ---------------------------------------------------------------- requests and selection

    @rule(operator=OPERATOR, who=st.sampled_from(SUPPLIER_ACTORS), when=st.sampled_from(MOMENTS))
    def request(self, operator, who, when):
        operator = self.world.operators[operator]
        self.moment(self.procedure.requests_deadline, when)
        self.act(
            "request_submit",
            lambda: participation.request_submit(
                procedure=self.procedure,
                operator=operator,
                now=self.world.now,
                actor=self.supplier_for(operator, who),
            ),
        )

    @rule(
        index=INDEX,
        qualified=st.sampled_from((True, True, True, False)),
        assessment=st.sampled_from(("Geschikt.", "Voldoet niet.", " ")),
        who=st.sampled_from(BUYER_ACTORS),
    )
    def assess_request(self, index, qualified, assessment, who):
        request = self.pick(
            RequestToParticipate.objects.filter(procedure_id=self.procedure_id).order_by("id"),
            index,
        )
        if request is None:
            return
        self.act(
            "request_assess",
            lambda: participation.request_assess(
                request=request,
                qualified=qualified,
                assessment=assessment,
                now=self.world.now,
                actor=self.buyer(who),
            ),
        )

    @rule(unqualified=st.sets(OPERATOR, max_size=2), who=st.sampled_from(BUYER_ACTORS))
    def assess_all_requests(self, unqualified, who):
        pending = list(
            RequestToParticipate.objects.filter(
                procedure_id=self.procedure_id, status="submitted"
            ).order_by("id")
        )
        if not pending:
            return

        def assess_all():
            for request in pending:
                index = [o.pk for o in self.world.operators].index(request.operator_id)
                participation.request_assess(
                    request=request,
                    qualified=index not in unqualified,
                    assessment="Beoordeeld op de selectiecriteria.",
                    now=self.world.now,
                    actor=self.buyer(who),
                )

        self.act("assess_all_requests", assess_all, all_or_nothing=True)

    @rule(
        chosen=st.one_of(
            st.just("qualified"), st.lists(OPERATOR, unique=True, max_size=5), st.just("dup")
        ),
        fewer_reason=st.sampled_from(("", "", "Slechts enkele geschikte gegadigden.")),
        who=st.sampled_from(BUYER_ACTORS),
    )
    def invite(self, chosen, fewer_reason, who):
        operators = self.world.operators
        if chosen == "qualified":
            ids = set(
                RequestToParticipate.objects.filter(
                    procedure_id=self.procedure_id, status="qualified"
                ).values_list("operator_id", flat=True)
            )
            invitees = [o for o in operators if o.pk in ids]
        elif chosen == "dup":
            invitees = [operators[0], operators[0], operators[1], operators[2]]
        else:
            invitees = [operators[i] for i in chosen]
        self.act(
            "candidates_invite",
            lambda: participation.candidates_invite(
                procedure=self.procedure,
                operators=invitees,
                fewer_reason=fewer_reason,
                now=self.world.now,
                actor=self.buyer(who),
            ),
        )

    # ---------------------------------------------------------------- rounds and tenders

    @rule(
        kind=st.sampled_from(("initial", "subsequent", "final", "final", "best_and_final")),
        days=st.integers(min_value=-1, max_value=20),
        who=st.sampled_from(BUYER_ACTORS),
    )
    def open_round(self, kind, days, who):
        self.act(
            "round_open",
            lambda: tendering.round_open(
                procedure=self.procedure,
                kind=kind,
                deadline=self.world.now + dt.timedelta(days=days),
                now=self.world.now,
                actor=self.buyer(who),
            ),
        )

    @rule(
        operator=OPERATOR,
        who=st.sampled_from(SUPPLIER_ACTORS),
        round_index=st.one_of(st.none(), INDEX),
        when=st.sampled_from(MOMENTS),
        price=st.one_of(st.none(), st.integers(min_value=50000, max_value=150000)),
        content=st.sampled_from((b"Onze oplossing", b"")),
    )
    def submit(self, operator, who, round_index, when, price, content):
        rounds = self.rounds()
        tender_round = self.pick(rounds, -1 if round_index is None else round_index)
        if tender_round is None:
            return
        operator = self.world.operators[operator]
        self.moment(tender_round.deadline, when)
        self.act(
            "tender_submit",
            lambda: tendering.tender_submit(
                tender_round=tender_round,
                operator=operator,
                content=content,
                filename="inschrijving.pdf",
                price=price if price is not None or content == b"" else 100000,
                now=self.world.now,
                actor=self.supplier_for(operator, who),
            ),
        )

    @rule(
        index=INDEX,
        who=st.sampled_from(SUPPLIER_ACTORS),
        when=st.sampled_from(MOMENTS),
        withdraw=st.booleans(),
    )
    def replace_or_withdraw(self, index, who, when, withdraw):
        tender = self.pick(self.tenders(), index)
        if tender is None:
            return
        self.moment(tender.round.deadline, when)
        actor = self.supplier_for(tender.operator, who)
        if withdraw:
            self.act(
                "tender_withdraw",
                lambda: tendering.tender_withdraw(tender=tender, now=self.world.now, actor=actor),
            )
        else:
            self.act(
                "tender_replace",
                lambda: tendering.tender_replace(
                    tender=tender,
                    content=b"Verbeterde oplossing",
                    filename="inschrijving-v2.pdf",
                    price=99000,
                    now=self.world.now,
                    actor=actor,
                ),
            )

    @rule(
        round_index=st.one_of(st.none(), INDEX),
        who=st.sampled_from(BUYER_ACTORS),
        when=st.sampled_from(MOMENTS),
    )
    def start_opening(self, round_index, who, when):
        rounds = self.rounds()
        tender_round = self.pick(rounds, -1 if round_index is None else round_index)
        if tender_round is None:
            return
        self.moment(tender_round.deadline, when)
        self.act(
            "opening_start",
            lambda: tendering.tenders_opening_start(
                tender_round=tender_round, now=self.world.now, actor=self.buyer(who)
            ),
        )

    @rule(
        index=st.one_of(st.none(), INDEX),
        who=st.sampled_from(("second_officer", "second_officer", "officer", "evaluator", "other")),
    )
    def confirm_opening(self, index, who):
        openings = list(
            TenderOpening.objects.filter(round__procedure_id=self.procedure_id).order_by(
                "started_at", "id"
            )
        )
        opening = (
            (openings[-1] if openings else None) if index is None else self.pick(openings, index)
        )
        if opening is None:
            return
        self.act(
            "opening_confirm",
            lambda: tendering.tenders_opening_confirm(
                opening=opening, now=self.world.now, actor=self.buyer(who)
            ),
        )

    # ---------------------------------------------------------------- evaluation

    def quality_criterion(self):
        return AwardCriterion.objects.filter(procedure_id=self.procedure_id, kind="quality").first()

    @rule(
        index=INDEX,
        score=st.integers(min_value=-1, max_value=11),
        consensus=st.booleans(),
        who=st.sampled_from(("evaluator", "evaluator", "officer", "supplier")),
    )
    def score(self, index, score, consensus, who):
        tender = self.pick(self.tenders(), index)
        criterion = self.pick(AwardCriterion.objects.filter(procedure_id=self.procedure_id), index)
        if tender is None:
            return
        service = evaluation.consensus_record if consensus else evaluation.score_submit
        self.act(
            "consensus_record" if consensus else "score_submit",
            lambda: service(
                tender=tender,
                criterion=criterion,
                score=score,
                justification="Onderbouwd.",
                now=self.world.now,
                actor=self.buyer(who),
            ),
        )

    @rule(
        round_index=st.one_of(st.none(), INDEX),
        scores=st.lists(st.integers(min_value=0, max_value=10), min_size=5, max_size=5),
    )
    def score_round(self, round_index, scores):
        """The committee scores every live tender of a round: each evaluator, then consensus."""
        rounds = self.rounds()
        tender_round = self.pick(rounds, -1 if round_index is None else round_index)
        criterion = self.quality_criterion()
        if tender_round is None or criterion is None:
            return

        live = list(tender_round.tenders.filter(status="submitted").order_by("id"))
        if not live:
            return

        def score_all():
            for i, tender in enumerate(live):
                for service, actor in (
                    (evaluation.score_submit, self.world.evaluator),
                    (evaluation.consensus_record, self.world.officer),
                ):
                    service(
                        tender=tender,
                        criterion=criterion,
                        score=scores[i % 5],
                        justification="Onderbouwd.",
                        now=self.world.now,
                        actor=actor,
                    )

        self.act("score_round", score_all, all_or_nothing=True)

    # ---------------------------------------------------------------- negotiation and reduction

    @rule(
        round_index=st.one_of(st.none(), INDEX),
        skip=st.one_of(st.none(), OPERATOR),
        who=st.sampled_from(BUYER_ACTORS),
    )
    def negotiate(self, round_index, skip, who):
        rounds = self.rounds()
        tender_round = self.pick(rounds, -1 if round_index is None else round_index)
        if tender_round is None:
            return
        remaining = remaining_participants(procedure=self.procedure)
        if skip is not None and remaining:
            remaining = [o for i, o in enumerate(remaining) if i != skip % len(remaining)]
        self.act(
            "round_negotiate",
            lambda: negotiation.round_negotiate(
                tender_round=tender_round,
                minutes=[(o, "Besproken.") for o in remaining],
                now=self.world.now,
                actor=self.buyer(who),
            ),
        )

    @rule(
        round_index=st.one_of(st.none(), INDEX),
        eliminate=st.one_of(st.just("worst"), st.sets(OPERATOR, max_size=5)),
        who=st.sampled_from(BUYER_ACTORS),
    )
    def reduce(self, round_index, eliminate, who):
        rounds = self.rounds()
        tender_round = self.pick(rounds, -1 if round_index is None else round_index)
        if tender_round is None:
            return
        if eliminate == "worst":
            try:
                ranking = round_ranking(tender_round)
            except DomainError:
                ranking = []
            dropped = [t.operator for t, _ in ranking[-1:]]
        else:
            dropped = [self.world.operators[i] for i in sorted(eliminate)]
        self.act(
            "tenders_reduce",
            lambda: negotiation.tenders_reduce(
                tender_round=tender_round,
                eliminate=dropped,
                reasons={},
                now=self.world.now,
                actor=self.buyer(who),
            ),
        )

    # ---------------------------------------------------------------- award and agreement

    @rule(
        winners=st.one_of(st.integers(min_value=1, max_value=3), st.sets(OPERATOR, max_size=4)),
        who=st.sampled_from(BUYER_ACTORS),
    )
    def decide_award(self, winners, who):
        if isinstance(winners, int):
            last = TenderRound.objects.filter(procedure_id=self.procedure_id).order_by("-number")
            try:
                ranking = round_ranking(last[0]) if last else []
            except DomainError:
                ranking = []
            chosen = [t.operator for t, _ in ranking[:winners]]
        else:
            chosen = [self.world.operators[i] for i in sorted(winners)]
        self.act(
            "award_decide",
            lambda: award.award_decide(
                procedure=self.procedure,
                winners=chosen,
                reasons="Beste prijs-kwaliteitverhouding.",
                now=self.world.now,
                actor=self.buyer(who),
            ),
        )

    @rule(
        exception=st.sampled_from(("",) * 6 + ("framework_call_off", "bogus")),
        reason=st.sampled_from(("Nadere opdracht.", "")),
        who=st.sampled_from(BUYER_ACTORS),
    )
    def sign(self, exception, reason, who):
        self.act(
            "agreement_sign",
            lambda: award.agreement_sign(
                procedure=self.procedure,
                standstill_exception=exception,
                exception_reason=reason,
                now=self.world.now,
                actor=self.buyer(who),
            ),
        )

    # ---------------------------------------------------------------- partnership

    @rule(
        operator=OPERATOR,
        phase=st.integers(min_value=0, max_value=4),
        met=st.lists(st.booleans(), min_size=1, max_size=3),
        gate_score=st.one_of(st.none(), st.integers(min_value=0, max_value=10)),
        who=st.sampled_from(BUYER_ACTORS),
    )
    def assess_targets(self, operator, phase, met, gate_score, who):
        self.act(
            "targets_assess",
            lambda: partnership.targets_assess(
                procedure=self.procedure,
                operator=self.world.operators[operator],
                phase_number=phase,
                results={i + 1: m for i, m in enumerate(met)},
                assessment="Resultaat beoordeeld.",
                gate_score=gate_score,
                now=self.world.now,
                actor=self.buyer(who),
            ),
        )

    @rule(
        met=st.lists(st.booleans(), min_size=5, max_size=5),
        scores=st.lists(st.integers(min_value=0, max_value=10), min_size=5, max_size=5),
    )
    def assess_running_phase(self, met, scores):
        """Assess every partner still in the running phase against all its targets."""
        procedure = self.procedure
        number = partnership.current_phase_number(procedure)
        if number is None:
            return

        running = list(
            PartnerPhase.objects.filter(
                partner__procedure=procedure, phase__number=number, outcome=""
            ).order_by("id")
        )
        if not running:
            return

        def assess_all():
            for i, pp in enumerate(running):
                partnership.targets_assess(
                    procedure=procedure,
                    operator=pp.partner.operator,
                    phase_number=number,
                    results={1: met[i % 5], 2: met[i % 5] or i % 2 == 0},
                    assessment="Resultaat beoordeeld.",
                    gate_score=scores[i % 5],
                    now=self.world.now,
                    actor=self.world.officer,
                )

        self.act("assess_running_phase", assess_all, all_or_nothing=True)

    @rule(
        phase=st.one_of(st.none(), st.integers(min_value=0, max_value=4)),
        continuing=st.one_of(st.none(), st.sets(OPERATOR, max_size=5)),
        end_partnership=st.sampled_from((False, False, False, True)),
        reasons=st.sampled_from(("Volgens de aangekondigde criteria.", "")),
        who=st.sampled_from(BUYER_ACTORS),
    )
    def gate(self, phase, continuing, end_partnership, reasons, who):
        procedure = self.procedure
        number = (partnership.current_phase_number(procedure) or 1) if phase is None else phase
        chosen = None if continuing is None else [self.world.operators[i] for i in continuing]
        self.act(
            "gate_decide",
            lambda: partnership.gate_decide(
                procedure=procedure,
                phase_number=number,
                continuing=chosen,
                end_partnership=end_partnership,
                reasons=reasons,
                now=self.world.now,
                actor=self.buyer(who),
            ),
        )

    @rule(
        operator=st.one_of(st.none(), OPERATOR),
        measured=st.one_of(st.none(), st.integers(min_value=85, max_value=95)),
        price=st.integers(min_value=90000, max_value=150000),
        who=st.sampled_from(BUYER_ACTORS),
    )
    def start_purchase(self, operator, measured, price, who):
        if operator is None:
            partner = Partner.objects.filter(
                procedure_id=self.procedure_id, status="active"
            ).first()
            if partner is None:
                return
            chosen = partner.operator
        else:
            chosen = self.world.operators[operator]
        self.act(
            "purchase_start",
            lambda: partnership.purchase_start(
                procedure=self.procedure,
                operator=chosen,
                measured={} if measured is None else {"nauwkeurigheid": measured},
                prices={"Meetjaar": price},
                now=self.world.now,
                actor=self.buyer(who),
            ),
        )

    @rule(
        quantity=st.integers(min_value=-1, max_value=8),
        own_buyer=st.sampled_from((True, True, False)),
        who=st.sampled_from(BUYER_ACTORS),
    )
    def call_off(self, quantity, own_buyer, who):
        buyer = (
            self.world.buyer
            if own_buyer
            else self.world.other_buyer_officer.memberships.first().organisation
        )
        self.act(
            "call_off_place",
            lambda: partnership.call_off_place(
                procedure=self.procedure,
                buyer=buyer,
                item_name="Meetjaar",
                quantity=quantity,
                now=self.world.now,
                actor=self.buyer(who),
            ),
        )

    # ---------------------------------------------------------------- the next step

    def _advance(self, data) -> None:
        """The next step a diligent buyer or candidate would take at this stage, with random
        details: it keeps the procedure moving so that random noise reaches the later stages.
        It goes through the same rules (and may be refused just the same)."""
        draw = data.draw
        procedure = self.procedure
        stage = procedure.stage
        w = self.world
        if stage == Stage.PREPARATION:
            self.publish(
                days=draw(st.integers(30, 40)),
                offset=dt.timedelta(0),
                channel="tenderned",
                in_utc=draw(st.booleans()),
                who="officer",
            )
        elif stage == Stage.REQUESTS_OPEN:
            requested = set(procedure.requests.values_list("operator_id", flat=True))
            open_ = [i for i, o in enumerate(w.operators) if o.pk not in requested]
            if open_ and w.now <= procedure.requests_deadline and draw(st.integers(0, 5)) > 0:
                self.request(operator=draw(st.sampled_from(open_)), who="own", when="now")
            else:
                self.move_to(procedure.requests_deadline + draw(st.sampled_from((SECOND, DAY))))
        elif stage == Stage.SELECTION:
            if procedure.requests.filter(status="submitted").exists():
                self.assess_all_requests(
                    unqualified=draw(st.sets(OPERATOR, max_size=1)), who="officer"
                )
            else:
                qualified = procedure.requests.filter(status="qualified").count()
                self.invite(
                    chosen="qualified",
                    fewer_reason="" if qualified >= 3 else "Slechts enkele geschikte gegadigden.",
                    who="officer",
                )
        elif stage == Stage.NEGOTIATION:
            self._advance_negotiation(procedure, draw)
        elif stage == Stage.STANDSTILL:
            decision = procedure.award_decision
            self.move_to(
                dt.datetime.combine(decision.earliest_signing, dt.time(0), tzinfo=AMSTERDAM)
                + draw(st.sampled_from((dt.timedelta(0), dt.timedelta(hours=10), -SECOND)))
            )
            self.sign(exception="", reason="", who="officer")
        elif stage == Stage.RD_PHASES:
            number = partnership.current_phase_number(procedure)
            if number is None:
                self.start_purchase(
                    operator=None,
                    measured=draw(st.integers(88, 95)),
                    price=draw(st.integers(90000, 140000)),
                    who="officer",
                )
            elif PartnerPhase.objects.filter(
                partner__procedure=procedure,
                phase__number=number,
                outcome="",
                assessed_at__isnull=True,
            ).exists():
                self.assess_running_phase(
                    met=draw(
                        st.lists(st.sampled_from((True, True, False)), min_size=5, max_size=5)
                    ),
                    scores=draw(st.lists(st.integers(0, 10), min_size=5, max_size=5)),
                )
            else:
                self.move_to(w.now + dt.timedelta(days=draw(st.integers(1, 200))))
                self.gate(
                    phase=number,
                    continuing=None,
                    end_partnership=draw(st.sampled_from((False,) * 5 + (True,))),
                    reasons="Volgens de aangekondigde criteria.",
                    who="officer",
                )
        elif stage == Stage.PURCHASE:
            self.call_off(quantity=draw(st.integers(1, 3)), own_buyer=True, who="officer")

    def _advance_negotiation(self, procedure: Procedure, draw) -> None:
        w = self.world
        last = TenderRound.objects.filter(procedure=procedure).order_by("-number").first()
        if last is None:
            self.open_round(kind="initial", days=draw(st.integers(5, 15)), who="officer")
            return
        opening = last.openings.first()
        if opening is None:
            if w.now < last.deadline:
                tendered = set(
                    last.tenders.filter(status="submitted").values_list("operator_id", flat=True)
                )
                missing = [
                    i
                    for i, o in enumerate(w.operators)
                    if o in remaining_participants(procedure=procedure) and o.pk not in tendered
                ]
                if missing and draw(st.integers(0, 5)) > 0:
                    self.submit(
                        operator=draw(st.sampled_from(missing)),
                        who="own",
                        round_index=None,
                        when="now",
                        price=draw(st.integers(80000, 120000)),
                        content=b"Onze oplossing",
                    )
                    return
                self.move_to(last.deadline + draw(st.sampled_from((SECOND, DAY))))
            self.start_opening(round_index=None, who="officer", when="now")
        elif opening.confirmed_at is None:
            self.confirm_opening(index=None, who="second_officer")
        elif last.tenders.filter(status="submitted", consensus_scores__isnull=True).exists():
            self.score_round(
                round_index=None, scores=draw(st.lists(st.integers(4, 10), min_size=5, max_size=5))
            )
        elif last.kind != "final" and not last.negotiated_at:
            if procedure.successive_reduction and draw(st.integers(0, 3)) == 0:
                self.reduce(round_index=None, eliminate="worst", who="officer")
            else:
                self.negotiate(round_index=None, skip=None, who="officer")
        elif last.kind != "final":
            kind = draw(st.sampled_from(("final", "final", "subsequent")))
            self.open_round(kind=kind, days=draw(st.integers(5, 15)), who="officer")
        else:
            self.decide_award(winners=procedure.intended_partners or 1, who="officer")

    @rule(data=st.data())
    def advance(self, data):
        self._advance(data)

    @rule(data=st.data())
    def advance_again(self, data):
        self._advance(data)

    @rule(data=st.data())
    def advance_once_more(self, data):
        self._advance(data)

    # ---------------------------------------------------------------- invariants

    @invariant()
    def rules_hold(self):
        if self.procedure_id is None:
            return
        procedure = self.procedure
        check_stages(procedure)
        check_tenders_and_openings(procedure)
        check_invitations(procedure)
        check_award(procedure)
        self.check_fixed_documents(procedure)
        check_partnership(procedure)
        check_no_tenders_after_cancellation(procedure)

    def check_fixed_documents(self, procedure: Procedure) -> None:
        """[6]/[8] Award criteria weights and minimum requirements are fixed by the notice."""
        if not procedure.is_published:
            return
        documents = (
            sorted(AwardCriterion.objects.filter(procedure=procedure).values_list("id", "weight")),
            sorted(
                Requirement.objects.filter(procedure=procedure, is_minimum=True).values_list(
                    "id", "text"
                )
            ),
        )
        if self.fixed_documents is None:
            self.fixed_documents = documents
        assert documents == self.fixed_documents, (
            f"[6] award criteria or minimum requirements changed after the notice: "
            f"{self.fixed_documents} -> {documents}"
        )


def check_stages(procedure: Procedure) -> None:
    """[1] The stage is one of the type's stages; every change follows the declared transitions,
    chained, each with its audit record."""
    ptype = procedure.type
    assert procedure.stage in [s.value for s in ptype.stages], (
        f"[1] stage {procedure.stage} is not a stage of {ptype.code}"
    )
    changes = list(StageChange.objects.filter(procedure=procedure).order_by("id"))
    current = Stage.PREPARATION.value
    for change in changes:
        assert change.from_stage == current, (
            f"[1] stage change {change} does not start where the previous ended ({current})"
        )
        assert ptype.allows(change.from_stage, change.to_stage), (
            f"[1] {ptype.code} does not allow {change.from_stage} -> {change.to_stage}"
        )
        current = change.to_stage
    assert current == procedure.stage, (
        f"[1] the stage changes end in {current} but the procedure is in {procedure.stage}"
    )
    audits = list(
        AuditRecord.objects.filter(procedure=procedure, action="procedure.stage_changed")
        .order_by("id")
        .values_list("before", "after")
    )
    assert [(a["stage"], b["stage"]) for a, b in audits] == [
        (c.from_stage, c.to_stage) for c in changes
    ], "[1] every stage change has exactly its audit record 'procedure.stage_changed'"


def check_tenders_and_openings(procedure: Procedure) -> None:
    """[6] Only invited, remaining operators tender, before the deadline. Four-eyes opening,
    after the deadline."""
    invitations = {i.operator_id: i for i in Invitation.objects.filter(procedure=procedure)}
    rounds = {r.pk: r for r in TenderRound.objects.filter(procedure=procedure)}
    openings = {}
    for opening in TenderOpening.objects.filter(round__procedure=procedure):
        tender_round = rounds[opening.round_id]
        openings.setdefault(opening.round_id, opening)
        assert opening.started_at > tender_round.deadline, (
            f"[3] opening of round {tender_round.number} started at {opening.started_at}, "
            f"not after its deadline {tender_round.deadline}"
        )
        if opening.confirmed_at is not None:
            assert opening.confirmed_by_id != opening.started_by_id, (
                f"[3] opening of round {tender_round.number} confirmed by the person who started it"
            )
            assert opening.confirmed_at > tender_round.deadline, (
                f"[3] opening of round {tender_round.number} confirmed at {opening.confirmed_at}, "
                f"at or before its deadline {tender_round.deadline}"
            )
    for tender in Tender.objects.filter(round__procedure=procedure):
        tender_round = rounds[tender.round_id]
        where = f"tender of operator {tender.operator_id} in round {tender_round.number}"
        assert tender.submitted_at < tender_round.deadline, (
            f"[2] {where} received at {tender.submitted_at}, not before the deadline "
            f"{tender_round.deadline}"
        )
        assert tender.submitted_at >= tender_round.opened_for_submission_at, (
            f"[2] {where} received before the round was opened"
        )
        opening = openings.get(tender.round_id)
        assert opening is None or tender.submitted_at < opening.started_at, (
            f"[2] {where} received at {tender.submitted_at}, after the opening started at "
            f"{opening.started_at}"
        )
        invitation = invitations.get(tender.operator_id)
        assert invitation is not None, f"[6] {where} without an invitation"
        assert (
            invitation.eliminated_after_round is None
            or tender_round.number <= invitation.eliminated_after_round
        ), (
            f"[10] {where}, but the operator was eliminated after round "
            f"{invitation.eliminated_after_round}, before that round was opened"
        )


def check_invitations(procedure: Procedure) -> None:
    """[5] At least the minimum invited, or all qualified with the reason recorded; nobody
    invited without a qualified request."""
    invitations = list(Invitation.objects.filter(procedure=procedure).select_related("request"))
    for invitation in invitations:
        assert invitation.request.operator_id == invitation.operator_id, (
            "[5] an invitation hangs on another operator's request"
        )
        assert invitation.request.status == RequestToParticipate.Status.QUALIFIED, (
            f"[5] operator {invitation.operator_id} invited without a qualified request "
            f"({invitation.request.status})"
        )
    if not invitations and not procedure.stage_changes.filter(to_stage="negotiation").exists():
        return
    if len(invitations) < (procedure.candidates_min or 0):
        qualified = set(
            RequestToParticipate.objects.filter(
                procedure=procedure, status=RequestToParticipate.Status.QUALIFIED
            ).values_list("operator_id", flat=True)
        )
        assert procedure.fewer_candidates_reason.strip(), (
            f"[5] {len(invitations)} invited, fewer than the minimum {procedure.candidates_min}, "
            "without a recorded reason"
        )
        assert qualified == {i.operator_id for i in invitations}, (
            "[5] fewer than the minimum invited while qualified candidates were left out"
        )


def check_award(procedure: Procedure) -> None:
    """[7] Award on opened final tenders after negotiation; [17] no signing in the standstill."""
    decision = AwardDecision.objects.filter(procedure=procedure).first()
    agreement = Agreement.objects.filter(procedure=procedure).first()
    if decision is None:
        assert agreement is None, "[17] an agreement without an award decision"
        return
    before = (
        TenderRound.objects.filter(
            procedure=procedure, opened_for_submission_at__lte=decision.sent_at
        )
        .order_by("-number")
        .first()
    )
    assert before is not None and before.pk == decision.tender_round_id, (
        "[7] the award decision is not on the last round before it"
    )
    assert TenderOpening.objects.filter(
        round=before, confirmed_at__isnull=False, confirmed_at__lte=decision.sent_at
    ).exists(), f"[7] award on round {before.number} whose tenders were not opened"
    if procedure.type.negotiation_mandatory:
        assert before.kind == TenderRound.Kind.FINAL and before.number >= 2, (
            f"[7] award on round {before.number} ({before.kind}), not on final tenders after "
            "negotiation"
        )
    eliminated = set(
        Invitation.objects.filter(
            procedure=procedure, eliminated_at__lte=decision.sent_at
        ).values_list("operator_id", flat=True)
    )
    awarded = set(decision.lines.filter(awarded=True).values_list("operator_id", flat=True))
    assert not awarded & eliminated, (
        f"[10] the award goes to operator(s) {awarded & eliminated} eliminated in the negotiation"
    )
    if agreement is not None:
        exception = decision.standstill_exception
        assert local_date(agreement.signed_at) >= decision.earliest_signing or (
            exception and decision.standstill_exception_reason.strip()
        ), (
            f"[17] agreement signed on {local_date(agreement.signed_at)}, before the earliest "
            f"signing day {decision.earliest_signing}, without a recorded exception"
        )


def check_no_tenders_after_cancellation(procedure: Procedure) -> None:
    """A cancelled procedure is over: it receives no tenders any more."""
    cancelled = (
        AuditRecord.objects.filter(
            procedure=procedure, action="procedure.stage_changed", after__stage="cancelled"
        )
        .order_by("id")
        .first()
    )
    if cancelled is None:
        return
    later = AuditRecord.objects.filter(
        procedure=procedure, id__gt=cancelled.id, action__in=["tender.submitted", "tender.replaced"]
    ).count()
    assert not later, f"[6] {later} tender(s) received after the procedure was cancelled"


def check_partnership(procedure: Procedure) -> None:
    """[14] Partners leave only at a gate and only if announced; [15] purchase only with a
    purchase phase and at the agreed performance levels."""
    for partner in Partner.objects.filter(procedure=procedure, status__in=["dropped", "ended"]):
        assert GateDecision.objects.filter(
            procedure=procedure, stopped=partner.operator
        ).exists(), (
            f"[14] partner {partner.operator_id} is {partner.status} without a gate decision"
        )
        assert procedure.termination_option, (
            f"[14] partner {partner.operator_id} is {partner.status} although the documents gave "
            "no termination option"
        )
    start = PurchaseStart.objects.filter(procedure=procedure).first()
    if start is not None:
        assert procedure.type.has_purchase_phase, (
            f"[15] a purchase started in a {procedure.type.code}"
        )
        for level in procedure.performance_levels.all():
            assert level.name in start.measured, f"[15] purchase without measuring {level.name}"
            value = Decimal(start.measured[level.name])
            met = value >= level.target if level.higher_is_better else value <= level.target
            assert met, f"[15] purchase with {level.name} {value} against target {level.target}"


@pytest.mark.slow
@pytest.mark.django_db
def test_random_action_sequences_never_reach_a_forbidden_state():
    OUTCOMES.clear()
    run_state_machine_as_test(
        ProcedureMachine,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=30,
            deadline=None,
            report_multiple_bugs=False,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
    print("\n".join(f"{n:5} {key}" for key, n in sorted(OUTCOMES.items())))
