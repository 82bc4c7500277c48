from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Documents drawn up from the record: procurement document drafts (DOCX, PDF), decision
    letters and the proces-verbaal of an opening as PDF."""

    name = "innopartner.documents"
    label = "documents"
