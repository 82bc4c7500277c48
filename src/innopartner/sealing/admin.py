from django.contrib import admin

from innopartner.core.admin import ReadOnlyAdmin

from .models import ProcedureKey


@admin.register(ProcedureKey)
class ProcedureKeyAdmin(ReadOnlyAdmin):
    """Which master key wraps which procedure's data key; the wrapped key itself is not shown
    (it is useless without the master key, but there is no reason to show it)."""

    list_display = ["procedure", "master_key_id", "created_at", "rewrapped_at"]
    fields = ["procedure", "master_key_id", "created_at", "rewrapped_at"]
