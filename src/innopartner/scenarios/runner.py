"""Run a scenario: every step calls the same services as the web interface, the API and the
CLI. A step that breaks a rule stops the run with the step, the rule's code and its message,
unless the step says it expects exactly that refusal (to rehearse a rule)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from innopartner.core.exceptions import DomainError, InvalidInput
from innopartner.core.timeutil import parse_moment
from innopartner.parties import services as parties
from innopartner.parties.models import Membership, Organisation
from innopartner.procedures.funnel import procedure_funnel
from innopartner.procedures.models import Procedure

from .format import Scenario


class ScenarioFailed(Exception):
    def __init__(
        self, *, case: str, step_number: int, step: dict[str, Any], error: DomainError | str
    ):
        self.case, self.step_number, self.step, self.error = case, step_number, step, error
        code = error.code if isinstance(error, DomainError) else "expectation-failed"
        message = error.message if isinstance(error, DomainError) else str(error)
        article = getattr(error, "article", "")
        self.code, self.message, self.article = code, message, article
        super().__init__(f"{case}, stap {step_number} ({step.get('do')}): {code}: {message}")

    def as_dict(self) -> dict[str, Any]:
        return {
            "step": self.step_number,
            "do": self.step.get("do"),
            "code": self.code,
            "message": self.message,
            "article": self.article,
        }


@dataclass
class ScenarioResult:
    case: str
    procedure_type: str
    procedure: Procedure | None
    final_state: str
    funnel: list[dict[str, Any]]
    refusals_rehearsed: list[str] = field(default_factory=list)
    failure: ScenarioFailed | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "case": self.case,
            "procedure_type": self.procedure_type,
            "final_state": self.final_state,
            "funnel": self.funnel,
            "procedure_id": str(self.procedure.pk) if self.procedure else None,
            "refusals_rehearsed": self.refusals_rehearsed,
            "ok": self.ok,
        }
        if self.failure:
            data["error"] = self.failure.as_dict()
        return data


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class Run:
    """The state of one scenario run: its organisations, people, procedure and references."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.orgs: dict[str, Organisation] = {}
        self.people: dict[str, Any] = {}
        self.procedure: Procedure | None = None
        self.refs: dict[str, Any] = {}
        self.rounds: dict[int, Any] = {}

    # --- lookups -----------------------------------------------------------------------------
    def org(self, key: str) -> Organisation:
        try:
            return self.orgs[str(key)]
        except KeyError:
            raise InvalidInput(
                f"Onbekende organisatie '{key}' in het scenario.",
                code="scenario-unknown-organisation",
            ) from None

    def orgs_of(self, keys: Any) -> list[Organisation]:
        return [self.org(k) for k in (keys or [])]

    def person(
        self, username: str | None, *, role: set[str], organisation: Organisation | None = None
    ):
        if username:
            try:
                return self.people[username]
            except KeyError:
                raise InvalidInput(
                    f"Onbekende persoon '{username}' in het scenario.",
                    code="scenario-unknown-person",
                ) from None
        memberships = Membership.objects.filter(user__in=self.people.values(), role__in=role)
        if organisation is not None:
            own = [organisation.pk]
            if organisation.kind == Organisation.Kind.CONSORTIUM:
                lead = organisation.member_links.filter(is_lead=True).first()
                own.append(lead.member_id)
            memberships = memberships.filter(organisation_id__in=own)
        else:
            memberships = memberships.filter(
                organisation__in=[b.authority for b in self.procedure.buyers.all()]
            )
        membership = memberships.order_by("id").first()
        if membership is None:
            raise InvalidInput(
                f"Geen persoon met rol {sorted(role)} voor {organisation or 'de koper'}.",
                code="scenario-unknown-person",
            )
        return membership.user

    def buyer(self, step: dict[str, Any]):
        return self.person(step.get("by"), role={"procurement_officer", "project_leader"})

    def supplier(self, step: dict[str, Any], operator: Organisation):
        return self.person(step.get("by"), role={"supplier"}, organisation=operator)

    def round(self, number: Any):
        if number is None:
            return self.procedure.rounds.order_by("-number").first()
        return self.procedure.rounds.get(number=int(number))


