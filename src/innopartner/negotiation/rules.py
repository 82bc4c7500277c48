"""Rules of the negotiation: equal information, confidentiality, successive reduction."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from innopartner.core.exceptions import RuleViolation
from innopartner.procedures.rules import ensure_stage
from innopartner.procedures.types import Stage

# Words that mark a consent as a general waiver rather than a specific disclosure.
_BLANKET = re.compile(
    r"\b(alle|all|any|elke|iedere|alles|everything|anything|general|algemeen|onbeperkt|"
    r"unlimited|unrestricted|whatever)\b",
    re.IGNORECASE,
)


def ensure_specific_consent(*, item_named: bool, disclosure: str, recipient_count: int) -> None:
    """[11] Art. 31(4) and (6), Art. 21: confidential information is passed on only with the
    participant's consent to a specific intended disclosure of specific information; a general
    waiver is refused."""
    article = "Art. 21 en 31(4), (6) Richtlijn 2014/24/EU"
    if not item_named:
        raise RuleViolation(
            "Toestemming noemt de informatie waarop zij betrekking heeft.",
            code="consent-blanket",
            article=article,
        )
    if len(disclosure.strip()) < 10 or _BLANKET.search(disclosure):
        raise RuleViolation(
            "Toestemming moet een specifieke, beoogde openbaarmaking beschrijven; een algemene "
            "afstandsverklaring is geen toestemming (blanket consent refused).",
            code="consent-blanket",
            article=article,
        )
    if recipient_count == 0:
        raise RuleViolation(
            "Toestemming noemt aan wie de informatie wordt verstrekt.",
            code="consent-blanket",
            article=article,
        )


def ensure_disclosure_covered(
    *, consent_item_matches: bool, consent_used: bool, recipients_covered: bool
) -> None:
    """[11] A disclosure needs a consent for that item and those recipients, used once."""
    article = "Art. 21 en 31(4), (6) Richtlijn 2014/24/EU"
    if not consent_item_matches:
        raise RuleViolation(
            "Deze toestemming gaat over andere informatie.",
            code="consent-does-not-cover-item",
            article=article,
        )
    if consent_used:
        raise RuleViolation(
            "Deze toestemming is al gebruikt.", code="consent-already-used", article=article
        )
    if not recipients_covered:
        raise RuleViolation(
            "De toestemming dekt niet alle ontvangers.",
            code="consent-does-not-cover-recipients",
            article=article,
        )


def ensure_round_negotiable(*, stage: str, kind: str, opened: bool, negotiated: bool) -> None:
    """[7] Art. 31(3): in the negotiation stage the buyer negotiates on the opened tenders of
    each round except the final one, once per round. The service and the rounds page's
    selector both ask this, so they cannot disagree on whether a round can be negotiated."""
    ensure_stage(stage=stage, allowed=[Stage.NEGOTIATION], action="onderhandelen")
    if kind == "final":
        raise RuleViolation(
            "Over de definitieve inschrijvingen wordt niet onderhandeld.",
            code="final-tender-not-negotiable",
            article="Art. 31(3) Richtlijn 2014/24/EU",
        )
    if not opened:
        raise RuleViolation("Open eerst de inschrijvingen van deze ronde.", code="round-not-opened")
    if negotiated:
        raise RuleViolation("Over deze ronde is al onderhandeld.", code="round-already-negotiated")


def ensure_negotiation_with_all(*, met: set[object], remaining: set[object]) -> None:
    """[7] Art. 31(4): equal treatment; the buyer negotiates with every remaining tenderer of
    the round, and with nobody who no longer takes part."""
    if met != remaining:
        raise RuleViolation(
            "Onderhandel met elke overgebleven inschrijver (gelijke behandeling).",
            code="negotiation-not-with-all",
            article="Art. 31(4) Richtlijn 2014/24/EU",
        )


def ensure_round_reducible(
    *, stage: str, announced: bool, kind: str, opened: bool, later_round: bool
) -> None:
    """[10] Art. 31(5): in the negotiation stage, if the documents announced it, tenders are
    eliminated after an opened (and scored) round that is not the final one, before the next
    round is opened."""
    ensure_stage(stage=stage, allowed=[Stage.NEGOTIATION], action="reductie")
    ensure_reduction_allowed(announced=announced)
    if kind == "final":
        raise RuleViolation(
            "Na de definitieve inschrijving volgt gunning, geen reductie.",
            code="reduction-after-final",
        )
    if not opened:
        raise RuleViolation("Open en beoordeel eerst de inschrijvingen.", code="round-not-opened")
    if later_round:
        # Between negotiation stages: once the next round is open, an earlier ranking no longer
        # decides who stays (the eliminated tenderer's later tender would stay live and rank).
        raise RuleViolation(
            "Reductie volgt op de laatste ronde, vóór de volgende ronde wordt geopend.",
            code="reduction-not-on-latest-round",
            article="Art. 31(5) Richtlijn 2014/24/EU",
        )


def ensure_reduction_allowed(*, announced: bool) -> None:
    """[10] Art. 31(5): tenders are eliminated between negotiation stages only if the documents
    announced successive reduction."""
    if not announced:
        raise RuleViolation(
            "Afvallen tussen onderhandelingsrondes is alleen mogelijk als de stukken dat "
            "aankondigden.",
            code="reduction-not-announced",
            article="Art. 31(5) Richtlijn 2014/24/EU",
        )


def ensure_reduction_follows_ranking(
    *, ranks: dict[str, int], eliminated: Sequence[str], remaining_after: int
) -> None:
    """[10] Elimination applies the published award criteria: nobody is dropped while a lower
    ranked tender stays, and somebody stays."""
    if remaining_after < 1:
        raise RuleViolation(
            "Na reductie blijft ten minste één inschrijver over.",
            code="reduction-leaves-nobody",
            article="Art. 31(5) Richtlijn 2014/24/EU",
        )
    kept = [rank for key, rank in ranks.items() if key not in eliminated]
    for key in eliminated:
        if key not in ranks:
            raise RuleViolation(
                "Een inschrijver zonder score op de gunningscriteria kan niet afvallen.",
                code="reduction-without-scores",
                article="Art. 31(5) Richtlijn 2014/24/EU",
            )
        if kept and ranks[key] < max(kept):
            raise RuleViolation(
                "Reductie volgt de rangorde op de gepubliceerde gunningscriteria: een hoger "
                "geëindigde inschrijver valt niet af terwijl een lager geëindigde blijft.",
                code="reduction-against-ranking",
                article="Art. 31(5) Richtlijn 2014/24/EU",
            )


def ensure_elimination_by_ranking(
    *, ranks: Mapping[str, int], remaining: Sequence[str], eliminated: Sequence[tuple[str, str]]
) -> None:
    """[10] Art. 31(5): who is eliminated follows the ranking of the round's scored tenders on
    the published award criteria. ``ranks`` holds the rank of each scored tender by tenderer,
    ``remaining`` the tenderers still in the race, ``eliminated`` the (key, name) of those to
    drop. A remaining tenderer without a scored tender counts as ranked last, so nobody is
    dropped while it stays, and it cannot itself be dropped on this round's ranking."""
    unranked = 10**6
    ensure_reduction_follows_ranking(
        ranks={key: ranks.get(key, unranked) for key in remaining},
        eliminated=[key for key, _name in eliminated],
        remaining_after=len(remaining) - len(eliminated),
    )
    for key, name in eliminated:
        if key not in ranks:
            raise RuleViolation(
                f"{name} heeft geen gescoorde inschrijving in deze ronde.",
                code="reduction-without-scores",
                article="Art. 31(5) Richtlijn 2014/24/EU",
            )


