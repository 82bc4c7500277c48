"""Reads of the market consultation, with confidentiality built in.

A respondent's idea is confidential to the buyer (Art. 21 Dir. 2014/24/EU): only the buyer's
staff read responses (:func:`responses_for_buyer`); the public page and the consultation
report are built here from fields that never include an idea, and name a respondent only
with the summary it consented to publish."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from innopartner.core.exceptions import NotFound
from innopartner.procedures.models import MarketConsultationEntry, Procedure
from innopartner.procedures.permissions import ensure_buyer_staff, is_buyer_staff

from .models import ChallengePage, ChallengeResponse, FindingDecision


def page_public(public_id) -> ChallengePage:
    """The page at its public address: published or withdrawn; a draft does not exist yet."""
    page = (
        ChallengePage.objects.select_related("procedure")
        .filter(public_id=public_id)
        .exclude(status=ChallengePage.Status.DRAFT)
        .first()
    )
    if page is None:
        raise NotFound("Deze uitdagingspagina bestaat niet.", code="challenge-page-not-found")
    return page


def pages_open() -> list[ChallengePage]:
    """Published challenge pages whose procedure has no notice yet: the challenges a company
    can still respond to. Title and buyer only; nothing of any response."""
    return list(
        ChallengePage.objects.filter(
            status=ChallengePage.Status.PUBLISHED, procedure__notice_dispatched_at__isnull=True
        )
        .select_related("procedure")
        .prefetch_related("procedure__buyers__authority")
        .order_by("-published_at")
    )


def page_for_buyer(*, procedure: Procedure, user) -> ChallengePage | None:
    ensure_buyer_staff(procedure=procedure, user=user)
    return ChallengePage.objects.filter(procedure=procedure).first()


def responses_for_buyer(*, procedure: Procedure, user) -> list[ChallengeResponse]:
    """Every response with its idea: for the procedure's buyer staff only."""
    ensure_buyer_staff(procedure=procedure, user=user)
    return list(ChallengeResponse.objects.filter(page__procedure=procedure))


def activities(procedure: Procedure) -> list[MarketConsultationEntry]:
    return list(
        MarketConsultationEntry.objects.filter(procedure=procedure)
        .select_related("activity")
        .order_by("held_on", "id")
    )


def trail(procedure: Procedure) -> list[FindingDecision]:
    return list(
        FindingDecision.objects.filter(procedure=procedure).select_related("entry", "decided_by")
    )


@dataclass(frozen=True)
class ReportActivity:
    kind: str
    held_on: object
    participants: int | None
    learned: str


@dataclass(frozen=True)
class ReportSummary:
    organisation_name: str
    kind: str
    summary: str


@dataclass
class ConsultationReport:
    """The marktconsultatieverslag: what was done, what was learned, what was decided."""

    procedure_title: str
    page_title: str
    need: str
    published_at: object
    activities: list[ReportActivity] = field(default_factory=list)
    response_counts: dict[str, int] = field(default_factory=dict)
    response_total: int = 0
    summaries: list[ReportSummary] = field(default_factory=list)
    decisions: list[tuple[str, str, str]] = field(default_factory=list)


def consultation_report(page: ChallengePage) -> ConsultationReport:
    """Built only from what may be published: the buyer's own records of activities (kind,
    date, number of participants, what was learned; never the attendees or the minutes),
    the number of responses per kind, the summaries respondents consented to publish (with
    their name), and the findings with the decisions they led to."""
    procedure = page.procedure
    responses = ChallengeResponse.objects.filter(page=page)
    labels = dict(ChallengeResponse.Kind.choices)
    counts = Counter(r.kind for r in responses)
    return ConsultationReport(
        procedure_title=procedure.title,
        page_title=page.title,
        need=page.need,
        published_at=page.published_at,
        activities=[
            ReportActivity(
                kind=e.get_kind_display(),
                held_on=e.held_on,
                participants=e.participants,
                learned=e.learned,
            )
            for e in activities(procedure)
        ],
        response_counts={labels[k]: counts[k] for k in labels if counts[k]},
        response_total=sum(counts.values()),
        summaries=[
            ReportSummary(
                organisation_name=r.organisation_name,
                kind=r.get_kind_display(),
                summary=r.public_summary,
            )
            for r in responses
            if r.summary_consent and r.public_summary
        ],
        decisions=[(d.finding, d.get_topic_display(), d.decision) for d in trail(procedure)],
    )


def report_visible(page: ChallengePage, user) -> bool:
    """The public sees the report once published; the buyer's staff see the draft."""
    if page.status == ChallengePage.Status.PUBLISHED and page.report_published_at:
        return True
    return is_buyer_staff(procedure=page.procedure, user=user)


EXPORT_COLUMNS = (
    ("received_at", "ontvangen"),
    ("organisation_name", "organisatie"),
    ("kvk_number", "KvK-nummer"),
    ("contact_person", "contactpersoon"),
    ("email", "e-mail"),
    ("kind", "soort"),
    ("idea", "idee of vraag"),
    ("summary_consent", "toestemming publicatie samenvatting"),
    ("public_summary", "samenvatting voor publicatie"),
)


def export_rows(*, procedure: Procedure, user) -> list[list]:
    """The responses as rows (header first) for the buyer's CSV and XLSX export."""
    from innopartner.core.timeutil import AMSTERDAM

    rows: list[list] = [[label for _, label in EXPORT_COLUMNS]]
    for r in responses_for_buyer(procedure=procedure, user=user):
        row = []
        for name, _label in EXPORT_COLUMNS:
            value = getattr(r, name)
            if name == "received_at":
                value = (
                    value.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M") + " (Europe/Amsterdam)"
                )
            elif name == "kind":
                value = r.get_kind_display()
            elif name == "summary_consent":
                value = "ja" if value else "nee"
            row.append(_safe_cell(value))
        rows.append(row)
    return rows


def _safe_cell(value):
    """Text typed by the public must not run as a formula in a spreadsheet (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_csv(*, procedure: Procedure, user) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows(export_rows(procedure=procedure, user=user))
    return buffer.getvalue()


def export_xlsx(*, procedure: Procedure, user) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Reacties"
    for row in export_rows(procedure=procedure, user=user):
        # control characters typed by the public are not allowed in XLSX; drop them
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
