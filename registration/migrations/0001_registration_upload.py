# RegistrationUpload moves here from participants (participants 0006 drops it from that app's state).
# The table already exists, on a new database as on one in use (participants 0003 and 0004 made it):
# this app takes it over as it is, then renames it to the name Django gives this app's model.

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def relabel_content_type(apps, schema_editor):
    """Permissions and admin log entries follow the model: its content type changes app, and keeps its id."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    if not types.filter(app_label="registration", model="registrationupload").exists():
        types.filter(app_label="participants", model="registrationupload").update(app_label="registration")


def relabel_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    if not types.filter(app_label="participants", model="registrationupload").exists():
        types.filter(app_label="registration", model="registrationupload").update(app_label="participants")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("participants", "0006_registration_upload_moves_to_registration"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RegistrationUpload",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("filename", models.CharField(max_length=255)),
                        ("state", models.CharField(choices=[("validating", "Checking"), ("invalid", "Has problems"), ("ready", "Ready to save"), ("saving", "Saving"), ("saved", "Saved"), ("failed", "Failed")], default="validating", max_length=12)),
                        ("content", models.TextField(blank=True)),
                        ("total_rows", models.PositiveIntegerField(default=0)),
                        ("processed_rows", models.PositiveIntegerField(default=0)),
                        ("problems", models.JSONField(blank=True, default=list)),
                        ("file_error", models.TextField(blank=True)),
                        ("saved_count", models.PositiveIntegerField(default=0)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        ("purged_at", models.DateTimeField(blank=True, null=True)),
                        ("school", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="registration_uploads", to="participants.school")),
                        ("uploaded_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "ordering": ["-created_at"],
                        "db_table": "participants_registrationupload",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_type, relabel_content_type_back),
        migrations.AlterModelTable(name="registrationupload", table=None),
    ]
