"""What is not yet handed over to RIAB, found through partial indexes; and statistics on the claims' status taken with
whether they are recorded, so the planner knows that few accepted claims are unrecorded (without them it reckons on
status and recorded independently: 14,000 rows for some 700 at 87,000 claims, and scans every registration)."""

from django.conf import settings
from django.db import migrations, models


def _on_postgresql(sql: str):
    # Extended statistics are PostgreSQL's; SQLite (the demo's database) has no planner to tell.
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('appropriate_body', '0029_induction_period_todo_state'),
        ('participants', '0015_ect_period_claim_state'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(condition=models.Q(('riab_recorded_at__isnull', True), ('status__in', ['accepted', 'scheduled'])), fields=['ect_period'], name='claim_riab_outstanding'),
        ),
        migrations.AddIndex(
            model_name='inductionperiod',
            index=models.Index(condition=models.Q(('finished_on__isnull', False), ('other_appropriate_body', ''), ('riab_recorded_at__isnull', True), models.Q(('outcome', 'fail'), _negated=True)), fields=['finished_on', 'id'], name='induction_period_riab_due'),
        ),
        migrations.RunPython(
            _on_postgresql("CREATE STATISTICS claim_status_riab_recorded (mcv) ON status, riab_recorded_at FROM appropriate_body_claim"),
            _on_postgresql("DROP STATISTICS claim_status_riab_recorded"),
        ),
    ]
