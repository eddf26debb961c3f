from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from hubportal.lib.dates import academic_year_dates, academic_year_of

from .models import AgreementTerms, AssessmentNotice, AssessmentReminder, BulkUpload, Claim, RenewalReminder, ServiceAgreement


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["ect_period", "status", "proposed_start_date", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["ect_period", "created_by", "decided_by"]


# Service agreements (AB-007): hub staff publish each year's terms here; schools accept them in the portal.


@admin.register(AgreementTerms)
class AgreementTermsAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "provider_led_fee", "school_led_fee", "fidelity_check_fee", "valid_from", "valid_until"]

    def get_changeform_initial_data(self, request):
        # The next academic year, 1 September to 31 August, is what hub staff publish almost every time.

        year = academic_year_of(timezone.localdate())
        taken = set(AgreementTerms.objects.values_list("academic_year", flat=True))
        while year in taken:
            year += 1
        valid_from, valid_until = academic_year_dates(year)
        return {"academic_year": year, "valid_from": valid_from, "valid_until": valid_until, **super().get_changeform_initial_data(request)}

    def get_readonly_fields(self, request, obj=None):
        # Schools agreed to these fees and this text in advance (AB-007): they cannot change under them.
        if obj is not None and obj.agreements.exists():
            return ["academic_year", "provider_led_fee", "school_led_fee", "fidelity_check_fee", "terms_text", "valid_from", "valid_until"]
        return []

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.agreements.exists()


class _RecordedElsewhere:
    """No adding here: the add page sends hub staff back to the list, where the rows are made by the portal."""

    def has_add_permission(self, request):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        messages.info(request, "These are recorded by the portal, not added here.")
        return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")


@admin.register(ServiceAgreement)
class ServiceAgreementAdmin(_RecordedElsewhere, SimpleHistoryAdmin):
    """Read-only: a school accepts in the portal, and what it accepted is never changed or deleted."""

    list_display = ["school", "terms", "signatory_name", "signatory_job_title", "accepted_at"]
    list_filter = ["terms"]
    search_fields = ["school__name", "school__urn", "signatory_name"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RenewalReminder)
class RenewalReminderAdmin(_RecordedElsewhere, admin.ModelAdmin):
    list_display = ["created_at", "email_state", "email_sent_at", "email_error"]
    list_filter = ["email_state"]

    def has_change_permission(self, request, obj=None):
        return False


# The emails each assessment step sends (read-only): staff see what went, when, and any failure.


@admin.register(AssessmentNotice)
class AssessmentNoticeAdmin(_RecordedElsewhere, admin.ModelAdmin):
    list_display = ["assessment", "kind", "created_at", "email_state", "email_sent_at", "email_error"]
    list_filter = ["kind", "email_state"]
    list_select_related = ["assessment__induction__teacher"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AssessmentReminder)
class AssessmentReminderAdmin(_RecordedElsewhere, admin.ModelAdmin):
    list_display = ["assessment", "kind", "created_at", "email_state", "email_sent_at", "email_error"]
    list_filter = ["kind", "email_state"]
    list_select_related = ["assessment__induction__teacher"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(BulkUpload)
class BulkUploadAdmin(_RecordedElsewhere, admin.ModelAdmin):
    """Read-only: what each of the AB's bulk CSVs did. The file itself stays out (DP-002 purges it)."""

    list_display = ["filename", "kind", "status", "rows_total", "rows_accepted", "uploaded_by", "created_at", "purged_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["uploaded_by"]
    exclude = ["contents"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
