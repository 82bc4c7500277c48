from django.contrib import admin

from innopartner.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import ConsortiumMember, Membership, Organisation


class ConsortiumMemberInline(ReadOnlyInline):
    model = ConsortiumMember
    fk_name = "consortium"


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "authority_type", "country", "kvk_number"]
    list_filter = ["kind", "authority_type", "country"]
    search_fields = ["name", "kvk_number"]
    inlines = [ConsortiumMemberInline]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
