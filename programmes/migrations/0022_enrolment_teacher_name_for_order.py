"""An enrolment carries its teacher's name, kept by the database, so a cohort's page is read in name order
from one index (cohort, last name, first name, id) whatever the cohort's size.

Triggers keep the copy: every insert or update of an enrolment takes the name from its teacher (so a save
from an instance holding an old or blank name cannot leave it wrong), and a change of a teacher's name is
copied to their enrolments (registration, corrections, erasure and anonymisation alike). PostgreSQL in
production and CI; SQLite for `make run`.
"""

from django.conf import settings
from django.db import migrations, models

POSTGRESQL = [
    """
    CREATE FUNCTION programmes_enrolment_take_teacher_name() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        SELECT last_name, first_name INTO NEW.teacher_last_name, NEW.teacher_first_name
        FROM participants_teacher WHERE id = NEW.teacher_id;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER enrolment_takes_teacher_name BEFORE INSERT OR UPDATE ON programmes_enrolment
    FOR EACH ROW EXECUTE FUNCTION programmes_enrolment_take_teacher_name()
    """,
    """
    CREATE FUNCTION participants_teacher_name_to_enrolments() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE programmes_enrolment SET teacher_last_name = NEW.last_name, teacher_first_name = NEW.first_name
        WHERE teacher_id = NEW.id;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER teacher_name_to_enrolments AFTER UPDATE OF last_name, first_name ON participants_teacher
    FOR EACH ROW WHEN (OLD.last_name IS DISTINCT FROM NEW.last_name OR OLD.first_name IS DISTINCT FROM NEW.first_name)
    EXECUTE FUNCTION participants_teacher_name_to_enrolments()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER teacher_name_to_enrolments ON participants_teacher",
    "DROP FUNCTION participants_teacher_name_to_enrolments()",
    "DROP TRIGGER enrolment_takes_teacher_name ON programmes_enrolment",
    "DROP FUNCTION programmes_enrolment_take_teacher_name()",
]

# SQLite cannot change NEW in a trigger: the enrolment's row is updated after it is written (SQLite's
# triggers do not fire themselves again unless recursive_triggers is on, which Django leaves off).
SQLITE_TAKE_NAME = """
    UPDATE programmes_enrolment SET
        teacher_last_name = (SELECT last_name FROM participants_teacher WHERE id = NEW.teacher_id),
        teacher_first_name = (SELECT first_name FROM participants_teacher WHERE id = NEW.teacher_id)
    WHERE id = NEW.id;
"""
SQLITE = [
    f"CREATE TRIGGER enrolment_takes_teacher_name_on_insert AFTER INSERT ON programmes_enrolment BEGIN {SQLITE_TAKE_NAME} END",
    f"CREATE TRIGGER enrolment_takes_teacher_name_on_update AFTER UPDATE ON programmes_enrolment BEGIN {SQLITE_TAKE_NAME} END",
    """
    CREATE TRIGGER teacher_name_to_enrolments AFTER UPDATE OF last_name, first_name ON participants_teacher
    WHEN OLD.last_name IS NOT NEW.last_name OR OLD.first_name IS NOT NEW.first_name
    BEGIN
        UPDATE programmes_enrolment SET teacher_last_name = NEW.last_name, teacher_first_name = NEW.first_name
        WHERE teacher_id = NEW.id;
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER teacher_name_to_enrolments",
    "DROP TRIGGER enrolment_takes_teacher_name_on_update",
    "DROP TRIGGER enrolment_takes_teacher_name_on_insert",
]

BACKFILL = {
    "postgresql": """
        UPDATE programmes_enrolment AS e SET teacher_last_name = t.last_name, teacher_first_name = t.first_name
        FROM participants_teacher AS t WHERE t.id = e.teacher_id
    """,
    "sqlite": """
        UPDATE programmes_enrolment SET
            teacher_last_name = (SELECT last_name FROM participants_teacher WHERE id = teacher_id),
            teacher_first_name = (SELECT first_name FROM participants_teacher WHERE id = teacher_id)
    """,
}


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def add_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in BACKFILL:
        raise NotImplementedError(f"No triggers written for {vendor}")
    # Copied before the triggers exist, so the backfill does not look every teacher up twice.
    _run(schema_editor, [BACKFILL[vendor]])
    _run(schema_editor, POSTGRESQL if vendor == "postgresql" else SQLITE)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE)


class Migration(migrations.Migration):

    dependencies = [
        ('participants', '0015_ect_period_claim_state'),
        ('programmes', '0021_emails_matched_case_insensitively'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='enrolment',
            name='teacher_first_name',
            field=models.CharField(blank=True, editable=False, max_length=150),
        ),
        migrations.AddField(
            model_name='enrolment',
            name='teacher_last_name',
            field=models.CharField(blank=True, editable=False, max_length=150),
        ),
        # The index before the copy: built after it in the same transaction, PostgreSQL would not use it until
        # every transaction older than the migration had ended.
        migrations.AddIndex(
            model_name='enrolment',
            index=models.Index(fields=['cohort', 'teacher_last_name', 'teacher_first_name', 'id'], name='enrolment_cohort_by_name'),
        ),
        migrations.RunPython(add_triggers, drop_triggers),
    ]
