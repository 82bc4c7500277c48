"""Build documents from the record: the procurement document draft of a procedure, a decision
letter, the proces-verbaal of an opening. Each builder returns a
:class:`~innopartner.documents.model.Document`; the renderers turn it into DOCX or PDF.

The documents are Dutch legal texts (procurement documents and decisions of a Dutch
authority), so their content is written in Dutch whatever the interface language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.text import slugify

from innopartner.core.timeutil import AMSTERDAM
from innopartner.procedures.models import DecisionLetter, Procedure
from innopartner.procedures.selectors import estimated_value
from innopartner.procedures.services import publication_problems

from .model import DRAFT_MARKING, Bullets, Document, Facts, Para, Table, Verbatim

MONTHS = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()


def money(amount: Decimal | None) -> str:
    """'€ 900.000' or '€ 1.234,50' (Dutch notation); '—' when not set."""
    if amount is None:
        return "—"
    amount = Decimal(amount)
    whole = amount == amount.to_integral_value()
    text = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    return "€ " + text.replace(",", "_").replace(".", ",").replace("_", ".")


def number(value: Decimal | int | None) -> str:
    """A weight, score or target without trailing zeros, Dutch decimal comma."""
    if value is None:
        return "—"
    value = Decimal(value)
    text = f"{value.normalize():f}" if value != value.to_integral_value() else f"{value:.0f}"
    return text.replace(".", ",")


def day(value: dt.date | None) -> str:
    if value is None:
        return "—"
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def moment(value: dt.datetime | None) -> str:
    """Times in Europe/Amsterdam with the zone named."""
    if value is None:
        return "—"
    local = value.astimezone(AMSTERDAM)
    return f"{day(local.date())} {local:%H:%M} (Europe/Amsterdam)"


def yes_no(flag: bool) -> str:
    return "ja" if flag else "nee"


def missing_elements(procedure: Procedure) -> list[str]:
    """What still blocks publication, from the publication rules themselves (rule 3 and the
    rules checked with it, ``procedures.services.publication_problems``); empty when
    publishable. Every failing rule is listed, in the order a buyer would fix them: for rule 3
    the document elements it finds missing, for each other rule its message with its code and
    article."""
    lines: list[str] = []
    for problem in publication_problems(procedure):
        listed = problem.extra.get("missing")
        if listed:
            lines.extend(str(item) for item in listed)
            continue
        where = f" ({problem.article})" if problem.article else ""
        lines.append(f"{problem.message} [{problem.code}]{where}")
    return lines


def _authorities(procedure: Procedure) -> str:
    names = []
    for link in procedure.buyers.select_related("authority").order_by("-is_lead", "id"):
        names.append(link.authority.name + (" (penvoerder)" if link.is_lead else ""))
    return ", ".join(names) or "—"


def build_draft(procedure: Procedure, *, now: dt.datetime) -> Document:
    """The procurement documents drafted from the preparation record (Art. 31(1),(2),(5),(6);
    Art. 65, 66, 67; Aw 2012 art. 2.127), marked as a draft on every page."""
    ptype = procedure.type
    slug = procedure.slug or str(procedure.pk)[:8]
    doc = Document(
        title=f"Aanbestedingsleidraad (concept): {procedure.title}",
        subtitle=(
            f"{ptype.label_nl} · opgesteld uit het dossier op {moment(now)}. "
            "Dit concept is automatisch samengesteld uit de vastgelegde voorbereiding en "
            "vervangt geen juridische toets."
        ),
        marking=DRAFT_MARKING,
        filename=f"aanbestedingsleidraad-concept-{slug}",
    )
    missing = missing_elements(procedure)
    if missing:
        doc.section("Ontbrekende onderdelen: publicatie geblokkeerd", warning=True).add(
            Para(
                "De aankondiging kan niet worden gepubliceerd zolang deze onderdelen ontbreken "
                "(art. 31 lid 1, 2, 5 en 6 en art. 65 lid 2 Richtlijn 2014/24/EU):"
            ),
            Bullets(missing),
        )
    doc.section("Algemene gegevens").add(
        Facts(
            [
                ("Aanbestedende dienst(en)", _authorities(procedure)),
                ("Kenmerk", procedure.reference or "—"),
                ("Procedure", ptype.label_nl),
                ("Richtlijn", procedure.get_directive_display()),
                ("Soort opdracht", procedure.get_subject_kind_display()),
            ]
        )
    )
    _need(doc, procedure)
    _value(doc, procedure)
    _selection(doc, procedure)
    _award(doc, procedure)
    if ptype.has_rd_phases:
        _phases(doc, procedure)
    if ptype.has_purchase_phase:
        _purchase(doc, procedure)
    _ip(doc, procedure)
    if ptype.has_rd_phases:
        _termination(doc, procedure)
    _standstill(doc, procedure)
    return doc


def _need(doc: Document, procedure: Procedure) -> None:
    section = doc.section("1. Beschrijving van de behoefte")
    section.add(Para(procedure.need_description.strip() or "[nog niet beschreven]"))
    requirements = list(procedure.requirements.all())
    section.add(
        Para(
            "De eisen hieronder die als minimumeis zijn gemarkeerd, gelden voor elke inschrijving "
            "en zijn niet onderhandelbaar (art. 31 lid 1 en 3 Richtlijn 2014/24/EU)."
        )
    )
    if requirements:
        section.add(
            Table(
                ["Nr.", "Eis", "Minimumeis"],
                [
                    [str(i), r.text, yes_no(r.is_minimum)]
                    for i, r in enumerate(requirements, start=1)
                ],
            )
        )
    else:
        section.add(Para("[nog geen eisen vastgelegd]"))
    if procedure.partner_structure:
        partners = procedure.get_partner_structure_display()
        if procedure.intended_partners:
            partners += f" (beoogd aantal: {procedure.intended_partners})"
        section.add(
            Para(
                f"Het partnerschap wordt aangegaan met {partners} die afzonderlijke onderzoeks- "
                "en ontwikkelingsactiviteiten uitvoeren (art. 31 lid 1)."
            )
        )


def _value(doc: Document, procedure: Procedure) -> None:
    total = estimated_value(procedure)
    doc.section("2. Budget en geraamde waarde").add(
        Facts(
            [
                ("Budget", money(procedure.budget)),
                ("Geraamde waarde onderzoek en ontwikkeling", money(procedure.estimated_rd_value)),
                ("Geraamde waarde afname", money(procedure.estimated_purchase_value)),
                ("Geraamde totale waarde (art. 5 lid 10), excl. btw", money(total)),
                (
                    "Evenredigheid (art. 31 lid 7)",
                    procedure.proportionality_justification.strip() or "[nog niet onderbouwd]",
                ),
            ]
        )
    )


def _selection(doc: Document, procedure: Procedure) -> None:
    section = doc.section("3. Selectie van gegadigden")
    maximum = procedure.candidates_max
    section.add(
        Para(
            f"Ten minste {procedure.candidates_min or '[minimum]'} gegadigden worden uitgenodigd"
            + (f", ten hoogste {maximum}" if maximum else "")
            + ". Kwalificeren er minder, dan gaat de procedure verder met de gegadigden die "
            "kwalificeren (art. 65 lid 2 Richtlijn 2014/24/EU)."
        )
    )
    criteria = list(procedure.selection_criteria.all())
    if criteria:
        section.add(
            Table(
                [
                    "Nr.",
                    "Selectiecriterium",
                    "Capaciteit onderzoek en ontwikkeling (art. 31 lid 6)",
                ],
                [
                    [str(i), c.text, yes_no(c.covers_rd_capacity)]
                    for i, c in enumerate(criteria, start=1)
                ],
            )
        )
    else:
        section.add(Para("[nog geen selectiecriteria vastgelegd]"))


def _award(doc: Document, procedure: Procedure) -> None:
    section = doc.section("4. Gunningscriteria en beoordeling")
    section.add(
        Para(
            "De opdracht wordt gegund op basis van de beste prijs-kwaliteitverhouding "
            "(art. 31 lid 1 en art. 67 Richtlijn 2014/24/EU). De gunningscriteria en hun weging "
            "zijn niet onderhandelbaar (art. 31 lid 3)."
        )
    )
    criteria = list(procedure.award_criteria.all())
    if criteria:
        rows = [
            [
                c.name,
                c.get_kind_display(),
                f"{number(c.weight)}%",
                f"{number(c.scale_min)} tot {number(c.scale_max)}",
                c.description or "—",
            ]
            for c in criteria
        ]
        total = sum((c.weight for c in criteria), Decimal(0))
        rows.append(["Totaal", "", f"{number(total)}%", "", ""])
        section.add(Table(["Criterium", "Soort", "Weging", "Schaal", "Toelichting"], rows))
    else:
        section.add(Para("[nog geen gunningscriteria vastgelegd]"))
    facts = [
        ("Beoordelingsmethode", procedure.get_scoring_method_display()),
        ("Beoordeling van de prijs", procedure.get_price_scoring_display()),
    ]
    if procedure.price_bound_low is not None or procedure.price_bound_high is not None:
        facts.append(
            (
                "Prijsgrenzen",
                f"{money(procedure.price_bound_low)} tot {money(procedure.price_bound_high)}",
            )
        )
    if procedure.quality_point_value is not None:
        facts.append(("Waarde per kwaliteitspunt", money(procedure.quality_point_value)))
    facts.append(("Bij gelijke eindscore", procedure.get_tie_break_rule_display()))
    section.add(Facts(facts))
    if procedure.type.negotiation_mandatory:
        section.add(
            Para(
                "Over de eerste en de volgende inschrijvingen wordt onderhandeld, behalve over de "
                "definitieve inschrijving (art. 31 lid 3)."
            )
        )
    if procedure.successive_reduction:
        section.add(
            Para(
                "De onderhandelingen kunnen in opeenvolgende fasen verlopen, waarbij het aantal "
                "inschrijvingen waarover wordt onderhandeld wordt verminderd door toepassing van "
                "de gunningscriteria hierboven (art. 31 lid 5 en art. 66 Richtlijn 2014/24/EU)."
            )
        )
    else:
        section.add(
            Para(
                "Het aantal inschrijvingen wordt tijdens de onderhandelingen niet in opeenvolgende "
                "fasen verminderd (art. 31 lid 5)."
            )
        )


def _phases(doc: Document, procedure: Procedure) -> None:
    section = doc.section("5. Fasering, tussendoelen, termijnbetalingen en beslismomenten")
    section.add(
        Para(
            "Het partnerschap verloopt in opeenvolgende fasen volgens de stappen van het "
            "onderzoeks- en innovatieproces, met tussendoelen en een vergoeding in termijnen "
            "(art. 31 lid 2 Richtlijn 2014/24/EU)."
        )
    )
    phases = list(procedure.phase_plans.prefetch_related("targets", "instalments"))
    if not phases:
        section.add(Para("[nog geen fasering vastgelegd]"))
        return
    overview = []
    for phase in phases:
        instalments = list(phase.instalments.all())
        overview.append(
            [
                str(phase.number),
                phase.name,
                f"{phase.duration_months} maanden" if phase.duration_months else "—",
                money(phase.budget_per_partner),
                money(sum((i.amount for i in instalments), Decimal(0))),
                phase.get_gate_kind_display(),
            ]
        )
    section.add(
        Table(
            ["Fase", "Naam", "Duur", "Budget per partner", "Termijnen", "Beslismoment"],
            overview,
        )
    )
    for phase in phases:
        sub = doc.section(f"Fase {phase.number}: {phase.name}", level=2)
        if phase.description:
            sub.add(Para(phase.description))
        targets = list(phase.targets.all())
        sub.add(Para("Tussendoelen:", emphasis=True))
        sub.add(
            Bullets(
                [
                    t.description + (" (minimumeis voor doorgang)" if t.is_minimum else "")
                    for t in targets
                ]
                or ["[nog geen tussendoelen]"]
            )
        )
        instalments = list(phase.instalments.all())
        sub.add(Para("Termijnbetalingen:", emphasis=True))
        if instalments:
            sub.add(
                Table(
                    ["Termijn", "Bedrag"],
                    [[i.description, money(i.amount)] for i in instalments],
                )
            )
        else:
            sub.add(Para("[nog geen termijnbetaling]"))
        gate = f"Beslismoment na deze fase: {phase.get_gate_kind_display()}"
        if phase.gate_continue_count:
            gate += f"; aantal partners dat doorgaat: {phase.gate_continue_count}"
        sub.add(Para(gate + "."))
        if phase.gate_criteria:
            sub.add(Para(f"Criteria van het beslismoment: {phase.gate_criteria}"))


def _purchase(doc: Document, procedure: Procedure) -> None:
    section = doc.section("6. Prestatieniveaus en maximale kosten van de afname")
    section.add(
        Para(
            "Het resultaat wordt afgenomen wanneer het voldoet aan de overeengekomen "
            "prestatieniveaus en de maximale kosten (art. 31 lid 2 Richtlijn 2014/24/EU)."
        )
    )
    levels = list(procedure.performance_levels.all())
    if levels:
        section.add(
            Table(
                ["Prestatie", "Doel", "Eenheid", "Richting"],
                [
                    [
                        level.name,
                        number(level.target),
                        level.unit or "—",
                        "minimaal" if level.higher_is_better else "maximaal",
                    ]
                    for level in levels
                ],
            )
        )
    items = list(procedure.purchase_items.all())
    if items:
        section.add(
            Table(
                ["Afnamepost", "Eenheid", "Maximale prijs per eenheid", "Verwachte hoeveelheid"],
                [
                    [i.name, i.unit, money(i.max_unit_price), number(i.expected_quantity)]
                    for i in items
                ],
            )
        )
    section.add(Facts([("Maximale kosten van de afname", money(procedure.purchase_max_cost))]))


def _ip(doc: Document, procedure: Procedure) -> None:
    section = doc.section("7. Intellectueel eigendom")
    facts = [
        (
            "Regeling (art. 31 lid 6)",
            procedure.get_ip_arrangement_display() or "[nog niet gekozen]",
        )
    ]
    if procedure.ip_cofunding_share is not None:
        facts.append(
            (
                "Aandeel van de opdrachtgever in de financiering",
                f"{number(procedure.ip_cofunding_share)}%",
            )
        )
    if procedure.ip_details:
        facts.append(("Uitwerking", procedure.ip_details))
    section.add(Facts(facts))
    section.add(
        Para(
            "Oplossingen en andere vertrouwelijke informatie van een partner worden niet zonder "
            "diens toestemming aan andere partners bekendgemaakt; toestemming geldt alleen voor "
            "een bepaalde, voorgenomen bekendmaking van bepaalde informatie (art. 31 lid 4 en 6, "
            "art. 21)."
        )
    )


def _termination(doc: Document, procedure: Procedure) -> None:
    section = doc.section("8. Beëindiging en vermindering van het aantal partners")
    if procedure.termination_option:
        section.add(
            Para(
                "De aanbestedende dienst kan na afloop van elke fase, op basis van de "
                "tussendoelen, besluiten het innovatiepartnerschap te beëindigen of, bij meerdere "
                "partners, het aantal partners te verminderen door afzonderlijke opdrachten te "
                "beëindigen (art. 31 lid 2, laatste alinea, Richtlijn 2014/24/EU). Deze "
                "mogelijkheid geldt onder de volgende voorwaarden:"
            )
        )
    else:
        section.add(
            Para(
                "[De mogelijkheid tot beëindiging of vermindering na een fase is niet "
                "aangekruist; zonder deze vermelding in de stukken kan de dienst haar niet "
                "gebruiken (art. 31 lid 2).]"
            )
        )
    section.add(
        Para(procedure.termination_conditions.strip() or "[voorwaarden nog niet beschreven]")
    )
    section.add(
        Para(
            "Elk besluit na een fase wordt met redenen, getoetst aan de aangekondigde "
            "tussendoelen en criteria van het beslismoment, schriftelijk aan elke partner "
            "meegedeeld. Het verminderen van het aantal inschrijvingen tijdens de onderhandelingen "
            "gebeurt alleen op basis van de gunningscriteria (art. 66)."
        )
    )


def _standstill(doc: Document, procedure: Procedure) -> None:
    from innopartner.award.rules import STANDSTILL_DAYS, STANDSTILL_EXCEPTIONS

    section = doc.section("9. Gunningsbeslissing en opschortende termijn")
    section.add(
        Para(
            "De aanbestedende dienst deelt de gunningsbeslissing met redenen gelijktijdig "
            "schriftelijk mee aan alle betrokken inschrijvers en gegadigden. De opschortende "
            f"termijn van ten minste {STANDSTILL_DAYS} kalenderdagen begint op de dag na "
            "verzending; de overeenkomst wordt niet vóór afloop daarvan gesloten "
            "(art. 2.127 Aanbestedingswet 2012; art. 55 Richtlijn 2014/24/EU)."
        )
    )
    decision = getattr(procedure, "award_decision", None)
    if decision is not None:
        facts = [
            ("Gunningsbeslissing verzonden", moment(decision.sent_at)),
            ("Opschortende termijn tot en met", day(decision.standstill_ends)),
            ("Ondertekening vanaf", day(decision.earliest_signing)),
        ]
        if decision.standstill_exception:
            label = STANDSTILL_EXCEPTIONS.get(
                decision.standstill_exception, decision.standstill_exception
            )
            facts.append(
                (
                    "Uitzondering (art. 2.127 lid 4 Aw 2012)",
                    f"{label}: {decision.standstill_exception_reason}".rstrip(": "),
                )
            )
        section.add(Facts(facts))


LETTER_OPENINGS = {
    DecisionLetter.Kind.SELECTED: (
        "U bent geselecteerd en wordt uitgenodigd tot inschrijving in deze procedure."
    ),
    DecisionLetter.Kind.NOT_SELECTED: (
        "Uw verzoek tot deelneming heeft niet geleid tot een uitnodiging tot inschrijving."
    ),
    DecisionLetter.Kind.ELIMINATED: (
        "Uw inschrijving gaat niet door naar de volgende onderhandelingsronde "
        "(art. 31 lid 5 en art. 66 Richtlijn 2014/24/EU)."
    ),
    DecisionLetter.Kind.AWARD_INTENDED: (
        "Wij zijn voornemens de opdracht aan u te gunnen (voorlopige gunningsbeslissing)."
    ),
    DecisionLetter.Kind.AWARD_REJECTED: (
        "Wij zijn voornemens de opdracht niet aan u te gunnen (afwijzing van uw inschrijving)."
    ),
    DecisionLetter.Kind.GATE_CONTINUE: "U gaat door naar de volgende fase van het partnerschap.",
    DecisionLetter.Kind.GATE_STOP: (
        "Het partnerschap met u wordt na deze fase beëindigd (art. 31 lid 2 Richtlijn 2014/24/EU)."
    ),
    DecisionLetter.Kind.PARTNERSHIP_ENDED: "Het innovatiepartnerschap wordt beëindigd.",
}


def build_letter(letter: DecisionLetter) -> Document:
    """A decision letter as sent: addressee, date, decision, reasons, and for an award
    decision the end of the standstill period (Aw 2012 art. 2.127)."""
    procedure = letter.procedure
    lead = procedure.lead_buyer
    doc = Document(
        title=letter.get_kind_display().capitalize(),
        subtitle=f"{lead.name if lead else _authorities(procedure)}",
        filename=slugify(f"brief {letter.get_kind_display()} {str(letter.pk)[:8]}"),
    )
    doc.section("Gegevens").add(
        Facts(
            [
                ("Aan", letter.addressee.name),
                ("Verzonden", moment(letter.sent_at)),
                ("Betreft", procedure.title),
                ("Kenmerk", procedure.reference or str(procedure.pk)),
            ]
        )
    )
    body = doc.section("Beslissing")
    body.add(Para(LETTER_OPENINGS.get(letter.kind, letter.get_kind_display())))
    doc.section("Redenen").add(*[Para(part) for part in letter.reasons.split("\n") if part.strip()])
    if letter.standstill_ends:
        decision = getattr(procedure, "award_decision", None)
        facts = [("Opschortende termijn tot en met", day(letter.standstill_ends))]
        if decision is not None and decision.earliest_signing:
            facts.append(("Overeenkomst niet gesloten vóór", day(decision.earliest_signing)))
        doc.section("Opschortende termijn").add(
            Para(
                "De opschortende termijn begint op de dag na verzending van deze beslissing. "
                "Binnen deze termijn kunt u de beslissing aanvechten; de overeenkomst wordt niet "
                "eerder gesloten (art. 2.127 Aanbestedingswet 2012)."
            ),
            Facts(facts),
        )
    return doc


def build_official_record(opening) -> Document:
    """The proces-verbaal of an opening, reproduced exactly as it was drawn up at the
    confirmation (four eyes), with who opened and confirmed it."""
    tender_round = opening.round
    procedure = tender_round.procedure
    slug = procedure.slug or str(procedure.pk)[:8]
    doc = Document(
        title="Proces-verbaal van opening van de inschrijvingen",
        subtitle=f"{procedure.title} · ronde {tender_round.number}",
        filename=f"proces-verbaal-ronde-{tender_round.number}-{slug}",
    )
    doc.section("Opening").add(
        Facts(
            [
                ("Gestart door", f"{opening.started_by.username}, {moment(opening.started_at)}"),
                (
                    "Bevestigd door (tweede paar ogen)",
                    f"{opening.confirmed_by.username}, {moment(opening.confirmed_at)}",
                ),
            ]
        )
    )
    doc.section("Proces-verbaal zoals opgemaakt").add(Verbatim(opening.official_record.split("\n")))
    return doc
