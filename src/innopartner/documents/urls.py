from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("procedures/<uuid:pk>/stukken/", views.draft, name="draft"),
    path(
        "procedures/<uuid:pk>/stukken/concept.<str:fmt>",
        views.draft_download,
        name="draft_download",
    ),
    path("brieven/<uuid:pk>/brief.pdf", views.letter_pdf, name="letter_pdf"),
    path(
        "procedures/<uuid:pk>/rondes/<uuid:round_pk>/proces-verbaal.pdf",
        views.official_record_pdf,
        name="official_record_pdf",
    ),
]
