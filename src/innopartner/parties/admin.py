from django.contrib import admin

from .models import ConsortiumMember, Membership, Organisation


class ConsortiumMemberInline(admin.TabularInline):
    model = ConsortiumMember
    fk_name = "consortium"
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "authority_type", "country", "kvk_number"]
    list_filter = ["kind", "authority_type", "country"]
    search_fields = ["name", "kvk_number"]
    inlines = [ConsortiumMemberInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
