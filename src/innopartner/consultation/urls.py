from django.urls import path

from . import views

app_name = "consultation"

urlpatterns = [
    # public, no account needed
    path("uitdagingen/", views.challenges, name="challenges"),
    path("uitdaging/<uuid:public_id>/", views.challenge, name="challenge"),
    path("uitdaging/<uuid:public_id>/reageren/", views.respond, name="respond"),
    path("uitdaging/<uuid:public_id>/bedankt/", views.thanks, name="thanks"),
    path("uitdaging/<uuid:public_id>/verslag/", views.report, name="report"),
    path(
        "uitdaging/<uuid:public_id>/verslag/marktconsultatieverslag.md",
        views.report_download,
        name="report_download",
    ),
    # buyer staff
    path("procedures/<uuid:pk>/marktconsultatie/", views.manage, name="manage"),
    path("procedures/<uuid:pk>/marktconsultatie/uitdaging/", views.page_edit, name="page_edit"),
    path(
        "procedures/<uuid:pk>/marktconsultatie/publiceren/",
        views.page_publish,
        name="page_publish",
    ),
    path(
        "procedures/<uuid:pk>/marktconsultatie/intrekken/",
        views.page_withdraw,
        name="page_withdraw",
    ),
    path(
        "procedures/<uuid:pk>/marktconsultatie/verslag/publiceren/",
        views.report_publish,
        name="report_publish",
    ),
    path("procedures/<uuid:pk>/marktconsultatie/reacties.csv", views.export_csv, name="export_csv"),
    path(
        "procedures/<uuid:pk>/marktconsultatie/reacties.xlsx", views.export_xlsx, name="export_xlsx"
    ),
    path(
        "procedures/<uuid:pk>/marktconsultatie/activiteit/", views.activity_add, name="activity_add"
    ),
    path("procedures/<uuid:pk>/marktconsultatie/besluit/", views.decision_add, name="decision_add"),
]
