# RegistrationUpload belongs to the registration journey: it leaves this app's state only. Its table
# stays as it is here; registration's 0001 takes it over, with its rows.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("participants", "0005_headteacher_role"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="RegistrationUpload")],
            database_operations=[],
        ),
    ]
