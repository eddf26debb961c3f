"""LeadProvider moved to participants (ECT periods point to it; programmes' cohorts do too): its table takes
participants' name, and its content type (with the permissions that hang off it) follows it."""

from django.db import migrations


def relabel_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="participants", model="leadprovider").exists():
        ContentType.objects.filter(app_label="programmes", model="leadprovider").update(app_label="participants")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="programmes", model="leadprovider").exists():
        ContentType.objects.filter(app_label="participants", model="leadprovider").update(app_label="programmes")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("participants", "0006_registration_upload_moves_to_registration"),
    ]

    operations = [
        migrations.AlterModelTable(name="leadprovider", table=None),
        migrations.RunPython(relabel_content_type, restore_content_type),
    ]
