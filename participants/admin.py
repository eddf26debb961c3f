from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import ECTAtSchoolPeriod, Invitation, LeadProvider, MentorAtSchoolPeriod, RoleAssignment, School, Teacher, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["school"]
    # A waiting headteacher is confirmed or refused on the confirmation page, which records who decided.
    readonly_fields = ["granted_at", "granted_by", "awaiting_confirmation"]


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


@admin.register(Teacher)
class TeacherAdmin(SimpleHistoryAdmin):
    list_display = ["trn", "first_name", "last_name", "corrected_name", "email", "user"]
    search_fields = ["trn", "first_name", "last_name", "corrected_name", "email"]
    raw_id_fields = ["user"]


@admin.register(ECTAtSchoolPeriod)
class ECTAtSchoolPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["teacher", "school", "started_on", "finished_on", "training_programme", "mentor"]
    list_filter = ["training_programme", "working_pattern", "leaving_reason"]
    search_fields = ["teacher__trn", "teacher__last_name", "school__name", "school__urn"]
    raw_id_fields = ["teacher", "school", "mentor", "registered_by"]


@admin.register(MentorAtSchoolPeriod)
class MentorAtSchoolPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["teacher", "school", "started_on", "finished_on"]
    search_fields = ["teacher__trn", "teacher__last_name", "school__name", "school__urn"]
    raw_id_fields = ["teacher", "school", "registered_by"]


@admin.register(LeadProvider)
class LeadProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