# Each action: (run, step, now) -> None. The actions only translate the file into service calls.
ACTIONS: dict[str, Callable[[Run, dict[str, Any], dt.datetime], Any]] = {}


def action(name: str):
    def register(fn):
        ACTIONS[name] = fn
        return fn

    return register


@action("create")
def _create(run: Run, step, now):
    from innopartner.procedures import services

    buyers = step.get("buyers") or []
    lead = next((b for b in buyers if b.get("lead")), buyers[0] if buyers else None)
    if lead is None:
        raise InvalidInput("'create' noemt ten minste één koper (buyers).", code="scenario-invalid")
    lead_org = run.org(lead["organisation"])
    actor = (
        run.person(
            step.get("by"), role={"procurement_officer", "project_leader"}, organisation=None
        )
        if step.get("by")
        else Membership.objects.filter(
            organisation=lead_org,
            role__in=["procurement_officer", "project_leader"],
            user__in=run.people.values(),
        )
        .order_by("id")
        .first()
        .user
    )
    run.procedure = services.procedure_create(
        title=step.get("title", run.scenario.title),
        procedure_type_code=run.scenario.procedure_type,
        lead_buyer=lead_org,
        now=now,
        actor=actor,
        slug=step.get("slug", run.scenario.case),
        reference=step.get("reference", ""),
        directive=step.get("directive", "2014/24"),
        subject_kind=step.get("subject_kind", "supplies"),
    )
    for other in buyers:
        if other is lead:
            continue
        services.procedure_buyer_add(
            procedure=run.procedure,
            authority=run.org(other["organisation"]),
            role=other.get("role", ""),
            now=now,
            actor=actor,
        )


@action("prepare")
def _prepare(run: Run, step, now):
    from innopartner.procedures import services

    fields = dict(step.get("set") or {})
    services.preparation_update(procedure=run.procedure, now=now, actor=run.buyer(step), **fields)


@action("choose_procedure")
def _choose(run: Run, step, now):
    from innopartner.procedures import services

    services.procedure_choice_record(
        procedure=run.procedure,
        reasons=step["reasons"],
        alternatives=step.get("alternatives", []),
        now=now,
        actor=run.buyer(step),
    )


@action("consult")
def _consult(run: Run, step, now):
    from innopartner.procedures import services

    services.consultation_record(
        procedure=run.procedure,
        kind=step["kind"],
        held_on=parse_moment(step.get("held_on", now)).date(),
        learned=step["learned"],
        with_whom=step.get("with_whom", ""),
        participants=step.get("participants"),
        now=now,
        actor=run.buyer(step),
    )


@action("documents")
def _documents(run: Run, step, now):
    """Requirements, selection criteria, award criteria, phases, performance levels and purchase
    items in one step, as a buyer drafts the procurement documents."""
    from innopartner.procedures import services

    actor, procedure = run.buyer(step), run.procedure
    for item in step.get("requirements", []):
        text, minimum = (
            (item, False) if isinstance(item, str) else (item["text"], item.get("minimum", False))
        )
        ref = services.requirement_add(
            procedure=procedure, text=text, is_minimum=minimum, now=now, actor=actor
        )
        if isinstance(item, dict) and item.get("ref"):
            run.refs[item["ref"]] = ref
    for item in step.get("selection_criteria", []):
        services.selection_criterion_add(
            procedure=procedure,
            text=item["text"],
            covers_rd_capacity=item.get("rd_capacity", False),
            now=now,
            actor=actor,
        )
    for item in step.get("award_criteria", []):
        services.award_criterion_add(
            procedure=procedure,
            name=item["name"],
            kind=item.get("kind", "quality"),
            weight=item["weight"],
            scale_min=item.get("scale_min", 0),
            scale_max=item.get("scale_max", 10),
            description=item.get("description", ""),
            now=now,
            actor=actor,
        )
    for number, item in enumerate(step.get("phases", []), start=procedure.phase_plans.count() + 1):
        services.phase_plan_add(
            procedure=procedure,
            number=number,
            name=item["name"],
            gate_kind=item["gate"],
            description=item.get("description", ""),
            duration_months=item.get("months"),
            budget_per_partner=_money(item.get("budget_per_partner")),
            gate_continue_count=item.get("continue"),
            gate_criteria=item.get("gate_criteria", ""),
            targets=[
                t if isinstance(t, str) else (t["text"], t.get("minimum", True))
                for t in item.get("targets", [])
            ],
            instalments=[(i["description"], i["amount"]) for i in item.get("instalments", [])],
            now=now,
            actor=actor,
        )
    for item in step.get("performance_levels", []):
        services.performance_level_add(
            procedure=procedure,
            name=item["name"],
            target=item["target"],
            unit=item.get("unit", ""),
            higher_is_better=item.get("higher_is_better", True),
            now=now,
            actor=actor,
        )
    for item in step.get("purchase_items", []):
        services.purchase_item_add(
            procedure=procedure,
            name=item["name"],
            max_unit_price=item["max_unit_price"],
            unit=item.get("unit", "stuk"),
            expected_quantity=item.get("expected_quantity"),
            now=now,
            actor=actor,
        )


