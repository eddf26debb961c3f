from django import forms
from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CareerStage,
    Certificate,
    Cohort,
    Enrolment,
    EnrolmentUpload,
    EvaluationNotice,
    Event,
    EventInvitation,
    Partner,
    Phase,
    Placement,
    Programme,
)


class ProgrammeForm(forms.ModelForm):
    """Who a programme is for, as ticks rather than the JSON lists it is stored as (the offer page filters on them)."""

    career_stages = forms.MultipleChoiceField(choices=CareerStage.choices, widget=forms.CheckboxSelectMultiple, required=False)
    phases = forms.MultipleChoiceField(choices=Phase.choices, widget=forms.CheckboxSelectMultiple, required=False,
                                       help_text="None ticked: every phase.")
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Programme
        fields = ["strand", "name", "slug", "summary", "delivery", "partner", "offer_kind", "npq_course", "career_stages",
                  "phases", "website", "is_offered"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    form = ProgrammeForm
    list_display = ["name", "strand", "delivery", "partner", "is_offered"]
    list_filter = ["strand", "delivery", "is_offered"]
    search_fields = ["name", "slug"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "ukprn", "is_active"]
    list_filter = ["kind", "is_active"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["__str__", "academic_year", "stage", "intake", "lead_provider"]
    list_filter = ["programme__strand", "academic_year", "stage", "intake"]


class PlacementInline(admin.TabularInline):
    """An ITT trainee's placement schools (ITT-006: at least two), kept with their enrolment."""

    model = Placement
    extra = 0
    raw_id_fields = ["school"]


@admin.register(Enrolment)
class EnrolmentAdmin(SimpleHistoryAdmin):
    inlines = [PlacementInline]
    list_display = ["teacher", "cohort", "school", "status", "outcome", "enrolled_on"]
    list_filter = ["status", "outcome", "cohort__programme__strand"]
    search_fields = ["teacher__trn", "teacher__last_name"]
    raw_id_fields = ["teacher", "school", "cohort"]
    # Who did what is recorded by the portal's own pages, never typed here.
    readonly_fields = ["created_by", "created_at", "nominated_by", "decided_by", "decided_at"]


class EventInvitationInline(admin.TabularInline):
    model = EventInvitation
    extra = 0
    fields = ["email", "first_name", "last_name", "school", "email_state", "email_error"]
    readonly_fields = fields
    can_delete = False


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    """Changes saved here go into the event's history too, under the signed-in user."""

    list_display = ["title", "kind", "starts_at", "capacity", "cancelled_at"]
    list_filter = ["kind"]
    search_fields = ["title"]
    filter_horizontal = ["facilitators"]
    raw_id_fields = ["cohort", "created_by"]
    inlines = [EventInvitationInline]
    # Online links without a scheme are https (Django 6's default; said now to keep 5.2 quiet).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Certificate)
class CertificateAdmin(SimpleHistoryAdmin):
    """Read-only: certificates change only through programmes.certificates (the hub staff pages), which keep the codes and the history."""

    list_display = ["recipient_name", "title", "kind", "awarded_on", "code", "render_state", "revoked_at"]
    list_filter = ["kind", "render_state"]
    search_fields = ["recipient_name", "email", "code", "title"]
    date_hierarchy = "awarded_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EvaluationNotice)
class EvaluationNoticeAdmin(admin.ModelAdmin):
    """Read-only: which "evaluation open" emails went, when, and any failure."""

    list_display = ["evaluation", "user", "created_at", "email_state", "email_sent_at", "email_error"]
    list_filter = ["email_state"]
    list_select_related = ["evaluation", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EnrolmentUpload)
class EnrolmentUploadAdmin(admin.ModelAdmin):
    """Read-only: what each enrolment CSV did. The file itself stays out (DP-002 purges it)."""

    list_display = ["filename", "cohort", "academic_year", "status", "rows_total", "enrolled_count", "uploaded_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["cohort", "uploaded_by"]
    exclude = ["contents"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
