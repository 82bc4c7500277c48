"""The score sheet of a round: per tender and award criterion the committee's consensus score
(or, for price and cost, the price) and the weighted points, with totals and ranks, exactly as
``evaluation.selectors.round_ranking`` computes them. Never an evaluator's individual score.
Only after the round's opening (Art. 22(3)), for the buyer's staff and auditors."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from innopartner.core.exceptions import NotFound, RuleViolation
from innopartner.evaluation.models import ConsensusScore
from innopartner.evaluation.selectors import round_ranking
from innopartner.procedures.models import Procedure
from innopartner.tendering.models import TenderRound

HEADER = [
    "ronde",
    "rang",
    "inschrijver",
    "criterium",
    "soort",
    "weging",
    "score of prijs",
    "punten",
    "totaal",
]


@dataclass(frozen=True)
class SheetRow:
    round: int
    rank: int
    tenderer: str
    criterion: str
    kind: str
    weight: Decimal
    value: Decimal | None
    points: Decimal | None
    total: Decimal

    def as_list(self) -> list:
        return [
            self.round,
            self.rank,
            self.tenderer,
            self.criterion,
            self.kind,
            self.weight,
            self.value,
            self.points,
            self.total,
        ]


def scored_round(procedure: Procedure, number: int) -> TenderRound:
    tender_round = procedure.rounds.filter(number=number).first()
    if tender_round is None:
        raise NotFound(f"Ronde {number} bestaat niet.", code="round-not-found")
    if not tender_round.is_opened:
        raise RuleViolation(
            "Het scoreblad bestaat pas na de opening van de inschrijvingen.",
            code="round-not-opened",
            article="Art. 22(3) Richtlijn 2014/24/EU",
        )
    return tender_round


def score_rows(tender_round: TenderRound) -> list[SheetRow]:
    criteria = list(tender_round.procedure.award_criteria.all())
    ranking = round_ranking(tender_round)
    consensus = {
        (str(c.tender_id), str(c.criterion_id)): c.score
        for c in ConsensusScore.objects.filter(tender__round=tender_round)
    }
    rows = []
    for tender, ranked in ranking:
        for criterion in criteria:
            key = str(criterion.pk)
            if criterion.kind == "quality":
                value = consensus.get((str(tender.pk), key))
            else:
                value = tender.price
            rows.append(
                SheetRow(
                    round=tender_round.number,
                    rank=ranked.rank,
                    tenderer=tender.operator.name,
                    criterion=criterion.name,
                    kind=criterion.kind,
                    weight=criterion.weight,
                    value=value,
                    points=ranked.points.get(key),
                    total=ranked.total,
                )
            )
    return rows


def scoresheet_csv(tender_round: TenderRound) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    for row in score_rows(tender_round):
        writer.writerow(["" if v is None else v for v in row.as_list()])
    return buffer.getvalue().encode("utf-8-sig")  # the BOM lets Excel read UTF-8


def scoresheet_xlsx(tender_round: TenderRound) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Scores"
    sheet.append(HEADER)
    rows = score_rows(tender_round)
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row.as_list()])
    ranking = workbook.create_sheet("Rangorde")
    ranking.append(["rang", "inschrijver", "totaal"])
    seen = set()
    for row in rows:
        if row.tenderer not in seen:
            seen.add(row.tenderer)
            ranking.append([row.rank, row.tenderer, float(row.total)])
    for ws in (sheet, ranking):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    procedure = tender_round.procedure
    workbook.properties.title = f"Scoreblad ronde {tender_round.number}: {procedure.title}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
