"""Open-data endpoints, mounted under /api/v1/ by innopartner.config.urls."""

from django.urls import path

from . import apis

P = "procedures/<str:ref>/"

urlpatterns = [
    path("ocds/releases/", apis.OcdsReleasePackageApi.as_view(), name="ocds-releases"),
    path("ocds/records/", apis.OcdsRecordPackageApi.as_view(), name="ocds-records"),
    path(
        "ocds/procedures/<str:ref>/releases/",
        apis.OcdsProcedureReleasesApi.as_view(),
        name="ocds-procedure-releases",
    ),
    path(
        "ocds/procedures/<str:ref>/record/",
        apis.OcdsProcedureRecordApi.as_view(),
        name="ocds-procedure-record",
    ),
    path(P + "notices/cn.xml", apis.ContractNoticeApi.as_view(), name="eforms-cn"),
    path(P + "notices/can.xml", apis.ContractAwardNoticeApi.as_view(), name="eforms-can"),
    path(P + "calendar.ics", apis.ProcedureCalendarApi.as_view(), name="procedure-calendar"),
    path("me/calendar.ics", apis.MyCalendarApi.as_view(), name="my-calendar"),
    path(
        P + "rounds/<int:number>/scoresheet.xlsx",
        apis.ScoresheetXlsxApi.as_view(),
        name="scoresheet-xlsx",
    ),
    path(
        P + "rounds/<int:number>/scoresheet.csv",
        apis.ScoresheetCsvApi.as_view(),
        name="scoresheet-csv",
    ),
]