@action("change_requirement")
def _change_requirement(run: Run, step, now):
    from innopartner.procedures import services

    deadline = (
        parse_moment(step["resubmission_deadline"]) if step.get("resubmission_deadline") else None
    )
    services.requirement_change(
        requirement=run.refs[step["requirement"]],
        text=step["text"],
        now=now,
        actor=run.buyer(step),
        resubmission_deadline=deadline,
        explanation=step.get("explanation", ""),
    )


@action("change_award_criterion")
def _change_award_criterion(run: Run, step, now):
    from innopartner.procedures import services

    criterion = run.procedure.award_criteria.get(name=step["criterion"])
    services.award_criterion_change(
        criterion=criterion, weight=_money(step.get("weight")), now=now, actor=run.buyer(step)
    )


@action("publish_pin")
def _publish_pin(run: Run, step, now):
    from innopartner.procedures import services

    services.notice_pin_publish(
        procedure=run.procedure,
        channel=step.get("channel", "tenderned"),
        summary=step.get("summary", ""),
        now=now,
        actor=run.buyer(step),
    )


@action("publish_notice")
def _publish_notice(run: Run, step, now):
    from innopartner.procedures import services

    services.notice_publish(
        procedure=run.procedure,
        requests_deadline=parse_moment(step["requests_deadline"]),
        channel=step.get("channel", "tenderned"),
        call_type=step.get("call", "contract_notice"),
        now=now,
        actor=run.buyer(step),
    )


@action("register_interest")
def _interest(run: Run, step, now):
    from innopartner.participation import services

    for operator in run.orgs_of(step["operators"]):
        services.interest_register(
            procedure=run.procedure, operator=operator, now=now, actor=run.supplier(step, operator)
        )


@action("request")
def _request(run: Run, step, now):
    from innopartner.participation import services

    for operator in run.orgs_of(step["operators"]):
        services.request_submit(
            procedure=run.procedure,
            operator=operator,
            now=now,
            actor=run.supplier(step, operator),
            statement=step.get("statement", ""),
        )


@action("assess")
def _assess(run: Run, step, now):
    from innopartner.participation import services

    actor = run.buyer(step)
    for key, reason in (step.get("qualified") or {}).items():
        request = run.procedure.requests.get(operator=run.org(key))
        services.request_assess(
            request=request, qualified=True, assessment=reason, now=now, actor=actor
        )
    for key, reason in (step.get("not_qualified") or {}).items():
        request = run.procedure.requests.get(operator=run.org(key))
        services.request_assess(
            request=request, qualified=False, assessment=reason, now=now, actor=actor
        )


@action("invite")
def _invite(run: Run, step, now):
    from innopartner.participation import services

    reasons = {run.org(k).name: v for k, v in (step.get("reasons") or {}).items()}
    services.candidates_invite(
        procedure=run.procedure,
        operators=run.orgs_of(step["operators"]),
        fewer_reason=step.get("fewer_reason", ""),
        reasons=reasons,
        now=now,
        actor=run.buyer(step),
    )


@action("ask")
def _ask(run: Run, step, now):
    from innopartner.negotiation import services

    operator = run.org(step["operator"])
    question = services.question_ask(
        procedure=run.procedure,
        operator=operator,
        text=step["text"],
        now=now,
        actor=run.supplier(step, operator),
    )
    if step.get("ref"):
        run.refs[step["ref"]] = question


