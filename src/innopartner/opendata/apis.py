"""Open-data and exchange-format endpoints under /api/v1/. Thin: each reads through the
modules of this app, which decide what may be shown.

Access:
- OCDS of published procedures is open data: anyone, without logging in.
- The contract notice of a published procedure is public; before publication, and the award
  notice always, only the buyer's staff and auditors.
- Calendars: any logged-in user involved in the procedure (what they see depends on their
  role); calendar clients may pass their API token as ``?token=`` because they cannot send
  headers.
- Score sheets: the buyer's staff and auditors, after the round's opening.
Refusals are DomainErrors, rendered as problem details by the API's exception handler.
"""

from __future__ import annotations

import json

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from innopartner.api.authentication import VerifiedSessionAuthentication
from innopartner.core.exceptions import NotAllowed, NotFound
from innopartner.procedures.selectors import procedure_by_ref

from . import calendar, eforms, ocds, scoresheets
from .permissions import ensure_may_read_internals, may_read_internals


# --- rendering ------------------------------------------------------------------------------
class _BytesRenderer(BaseRenderer):
    """Serves the bytes a view made as they are; anything else (an error) as JSON."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return json.dumps(data, ensure_ascii=False).encode("utf-8")


class OcdsJsonRenderer(_BytesRenderer):
    media_type = "application/json"
    format = "json"


class XmlRenderer(_BytesRenderer):
    media_type = "application/xml"
    format = "xml"


class IcsRenderer(_BytesRenderer):
    media_type = "text/calendar"
    format = "ics"


class XlsxRenderer(_BytesRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"


class CsvRenderer(_BytesRenderer):
    media_type = "text/csv"
    format = "csv"


class FirstRenderer(BaseContentNegotiation):
    """A file endpoint serves one format whatever the client accepts (calendar clients and
    browsers send many different Accept headers)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class QueryTokenAuthentication(TokenAuthentication):
    """The API token as ``?token=...``, for calendar subscriptions only."""

    def authenticate(self, request):
        key = request.query_params.get("token")
        if not key:
            return None
        return self.authenticate_credentials(key)


class QueryTokenScheme(OpenApiAuthenticationExtension):
    target_class = "innopartner.opendata.apis.QueryTokenAuthentication"
    name = "calendarToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "query", "name": "token"}


AUTH = [TokenAuthentication, VerifiedSessionAuthentication]
REFUSALS = {
    401: OpenApiResponse(description="Niet aangemeld (problem details)"),
    403: OpenApiResponse(description="Deze rol mag dit niet zien (problem details)"),
    404: OpenApiResponse(description="Onbekend of niet zichtbaar (problem details)"),
    409: OpenApiResponse(description="Kan in deze toestand niet worden gemaakt (problem details)"),
}


def _doc(summary: str, media_type: str, *, codes=(401, 403, 404, 409)):
    return extend_schema(
        summary=summary,
        tags=["open data"],
        responses={
            (200, media_type): OpenApiTypes.BINARY
            if not media_type.endswith("json")
            else OpenApiTypes.OBJECT,
            **{code: REFUSALS[code] for code in codes},
        },
    )


class _FileApi(APIView):
    authentication_classes = AUTH
    permission_classes = [IsAuthenticated]
    content_negotiation_class = FirstRenderer
    filename = "export"

    def file(self, content: bytes, filename: str, *, inline: bool = False) -> Response:
        response = Response(content)
        disposition = "inline" if inline else "attachment"
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
        return response


# --- OCDS -----------------------------------------------------------------------------------
class _OcdsApi(_FileApi):
    permission_classes = [AllowAny]
    renderer_classes = [OcdsJsonRenderer]

    def json(self, data) -> Response:
        return Response(json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))

    def public_procedure(self, ref: str):
        procedure = procedure_by_ref(ref)
        if not ocds.is_public(procedure):
            # Not published: it does not exist for open data.
            raise NotFound(f"Geen gepubliceerde procedure '{ref}'.", code="procedure-not-found")
        return procedure


class OcdsReleasePackageApi(_OcdsApi):
    """All published procedures as one OCDS release package."""

    @_doc(
        "OCDS 1.1.5-releasepakket van alle gepubliceerde procedures (open data)",
        "application/json",
        codes=(),
    )
    def get(self, request):
        return self.json(
            ocds.release_package(
                ocds.public_procedures(), uri=request.build_absolute_uri(), now=timezone.now()
            )
        )


class OcdsRecordPackageApi(_OcdsApi):
    """All published procedures as one OCDS record package."""

    @_doc(
        "OCDS 1.1.5-recordpakket van alle gepubliceerde procedures (open data)",
        "application/json",
        codes=(),
    )
    def get(self, request):
        return self.json(
            ocds.record_package(
                ocds.public_procedures(), uri=request.build_absolute_uri(), now=timezone.now()
            )
        )