def ensure_answer_publication(*, to_all: bool, private_reason: str) -> None:
    """[12] Art. 31(4): clarifications go to all remaining tenderers at once. An answer goes to
    the asker alone only when it concerns the asker's own confidential solution, and then the
    reason is recorded."""
    if not to_all and not private_reason.strip():
        raise RuleViolation(
            "Een antwoord gaat naar alle gegadigden tegelijk, tenzij het alleen de eigen "
            "vertrouwelijke oplossing van de vragensteller betreft; leg die reden vast.",
            code="answer-must-go-to-all",
            article="Art. 31(4) Richtlijn 2014/24/EU",
        )


ANSWER_APPROVAL_SOURCE = (
    "procedure-instelling (vier ogen; praktijk, geen wettelijke eis); Art. 31(4) "
    "Richtlijn 2014/24/EU"
)


def ensure_answer_approvable(
    *, drafted: bool, published: bool, drafter_id: object, approver_id: object
) -> None:
    """Four eyes on answers: a colleague other than the drafter approves the draft before it
    is published. Not law but practice (PIANOo); the buyer turns it on per procedure. Whoever
    approves, it is never the drafter, or approving would add nothing."""
    if published:
        raise RuleViolation(
            "Dit antwoord is al gepubliceerd.",
            code="answer-already-published",
            article=ANSWER_APPROVAL_SOURCE,
        )
    if not drafted:
        raise RuleViolation(
            "Er is nog geen conceptantwoord om goed te keuren.",
            code="answer-not-drafted",
            article=ANSWER_APPROVAL_SOURCE,
        )
    if drafter_id is not None and drafter_id == approver_id:
        raise RuleViolation(
            "Wie het antwoord opstelde, keurt het niet zelf goed: een tweede collega doet dat "
            "(vier ogen).",
            code="answer-approver-is-drafter",
            article=ANSWER_APPROVAL_SOURCE,
        )


def ensure_answers_approved(
    *, approval_required: bool, approved: int, unapproved: Sequence[object]
) -> None:
    """With the approval step on, only approved answers are published; drafts still awaiting
    approval wait for a later publication. Publishing when only unapproved drafts wait is
    refused, so that nobody mistakes "nothing approved" for "nothing to do"."""
    if approval_required and approved == 0 and unapproved:
        raise RuleViolation(
            f"{len(unapproved)} conceptantwoord(en) zijn nog niet goedgekeurd door een tweede "
            "collega; alleen goedgekeurde antwoorden worden gepubliceerd.",
            code="answer-not-approved",
            article=ANSWER_APPROVAL_SOURCE,
        )