@action("answer")
def _answer(run: Run, step, now):
    from innopartner.negotiation import services

    services.question_answer(
        question=run.refs[step["question"]],
        answer=step["text"],
        to_all=step.get("to_all", True),
        private_reason=step.get("private_reason", ""),
        now=now,
        actor=run.buyer(step),
    )


@action("publish_answers")
def _publish_answers(run: Run, step, now):
    from innopartner.negotiation import services

    services.answers_publish(procedure=run.procedure, now=now, actor=run.buyer(step))


@action("meeting")
def _meeting(run: Run, step, now):
    from innopartner.negotiation import services

    services.meeting_record(
        procedure=run.procedure,
        kind=step["kind"],
        held_at=now,
        minutes=step["minutes"],
        agenda=step.get("agenda", ""),
        attendees=step.get("attendees"),
        operator=run.org(step["operator"]) if step.get("operator") else None,
        now=now,
        actor=run.buyer(step),
    )


@action("open_round")
def _open_round(run: Run, step, now):
    from innopartner.tendering import services

    services.round_open(
        procedure=run.procedure,
        kind=step["kind"],
        deadline=parse_moment(step["deadline"]),
        price_required=step.get("price_required", True),
        now=now,
        actor=run.buyer(step),
    )


def _tender_content(run: Run, operator: Organisation, tender_round, spec: dict[str, Any]) -> bytes:
    text = spec.get("content") or (
        f"Inschrijving van {operator.name} in ronde {tender_round.number} van {run.scenario.title}."
    )
    return text.encode("utf-8")


@action("submit_tenders")
def _submit_tenders(run: Run, step, now):
    """Tenders of several operators; each entry: operator key -> {price, content, file}."""
    from innopartner.tendering import services

    tender_round = run.round(step.get("round"))
    for key, spec in (step.get("tenders") or {}).items():
        spec = spec or {}
        operator = run.org(key)
        services.tender_submit(
            tender_round=tender_round,
            operator=operator,
            now=now,
            actor=run.supplier(spec, operator),
            content=_tender_content(run, operator, tender_round, spec),
            filename=spec.get("file", f"inschrijving-ronde-{tender_round.number}.pdf"),
            price=_money(spec.get("price")),
        )


@action("withdraw_tender")
def _withdraw(run: Run, step, now):
    from innopartner.tendering import services
    from innopartner.tendering.models import Tender

    operator = run.org(step["operator"])
    tender = run.round(step.get("round")).tenders.get(
        operator=operator, status=Tender.Status.SUBMITTED
    )
    services.tender_withdraw(tender=tender, now=now, actor=run.supplier(step, operator))


@action("replace_tender")
def _replace(run: Run, step, now):
    from innopartner.tendering import services
    from innopartner.tendering.models import Tender

    operator = run.org(step["operator"])
    tender_round = run.round(step.get("round"))
    tender = tender_round.tenders.get(operator=operator, status=Tender.Status.SUBMITTED)
    services.tender_replace(
        tender=tender,
        content=_tender_content(run, operator, tender_round, step),
        filename=step.get("file", "inschrijving-vervangen.pdf"),
        price=_money(step.get("price")),
        now=now,
        actor=run.supplier(step, operator),
    )


@action("open_tenders")
def _open_tenders(run: Run, step, now):
    """The four-eyes opening: ``by`` starts it, ``confirmed_by`` (another person) confirms."""
    from innopartner.tendering import services

    tender_round = run.round(step.get("round"))
    opening = services.tenders_opening_start(
        tender_round=tender_round, now=now, actor=run.buyer(step)
    )
    second = (
        run.person(step.get("confirmed_by"), role={"procurement_officer", "project_leader"})
        if step.get("confirmed_by")
        else None
    )
    if second is None:
        raise InvalidInput(
            "'open_tenders' noemt een tweede persoon (confirmed_by).", code="scenario-invalid"
        )
    services.tenders_opening_confirm(opening=opening, now=now, actor=second)


