from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("procedures/<uuid:pk>/stukken/", views.draft, name="draft"),
    # One route per format (no format parameter): each is a fixed, classifiable address.
    path("procedures/<uuid:pk>/stukken/concept.docx", views.draft_docx, name="draft_docx"),
    path("procedures/<uuid:pk>/stukken/concept.pdf", views.draft_pdf, name="draft_pdf"),
    path("brieven/<uuid:pk>/brief.pdf", views.letter_pdf, name="letter_pdf"),
    path(
        "procedures/<uuid:pk>/rondes/<uuid:round_pk>/proces-verbaal.pdf",
        views.official_record_pdf,
        name="official_record_pdf",
    ),
]
