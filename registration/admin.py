from django.contrib import admin

from registration.models import RegistrationUpload


@admin.register(RegistrationUpload)
class RegistrationUploadAdmin(admin.ModelAdmin):
    list_display = ["filename", "school", "status", "rows_total", "saved_count", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["school", "uploaded_by"]
    # The file itself stays out of the admin: it holds dates of birth (DP-002).
    exclude = ["contents"]