@action("score")
def _score(run: Run, step, now):
    """Every evaluator named scores each tender independently; the committee then records the
    consensus. ``scores``: operator key -> criterion name -> score."""
    from innopartner.evaluation import services
    from innopartner.tendering.models import Tender

    tender_round = run.round(step.get("round"))
    evaluators = [run.people[name] for name in step.get("evaluators", [])]
    if not evaluators:
        evaluators = [
            m.user
            for m in Membership.objects.filter(
                user__in=run.people.values(), role="evaluator"
            ).order_by("id")
        ]
    criteria = {c.name: c for c in run.procedure.award_criteria.all()}
    chair = run.buyer(step)
    for key, by_criterion in (step.get("scores") or {}).items():
        tender = tender_round.tenders.get(operator=run.org(key), status=Tender.Status.SUBMITTED)
        if by_criterion.get("compliant") is False:
            services.tender_compliance_record(
                tender=tender,
                compliant=False,
                now=now,
                actor=chair,
                note=by_criterion.get("note", "voldoet niet aan de minimumeisen"),
            )
            continue
        for name, score in by_criterion.items():
            if name in ("compliant", "note"):
                continue
            if name not in criteria:
                raise InvalidInput(
                    f"Onbekend gunningscriterium '{name}'.", code="scenario-unknown-criterion"
                )
            for evaluator in evaluators:
                services.score_submit(
                    tender=tender,
                    criterion=criteria[name],
                    score=score,
                    now=now,
                    justification=f"Beoordeling van {name} op basis van de inschrijving.",
                    actor=evaluator,
                )
            services.consensus_record(
                tender=tender,
                criterion=criteria[name],
                score=score,
                now=now,
                justification=f"Consensus van de commissie over {name}.",
                actor=chair,
            )


@action("negotiate")
def _negotiate(run: Run, step, now):
    from innopartner.negotiation import services
    from innopartner.participation.selectors import remaining_participants

    tender_round = run.round(step.get("round"))
    minutes = step.get("minutes") or {}
    pairs = [
        (
            o,
            minutes.get(
                next((k for k, v in run.orgs.items() if v.pk == o.pk), ""),
                "Onderhandelingsgesprek over de inschrijving gevoerd; verbeterpunten besproken.",
            ),
        )
        for o in remaining_participants(procedure=run.procedure)
    ]
    services.round_negotiate(
        tender_round=tender_round, minutes=pairs, now=now, actor=run.buyer(step)
    )


@action("reduce")
def _reduce(run: Run, step, now):
    from innopartner.negotiation import services

    reasons = {run.org(k).name: v for k, v in (step.get("reasons") or {}).items()}
    services.tenders_reduce(
        tender_round=run.round(step.get("round")),
        eliminate=run.orgs_of(step["eliminate"]),
        reasons=reasons,
        now=now,
        actor=run.buyer(step),
    )


@action("award")
def _award(run: Run, step, now):
    from innopartner.award import services

    services.award_decide(
        procedure=run.procedure,
        winners=run.orgs_of(step["winners"]),
        reasons=step["reasons"],
        reasons_per_tenderer={
            run.org(k).name: v for k, v in (step.get("per_tenderer") or {}).items()
        },
        now=now,
        actor=run.buyer(step),
    )


@action("sign")
def _sign(run: Run, step, now):
    from innopartner.award import services

    services.agreement_sign(
        procedure=run.procedure,
        now=now,
        actor=run.buyer(step),
        standstill_exception=step.get("exception", ""),
        exception_reason=step.get("exception_reason", ""),
        value=_money(step.get("value")),
        duration_years=step.get("duration_years"),
    )


@action("publish_award_notice")
def _award_notice(run: Run, step, now):
    from innopartner.award import services

    services.award_notice_publish(procedure=run.procedure, now=now, actor=run.buyer(step))


@action("assess_targets")
def _assess_targets(run: Run, step, now):
    """``results``: operator key -> {met: true|false|[per target], score, assessment}."""
    from innopartner.partnership import services

    phase = run.procedure.phase_plans.get(number=int(step["phase"]))
    targets = list(phase.targets.all())
    for key, spec in step["results"].items():
        met = spec.get("met", True)
        per_target = met if isinstance(met, list) else [met] * len(targets)
        services.targets_assess(
            procedure=run.procedure,
            operator=run.org(key),
            phase_number=phase.number,
            results={i + 1: bool(m) for i, m in enumerate(per_target)},
            assessment=spec.get("assessment", "Resultaat beoordeeld tegen de tussendoelen."),
            gate_score=spec.get("score"),
            now=now,
            actor=run.buyer(step),
        )


