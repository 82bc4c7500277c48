"""Choice of procedure: a guided set of questions and the advice they lead to.

Pure functions, no ORM. The decision follows the heuristics of DOMAIN.md §3 ("derived, not
law") and the articles behind them; every step that decides adds a reason that cites its
article, so that the buyer sees why, and :func:`what_would_change` shows which single answer,
answered otherwise, would change the advice.

The order of the questions is the order of the decision:

1. Is research and development needed, and is nothing on the market that meets the need?
   Only then is an innovation partnership allowed (Art. 31(1) second subpara.) and is
   pre-commercial procurement meaningful (Art. 14; COM(2007) 799).
2. Without R&D: a solution on the market as it is, specified precisely -> open or restricted
   procedure (Art. 26(2), 27, 28); adaptation, design or innovative elements, or a need that
   can be specified functionally only -> competitive procedure with negotiation (Art. 26(4)(a),
   29), or competitive dialogue when the authority cannot define the means (Art. 30,
   recital 42).
3. With R&D: no purchase after development -> PCP; a buyer who cannot carry the risk that the
   development fails, or a market without appetite for a partnership, or an acceptance issue
   without a high risk appetite -> PCP (the risk is spread over competing suppliers and phases,
   the purchase is a separate tender); otherwise -> innovation partnership (Art. 31).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from innopartner.core.exceptions import InvalidInput

RECOMMENDATIONS = (
    "innovation_partnership",
    "pcp",
    "competitive_negotiation",
    "competitive_dialogue",
    "open_or_restricted",
)
LEVELS = ("low", "medium", "high")
MARKET = ("none", "needs_adaptation", "as_is")

#: Each question: key, the question in Dutch, and its possible answers.
QUESTIONS: dict[str, tuple[str, tuple[Any, ...]]] = {
    "rd_needed": ("Is onderzoek en ontwikkeling nodig?", (True, False)),
    "solution_on_market": (
        "Is er een oplossing op de markt? (none: nee; needs_adaptation: ja, maar die moet "
        "worden aangepast; as_is: ja, zoals ze is)",
        MARKET,
    ),
    "functional_only": ("Is de behoefte alleen functioneel te specificeren?", (True, False)),
    "purchase_at_scale": (
        "Wil de opdrachtgever het resultaat na de ontwikkeling op schaal afnemen?",
        (True, False),
    ),
    "risk_appetite": ("Hoeveel risico kan de opdrachtgever dragen?", LEVELS),
    "market_appetite": ("Hoeveel animo toonde de markt in de marktconsultatie?", LEVELS),
    "acceptance_issue": ("Speelt ruimtelijke of maatschappelijke acceptatie?", (True, False)),
    "cofunding": ("Is er cofinanciering of subsidie?", (True, False)),
    "means_definable": (
        "Kan de opdrachtgever de middelen (de technische weg) zelf bepalen?",
        (True, False),
    ),
}


@dataclass(frozen=True)
class Answers:
    rd_needed: bool
    solution_on_market: str
    functional_only: bool
    purchase_at_scale: bool
    risk_appetite: str
    market_appetite: str
    acceptance_issue: bool
    cofunding: bool
    means_definable: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Advice:
    recommendation: str
    reasons: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {"recommendation": self.recommendation, "reasons": list(self.reasons)}


def parse_answers(data: Mapping[str, Any]) -> Answers:
    """Answers from a mapping (a scenario step, a form, JSON). Every question must be answered
    with one of its answers; unknown keys are refused, so that a typo is not silently ignored."""
    if not isinstance(data, Mapping):
        raise InvalidInput(
            "De antwoorden zijn een lijst van vraag: antwoord.", code="answers-invalid"
        )
    unknown = sorted(set(data) - set(QUESTIONS))
    if unknown:
        raise InvalidInput(
            f"Onbekende vragen: {', '.join(unknown)}; bekend zijn: {', '.join(QUESTIONS)}.",
            code="answers-unknown-question",
        )
    missing = [key for key in QUESTIONS if key not in data]
    if missing:
        raise InvalidInput(
            f"Niet beantwoord: {', '.join(missing)}.", code="answers-missing", missing=missing
        )
    values = {}
    for key, (_question, options) in QUESTIONS.items():
        value = data[key]
        if isinstance(value, str) and options == (True, False):
            value = {"true": True, "yes": True, "ja": True, "false": False, "no": False}.get(
                value.strip().lower(), value
            )
        if value not in options or type(value) is not type(options[0]):
            raise InvalidInput(
                f"'{key}' heeft als antwoord een van {', '.join(map(str, options))}, "
                f"niet {value!r}.",
                code="answers-invalid",
                question=key,
            )
        values[key] = value
    return Answers(**values)


def _supporting_facts(a: Answers) -> list[str]:
    """Facts that argue against committing to a development inside the procedure."""
    facts = []
    if a.risk_appetite == "low":
        facts.append("de opdrachtgever kan weinig risico dragen")
    if a.market_appetite == "low":
        facts.append("de markt toonde weinig animo")
    if a.acceptance_issue:
        facts.append("ruimtelijke of maatschappelijke acceptatie is onzeker")
    return facts


def _without_rd(a: Answers, reasons: list[str]) -> str:
    if a.solution_on_market == "as_is" and not a.functional_only:
        reasons.append(
            "Een oplossing is zoals ze is op de markt en de behoefte is precies te specificeren: "
            "een openbare of niet-openbare procedure volstaat (Art. 26(2), 27 en 28 Richtlijn "
            "2014/24/EU)."
        )
        return "open_or_restricted"
    grounds = []
    if a.solution_on_market == "needs_adaptation":
        grounds.append("de beschikbare oplossing moet worden aangepast (Art. 26(4)(a)(i))")
    if a.solution_on_market == "none":
        grounds.append("de opdracht omvat ontwerp of innovatieve oplossingen (Art. 26(4)(a)(ii))")
    if a.functional_only:
        grounds.append(
            "de technische specificaties zijn niet nauwkeurig genoeg op te stellen "
            "(Art. 26(4)(a)(iv))"
        )
    reasons.append(
        "Geen onderzoek en ontwikkeling nodig, maar wel onderhandeling of dialoog: "
        + "; ".join(grounds)
        + "."
    )
    if not a.means_definable:
        reasons.append(
            "De opdrachtgever kan de middelen niet zelf bepalen: de concurrentiegerichte dialoog "
            "laat alle aspecten open tot een oplossing is gevonden (Art. 30 en overweging 42 "
            "Richtlijn 2014/24/EU); gunning alleen op beste prijs-kwaliteitverhouding."
        )
        return "competitive_dialogue"
    reasons.append(
        "De opdrachtgever kan de middelen bepalen: de mededingingsprocedure met onderhandeling "
        "(Art. 29 Richtlijn 2014/24/EU; minimumeisen en gunningscriteria zijn niet "
        "onderhandelbaar, Art. 29(3))."
    )
    return "competitive_negotiation"


def _with_rd(a: Answers, reasons: list[str]) -> str:
    reasons.append(
        "Onderzoek en ontwikkeling zijn nodig en geen oplossing op de markt voorziet in de "
        "behoefte: een innovatiepartnerschap is toegestaan (Art. 31(1) tweede alinea) en "
        "precommercieel inkopen is zinvol (Art. 14; COM(2007) 799)."
    )
    if not a.purchase_at_scale:
        reasons.append(
            "Er is geen afname na de ontwikkeling voorzien: precommercieel inkopen (PCP/SBIR) "
            "koopt alleen onderzoek en ontwikkeling in, buiten de richtlijn (Art. 14); voor een "
            "latere afname is een nieuwe aanbesteding nodig."
        )
        return "pcp"
    # An acceptance issue decides only for a buyer who cannot carry much risk.
    decisive = _supporting_facts(
        replace(a, acceptance_issue=a.acceptance_issue and a.risk_appetite != "high")
    )
    if decisive:
        reasons.append(
            "Afname is gewenst, maar "
            + " en ".join(decisive)
            + ": een innovatiepartnerschap verbindt de afname aan het slagen van de ontwikkeling "
            "(Art. 31(2)). Precommercieel inkopen spreidt het risico over concurrerende "
            "ontwikkelaars en fasen en laat de afname aan een aparte aanbesteding (PPI) "
            "(DOMAIN.md §3: lage risicobereidheid pleit voor PCP; COM(2007) 799)."
        )
        return "pcp"
    reasons.append(
        "De opdrachtgever wil het resultaat zonder nieuwe aanbesteding afnemen tegen vooraf "
        "afgesproken prestatieniveaus en maximale kosten: het innovatiepartnerschap (Art. 31(2) "
        "Richtlijn 2014/24/EU; art. 2.31a-2.31b en 2.126b-2.126d Aw 2012). Onderhandeling is "
        "verplicht (Art. 31(3)), gunning op beste prijs-kwaliteitverhouding (Art. 31(1), 67), "
        "in fasen met tussendoelen en een uitstapmogelijkheid na elke fase (Art. 31(2))."
    )
    if a.acceptance_issue:
        reasons.append(
            "Acceptatie is onzeker, maar de opdrachtgever kan veel risico dragen: neem "
            "acceptatie op in de tussendoelen van de fasen (Art. 31(2))."
        )
    reasons.append(
        "Let op de evenredigheid: de waarde van de afname mag niet onevenredig zijn aan de "
        "investering in de ontwikkeling (Art. 31(7))."
    )
    return "innovation_partnership"


def recommend(answers: Answers) -> Advice:
    """The advice for one set of answers, with its reasons."""
    a, reasons = answers, []
    if a.rd_needed and a.solution_on_market == "none":
        recommendation = _with_rd(a, reasons)
    else:
        if a.rd_needed:
            reasons.append(
                "Er is een oplossing op de markt: een innovatiepartnerschap mag alleen als de "
                "behoefte niet met wat al op de markt is kan worden vervuld (Art. 31(1) tweede "
                "alinea). Wie verder wil ontwikkelen zonder af te nemen, kan PCP overwegen."
            )
        recommendation = _without_rd(a, reasons)
        facts = _supporting_facts(a)
        if facts:
            reasons.append(
                "Ook deze feiten pleiten tegen een innovatiepartnerschap, dat de afname aan het "
                "slagen van de ontwikkeling verbindt (Art. 31(2); DOMAIN.md §3): "
                + "; ".join(facts)
                + "."
            )
    if a.cofunding:
        reasons.append(
            "Cofinanciering of subsidie: volg de voorwaarden van de financier (EU-programma's "
            "financieren PCP en PPI); PCP gebeurt tegen marktvoorwaarden om staatssteun te "
            "vermijden (Kader O&O&I 2014/C 198/01, punt 33); in een innovatiepartnerschap kan een "
            "bijdrage van de partner het intellectueel eigendom bepalen (Art. 31(6))."
        )
    return Advice(recommendation=recommendation, reasons=reasons)


def what_would_change(answers: Answers) -> list[dict[str, Any]]:
    """For every answer that, answered otherwise (one question at a time), changes the
    recommendation: the question, the current and the other answer, and the new advice."""
    base = recommend(answers).recommendation
    changes = []
    for field in fields(Answers):
        _question, options = QUESTIONS[field.name]
        current = getattr(answers, field.name)
        for other in options:
            if other == current:
                continue
            advice = recommend(replace(answers, **{field.name: other})).recommendation
            if advice != base:
                changes.append(
                    {
                        "question": field.name,
                        "answer": current,
                        "changed_to": other,
                        "recommendation": advice,
                    }
                )
    return changes


def assess(data: Mapping[str, Any]) -> dict[str, Any]:
    """Parse, recommend and find the sensitivities in one go (for services and the CLI)."""
    answers = parse_answers(data)
    advice = recommend(answers)
    return {
        "answers": answers.as_dict(),
        "recommendation": advice.recommendation,
        "reasons": advice.reasons,
        "what_would_change": what_would_change(answers),
    }