class OcdsProcedureReleasesApi(_OcdsApi):
    @_doc("De OCDS-releases van één gepubliceerde procedure", "application/json", codes=(404,))
    def get(self, request, ref: str):
        procedure = self.public_procedure(ref)
        return self.json(
            ocds.release_package([procedure], uri=request.build_absolute_uri(), now=timezone.now())
        )


class OcdsProcedureRecordApi(_OcdsApi):
    @_doc("Het OCDS-record van één gepubliceerde procedure", "application/json", codes=(404,))
    def get(self, request, ref: str):
        procedure = self.public_procedure(ref)
        return self.json(
            ocds.record_package([procedure], uri=request.build_absolute_uri(), now=timezone.now())
        )


# --- eForms ---------------------------------------------------------------------------------
class NoticeApi(_FileApi):
    """The eForms contract notice (cn) or contract award notice (can) as XML."""

    permission_classes = [AllowAny]
    renderer_classes = [XmlRenderer]
    kind = "cn"

    def get(self, request, ref: str):
        procedure = procedure_by_ref(ref)
        public = self.kind == "cn" and procedure.is_published
        if not public:
            if not request.user.is_authenticated:
                raise exceptions.NotAuthenticated()
            ensure_may_read_internals(procedure=procedure, user=request.user)
        documents_url = request.build_absolute_uri(
            f"/api/v1/ocds/procedures/{procedure.pk}/record/"
        )
        xml = eforms.notice_xml(
            procedure, kind=self.kind, now=timezone.now(), documents_url=documents_url
        )
        return self.file(xml, f"{procedure.slug or procedure.pk}-{self.kind}.xml")


class ContractNoticeApi(NoticeApi):
    kind = "cn"

    @_doc("eForms-aankondiging van een opdracht (subtype 16)", "application/xml")
    def get(self, request, ref: str):
        return super().get(request, ref)


class ContractAwardNoticeApi(NoticeApi):
    kind = "can"

    @_doc("eForms-aankondiging van een gegunde opdracht (subtype 29)", "application/xml")
    def get(self, request, ref: str):
        return super().get(request, ref)


# --- calendars ------------------------------------------------------------------------------
class ProcedureCalendarApi(_FileApi):
    authentication_classes = [QueryTokenAuthentication, *AUTH]
    renderer_classes = [IcsRenderer]

    @_doc(
        "iCalendar: termijnen, bijeenkomsten en beslismomenten van een procedure",
        "text/calendar",
        codes=(401, 403, 404),
    )
    def get(self, request, ref: str):
        procedure = procedure_by_ref(ref)
        events = calendar.procedure_events(procedure, request.user)
        if not events and not may_read_internals(procedure=procedure, user=request.user):
            raise NotAllowed(
                "U neemt niet deel aan deze procedure.", code="not-involved-in-procedure"
            )
        content = calendar.procedure_calendar(procedure, request.user, now=timezone.now())
        return self.file(content, f"{procedure.slug or procedure.pk}.ics", inline=True)


class MyCalendarApi(_FileApi):
    authentication_classes = [QueryTokenAuthentication, *AUTH]
    renderer_classes = [IcsRenderer]

    @_doc("iCalendar: de termijnen van mijn procedures", "text/calendar", codes=(401,))
    def get(self, request):
        content = calendar.user_calendar(request.user, now=timezone.now())
        return self.file(content, "innopartner.ics", inline=True)


# --- score sheets ---------------------------------------------------------------------------
class _ScoresheetApi(_FileApi):
    def tender_round(self, request, ref: str, number: int):
        procedure = procedure_by_ref(ref)
        ensure_may_read_internals(procedure=procedure, user=request.user)
        return procedure, scoresheets.scored_round(procedure, number)


class ScoresheetXlsxApi(_ScoresheetApi):
    renderer_classes = [XlsxRenderer]

    @_doc("Scoreblad van een ronde (XLSX)", XlsxRenderer.media_type)
    def get(self, request, ref: str, number: int):
        procedure, tender_round = self.tender_round(request, ref, number)
        return self.file(
            scoresheets.scoresheet_xlsx(tender_round),
            f"scoreblad-{procedure.slug or procedure.pk}-ronde-{number}.xlsx",
        )


class ScoresheetCsvApi(_ScoresheetApi):
    renderer_classes = [CsvRenderer]

    @_doc("Scoreblad van een ronde (CSV)", "text/csv")
    def get(self, request, ref: str, number: int):
        procedure, tender_round = self.tender_round(request, ref, number)
        return self.file(
            scoresheets.scoresheet_csv(tender_round),
            f"scoreblad-{procedure.slug or procedure.pk}-ronde-{number}.csv",
        )