@action("pay_instalment")
def _pay(run: Run, step, now):
    from innopartner.partnership import services

    for operator in run.orgs_of(step["operators"]):
        services.instalment_pay(
            procedure=run.procedure,
            operator=operator,
            phase_number=int(step["phase"]),
            instalment=step.get("instalment", 1),
            now=now,
            actor=run.buyer(step),
        )


@action("gate")
def _gate(run: Run, step, now):
    from innopartner.partnership import services

    continuing = run.orgs_of(step["continuing"]) if "continuing" in step else None
    services.gate_decide(
        procedure=run.procedure,
        phase_number=int(step["phase"]),
        reasons=step["reasons"],
        continuing=continuing,
        end_partnership=step.get("end_partnership", False),
        now=now,
        actor=run.buyer(step),
    )


@action("start_purchase")
def _purchase(run: Run, step, now):
    from innopartner.partnership import services

    services.purchase_start(
        procedure=run.procedure,
        operator=run.org(step["operator"]),
        measured=step.get("measured", {}),
        prices=step.get("prices", {}),
        now=now,
        actor=run.buyer(step),
    )


@action("call_off")
def _call_off(run: Run, step, now):
    from innopartner.partnership import services

    buyer = run.org(step["buyer"])
    actor = (
        run.person(
            step.get("by"), role={"procurement_officer", "project_leader"}, organisation=buyer
        )
        if not step.get("by")
        else run.people[step["by"]]
    )
    services.call_off_place(
        procedure=run.procedure,
        buyer=buyer,
        item_name=step["item"],
        quantity=step["quantity"],
        now=now,
        actor=actor,
    )


@action("complete")
def _complete(run: Run, step, now):
    from innopartner.partnership import services

    services.procedure_complete(
        procedure=run.procedure,
        reason=step.get("reason", "afgerond"),
        now=now,
        actor=run.buyer(step),
    )


@action("cancel")
def _cancel(run: Run, step, now):
    from innopartner.procedures import services

    services.procedure_cancel(
        procedure=run.procedure, reason=step["reason"], now=now, actor=run.buyer(step)
    )


def _setup(run: Run, now: dt.datetime) -> None:
    """Organisations and people of the scenario (reused when they already exist by name)."""
    orgs = run.scenario.organisations
    for item in orgs.get("buyers", []):
        existing = Organisation.objects.filter(
            name=item["name"], kind=Organisation.Kind.AUTHORITY
        ).first()
        run.orgs[item["key"]] = existing or parties.authority_create(
            name=item["name"],
            authority_type=item.get("type", "other"),
            country=item.get("country", "NL"),
            kvk_number=str(item.get("kvk", "")),
            now=now,
        )
    for item in orgs.get("operators", []):
        # Reuse an operator of another loaded case only if it is the same company.
        existing = Organisation.objects.filter(
            name=item["name"],
            kind=Organisation.Kind.OPERATOR,
            country=item.get("country", "NL"),
            kvk_number=str(item.get("kvk", "")),
        ).first()
        run.orgs[item["key"]] = existing or parties.operator_create(
            name=item["name"],
            country=item.get("country", "NL"),
            kvk_number=str(item.get("kvk", "")),
            foreign_registration=str(item.get("registration", "")),
            is_sme=item.get("sme", False),
            now=now,
        )
    for item in orgs.get("consortia", []):
        existing = Organisation.objects.filter(
            name=item["name"], kind=Organisation.Kind.CONSORTIUM
        ).first()
        run.orgs[item["key"]] = existing or parties.consortium_create(
            name=item["name"],
            lead=run.org(item["lead"]),
            members=run.orgs_of(item["members"]),
            now=now,
        )
    for item in orgs.get("others", []):
        existing = Organisation.objects.filter(name=item["name"]).first()
        run.orgs[item["key"]] = existing or Organisation.objects.create(
            name=item["name"], kind=Organisation.Kind.OTHER, created_at=now
        )
    for person in run.scenario.people:
        run.people[person["username"]] = parties.person_add(
            username=person["username"],
            organisation=run.org(person["organisation"]),
            role=person["role"],
            full_name=person.get("name", ""),
            now=now,
        )


