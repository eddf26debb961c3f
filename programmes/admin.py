from django.contrib import admin

from .models import Cohort, Enrolment, LeadProvider, Programme


@admin.register(LeadProvider)
class LeadProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "strand", "slug"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["__str__", "academic_year", "stage"]
    list_filter = ["programme", "academic_year", "stage"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["teacher", "cohort", "school", "status", "enrolled_on"]
    list_filter = ["status", "cohort__programme"]
    search_fields = ["teacher__trn", "teacher__last_name"]
    raw_id_fields = ["teacher", "school", "created_by"]
