# The field names every CSV upload shares (hubportal.lib.csv_upload.CsvUpload). Renames only: the rows keep their values.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("registration", "0001_registration_upload"),
    ]

    operations = [
        migrations.RenameField(model_name="registrationupload", old_name="state", new_name="status"),
        migrations.RenameField(model_name="registrationupload", old_name="content", new_name="contents"),
        migrations.RenameField(model_name="registrationupload", old_name="total_rows", new_name="rows_total"),
        migrations.RenameField(model_name="registrationupload", old_name="processed_rows", new_name="rows_done"),
        migrations.RenameField(model_name="registrationupload", old_name="problems", new_name="results"),
    ]
