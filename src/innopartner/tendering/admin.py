from django.contrib import admin

from innopartner.core.admin import ReadOnlyAdmin, register_read_only

from .models import Receipt, Tender, TenderOpening, TenderRound


@admin.register(Tender)
class TenderAdmin(ReadOnlyAdmin):
    """The envelope only: the sealed content is never shown here (Art. 22(3))."""

    list_display = ["round", "operator", "status", "submitted_at", "sha256"]
    fields = ["round", "operator", "status", "submitted_at", "filename", "size", "sha256", "price"]
    list_filter = ["status"]


register_read_only(
    TenderRound, list_display=["procedure", "number", "kind", "deadline", "negotiated_at"]
)
register_read_only(Receipt, list_display=["tender", "kind", "server_time", "sha256"])
register_read_only(
    TenderOpening, list_display=["round", "started_by", "confirmed_by", "confirmed_at"]
)
