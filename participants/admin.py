from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Invitation, RoleAssignment, School, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["school"]
    readonly_fields = ["granted_at", "granted_by"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [RoleAssignmentInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Name", {"fields": ["first_name", "last_name"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "urn", "phase", "local_authority", "district", "status"]
    list_filter = ["status", "phase", "local_authority"]
    search_fields = ["name", "urn", "postcode", "trust"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "school", "created_at", "expires_at", "accepted_at", "email_state"]
    list_filter = ["role", "email_state"]
    search_fields = ["email"]
    raw_id_fields = ["school", "invited_by", "accepted_by"]
    readonly_fields = ["public_id", "accepted_at", "accepted_by", "email_sent_at", "email_error"]
