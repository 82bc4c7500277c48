from django.contrib import admin

from .models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is written by services, never by hand."""

    list_display = ["at", "actor_label", "action", "procedure", "subject_type"]
    list_filter = ["action"]
    search_fields = ["action", "actor_label", "subject_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