def run_scenario(scenario: Scenario) -> ScenarioResult:
    """Run every step in order. Stops at the first refusal that the step did not expect."""
    run = Run(scenario)
    refusals: list[str] = []

    def result(failure: ScenarioFailed | None = None) -> ScenarioResult:
        procedure = Procedure.objects.get(pk=run.procedure.pk) if run.procedure else None
        return ScenarioResult(
            case=scenario.case,
            procedure_type=scenario.procedure_type,
            procedure=procedure,
            final_state=procedure.stage if procedure else "not_created",
            funnel=[s.as_dict() for s in procedure_funnel(procedure)] if procedure else [],
            refusals_rehearsed=refusals,
            failure=failure,
        )

    first_at = parse_moment(scenario.steps[0].get("at", "2020-01-01"))
    try:
        _setup(run, first_at)
    except DomainError as exc:
        return result(
            ScenarioFailed(case=scenario.case, step_number=0, step={"do": "setup"}, error=exc)
        )
    previous_at = None
    for number, step in enumerate(scenario.steps, start=1):
        name = step.get("do")
        handler = ACTIONS.get(name)
        if handler is None:
            return result(
                ScenarioFailed(
                    case=scenario.case,
                    step_number=number,
                    step=step,
                    error=InvalidInput(
                        f"Onbekende stap '{name}'; bekend zijn: {', '.join(sorted(ACTIONS))}.",
                        code="scenario-unknown-step",
                    ),
                )
            )
        if "at" not in step:
            return result(
                ScenarioFailed(
                    case=scenario.case,
                    step_number=number,
                    step=step,
                    error=InvalidInput(
                        "Elke stap heeft een tijdstip 'at'.", code="scenario-invalid"
                    ),
                )
            )
        now = parse_moment(step["at"])
        if previous_at is not None and now < previous_at:
            return result(
                ScenarioFailed(
                    case=scenario.case,
                    step_number=number,
                    step=step,
                    error=InvalidInput(
                        f"De stap ligt vóór de vorige ({previous_at.isoformat()}); "
                        "de tijd loopt alleen vooruit.",
                        code="scenario-time-goes-backwards",
                    ),
                )
            )
        previous_at = now
        expected_refusal = step.get("expect_refusal")
        try:
            handler(run, step, now)
        except DomainError as exc:
            if expected_refusal and exc.code == expected_refusal:
                refusals.append(exc.code)
                continue
            return result(
                ScenarioFailed(case=scenario.case, step_number=number, step=step, error=exc)
            )
        except (KeyError, TypeError, ValueError) as exc:
            return result(
                ScenarioFailed(
                    case=scenario.case,
                    step_number=number,
                    step=step,
                    error=InvalidInput(f"Fout in de stap: {exc!r}", code="scenario-invalid"),
                )
            )
        if expected_refusal:
            return result(
                ScenarioFailed(
                    case=scenario.case,
                    step_number=number,
                    step=step,
                    error=f"verwachtte weigering '{expected_refusal}', maar de stap slaagde",
                )
            )
    outcome = result()
    return _check_expectations(scenario, outcome)


def _check_expectations(scenario: Scenario, outcome: ScenarioResult) -> ScenarioResult:
    expect = scenario.expect
    problems = []
    if "final_state" in expect and expect["final_state"] != outcome.final_state:
        problems.append(f"eindtoestand {outcome.final_state}, verwacht {expect['final_state']}")
    if "funnel" in expect:
        wanted = [{"stage": s["stage"], "count": s["count"]} for s in expect["funnel"]]
        if wanted != outcome.funnel:
            problems.append(f"trechter {outcome.funnel}, verwacht {wanted}")
    if problems:
        outcome.failure = ScenarioFailed(
            case=scenario.case,
            step_number=len(scenario.steps),
            step={"do": "expect"},
            error="; ".join(problems),
        )
    return outcome


# Steps that other apps contribute (decision support, risks) register themselves on import.
from innopartner.decisions import scenario_actions as _decision_steps  # noqa: E402, F401
from innopartner.risks import scenario_actions as _risk_steps  # noqa: E402, F401
