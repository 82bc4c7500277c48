"""Rules of the award: ranking, standstill period and the award notice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from innopartner.core.exceptions import RuleViolation
from innopartner.core.timeutil import AMSTERDAM

STANDSTILL_DAYS = 20  # Aw 2012 art. 2.127(2): at least 20 calendar days
AWARD_NOTICE_DAYS = 30  # Art. 50(1) Dir. 2014/24/EU

# Aw 2012 art. 2.127(4) (read with art. 2.32 and 2.131): the standstill does not apply when no
# prior publication was required, when the only tenderer concerned is the one awarded and there
# are no candidates concerned, or for a call-off under a framework agreement or a DPS.
STANDSTILL_EXCEPTIONS = {
    "no_publication_required": "geen voorafgaande aankondiging verplicht",
    "single_tenderer_no_candidates": (
        "enige betrokken inschrijver is de gegunde, geen betrokken gegadigden"
    ),
    "framework_call_off": "nadere opdracht onder raamovereenkomst of DAS",
}


def standstill_dates(*, sent_on: dt.date) -> tuple[dt.date, dt.date]:
    """[17] The standstill starts the day after the award decision is sent and lasts 20
    calendar days; the contract may be concluded on the day after it ends, i.e. from
    ``sent_on + 21 days``. Returns (last day of the standstill, earliest signing day)."""
    last_day = sent_on + dt.timedelta(days=STANDSTILL_DAYS)
    return last_day, last_day + dt.timedelta(days=1)


def ensure_standstill_over(
    *, earliest_signing: dt.date, today: dt.date, exception: str, exception_reason: str
) -> None:
    """[17] Aw 2012 art. 2.127: no signing before the standstill has passed, unless an
    exception of art. 2.127(4) is recorded with its reason."""
    if exception:
        if exception not in STANDSTILL_EXCEPTIONS:
            raise RuleViolation(
                f"Onbekende uitzondering '{exception}'.",
                code="standstill-exception-unknown",
                article="art. 2.127(4) Aw 2012",
            )
        if not exception_reason.strip():
            raise RuleViolation(
                "Motiveer de uitzondering op de opschortende termijn.",
                code="standstill-exception-reason-missing",
                article="art. 2.127(4) Aw 2012",
            )
        return
    if today < earliest_signing:
        raise RuleViolation(
            f"De opschortende termijn loopt nog; de overeenkomst kan op zijn vroegst op "
            f"{earliest_signing:%d-%m-%Y} worden gesloten (standstill period not over).",
            code="standstill-not-over",
            article="art. 2.127 Aanbestedingswet 2012",
            earliest=earliest_signing.isoformat(),
        )


def ensure_award_on_final_tenders(
    *,
    negotiation_mandatory: bool,
    last_round_kind: str | None,
    last_round_number: int,
    last_round_opened: bool,
) -> None:
    """[7] Art. 31(3): in an innovation partnership the award follows negotiation, on the final
    tenders; BT-120 'no negotiation necessary' is always false."""
    if last_round_kind is None or not last_round_opened:
        raise RuleViolation(
            "Er zijn geen geopende inschrijvingen om op te gunnen.",
            code="no-opened-tenders",
            article="Art. 31(3) Richtlijn 2014/24/EU",
        )
    if negotiation_mandatory and (last_round_kind != "final" or last_round_number < 2):
        raise RuleViolation(
            "Een innovatiepartnerschap wordt gegund op de definitieve inschrijvingen, na "
            "onderhandeling over de eerdere inschrijvingen.",
            code="award-without-negotiation",
            article="Art. 31(3) Richtlijn 2014/24/EU",
        )


def ensure_winners_are_best_ranked(*, ranks: dict[str, int], winners: Sequence[str]) -> None:
    """[4] Art. 67: the award goes to the best price-quality ratio: the winners are the best
    ranked tenders, in that order."""
    if not winners:
        raise RuleViolation("Wijs ten minste één partner aan.", code="no-winner")
    unknown = [w for w in winners if w not in ranks]
    if unknown:
        raise RuleViolation(
            "Alleen een gerangschikte, geldige inschrijving kan winnen.",
            code="winner-not-ranked",
            article="Art. 67 Richtlijn 2014/24/EU",
        )
    worst_winner = max(ranks[w] for w in winners)
    losers_better = [k for k, r in ranks.items() if k not in winners and r < worst_winner]
    if losers_better:
        raise RuleViolation(
            "De gunning volgt de rangorde op de beste prijs-kwaliteitverhouding.",
            code="award-against-ranking",
            article="Art. 31(1) en 67 Richtlijn 2014/24/EU",
        )


def award_notice_due(*, concluded_at: dt.datetime) -> dt.datetime:
    """[18] Art. 50(1): the contract award notice is sent within 30 days of concluding."""
    # Calendar days in Dutch legal time, also when the moment arrives in UTC (see [2]).
    return concluded_at.astimezone(AMSTERDAM) + dt.timedelta(days=AWARD_NOTICE_DAYS)
