"""Rules of the request and selection phase."""

from __future__ import annotations

import datetime as dt

from innopartner.core.exceptions import RuleViolation


def ensure_request_in_time(*, requests_deadline: dt.datetime, now: dt.datetime) -> None:
    """Art. 31(1): requests are received within the time limit of the notice; a late request
    is refused, not kept. As for tenders, the deadline itself is too late: a request must be
    in before it."""
    if now >= requests_deadline:
        raise RuleViolation(
            f"De termijn voor verzoeken tot deelneming is verstreken op "
            f"{requests_deadline:%d-%m-%Y %H:%M} (request too late).",
            code="request-after-deadline",
            article="Art. 31(1) Richtlijn 2014/24/EU",
        )


def ensure_selection_after_deadline(*, requests_deadline: dt.datetime, now: dt.datetime) -> None:
    """Selection starts once all requests are in, so that every candidate is treated alike."""
    if now <= requests_deadline:
        raise RuleViolation(
            "De selectie begint pas na de sluitingstermijn voor verzoeken tot deelneming.",
            code="selection-before-request-deadline",
            article="Art. 18(1) Richtlijn 2014/24/EU (gelijke behandeling)",
        )


def ensure_invitation_count(
    *,
    invited: int,
    qualified: int,
    candidates_min: int,
    candidates_max: int | None,
    fewer_reason: str,
) -> None:
    """[5] Art. 65(2): invite at least the minimum announced in the notice. If fewer candidates
    qualify, continue with all who qualify, and record why. Never more than the maximum."""
    if invited > qualified:
        raise RuleViolation(
            "Er worden meer gegadigden uitgenodigd dan er geschikt zijn bevonden.",
            code="invitee-not-qualified",
            article="Art. 65(2) Richtlijn 2014/24/EU",
        )
    if candidates_max is not None and invited > candidates_max:
        raise RuleViolation(
            f"Ten hoogste {candidates_max} gegadigden mogen worden uitgenodigd (aankondiging).",
            code="candidates-above-maximum",
            article="Art. 65(2) Richtlijn 2014/24/EU",
        )
    if invited >= candidates_min:
        return
    if invited < qualified:
        raise RuleViolation(
            f"Nodig ten minste {candidates_min} gegadigden uit; zijn er minder geschikt, nodig "
            "dan alle geschikte gegadigden uit (too few candidates invited).",
            code="too-few-candidates-invited",
            article="Art. 65(2) Richtlijn 2014/24/EU",
        )
    if not fewer_reason.strip():
        raise RuleViolation(
            f"Er zijn minder dan {candidates_min} geschikte gegadigden; leg vast waarom de "
            "procedure met hen doorgaat.",
            code="fewer-candidates-reason-missing",
            article="Art. 65(2) Richtlijn 2014/24/EU",
        )


def ensure_invitee_applied_and_qualified(*, applied: bool, qualified: bool, name: str) -> None:
    """[5] Art. 65(2): an operator that did not apply or did not pass selection is never
    invited."""
    if not applied:
        raise RuleViolation(
            f"{name} heeft geen verzoek tot deelneming gedaan en kan niet worden uitgenodigd.",
            code="invitee-did-not-apply",
            article="Art. 65(2) Richtlijn 2014/24/EU",
        )
    if not qualified:
        raise RuleViolation(
            f"{name} is niet geschikt bevonden en kan niet worden uitgenodigd.",
            code="invitee-not-qualified",
            article="Art. 65(2) Richtlijn 2014/24/EU",
        )
