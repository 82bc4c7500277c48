from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Domain records are shown in the admin but changed only through the services, which
    check the rules and write the audit trail; the admin is a window, not a back door."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def register_read_only(*models, list_display=None) -> None:
    for model in models:
        attrs = {"list_display": list_display} if list_display else {}
        admin.site.register(model, type(f"{model.__name__}Admin", (ReadOnlyAdmin,), attrs))
