from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Claim


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["ect_period", "status", "proposed_start_date", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["ect_period", "created_by", "decided_by"]
