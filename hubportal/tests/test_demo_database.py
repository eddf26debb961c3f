"""`make run` on its own database: a new SQLite file, migrated from nothing, then seeded with the demo hub.

The rest of the suite runs on whichever database DATABASE_URL names (PostgreSQL in CI), so without this a
migration written in SQL that only PostgreSQL understands would reach the demo unnoticed. The commands run
in a process of their own, as scripts/run_portal.py runs them, with no server named: SQLite, the filesystem
broker and files under a temporary var/.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
# What would point the commands at a server, or write outside the temporary folder.
NAMED_ELSEWHERE = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CACHE_URL", "MEDIA_ROOT", "EMAIL_FILE_PATH", "STATIC_ROOT")
# A table of each app the demo fills.
SEEDED_TABLES = (
    "participants_school", "participants_user", "participants_ectatschoolperiod", "participants_mentoratschoolperiod",
    "appropriate_body_claim", "appropriate_body_induction", "appropriate_body_assessment",
    "programmes_event", "programmes_eventinvitation", "programmes_enrolment", "programmes_certificate",
    "privacy_privacynotice", "programmes_schoolengagement",
)


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True)


@pytest.mark.slow
def test_a_new_sqlite_database_migrates_from_nothing_and_takes_the_demo(tmp_path):
    database = tmp_path / "hubportal.sqlite3"
    env = {name: value for name, value in os.environ.items() if name not in NAMED_ELSEWHERE}
    env.update(DEBUG="1", DATABASE_URL=f"sqlite:///{database}", HUBPORTAL_VAR_DIR=str(tmp_path / "var"))

    migrated = manage("migrate", "--no-input", env=env)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    seeded = manage("seed_demo", "--if-empty", env=env)
    assert seeded.returncode == 0, seeded.stdout + seeded.stderr

    assert "Demo logins:" in seeded.stdout
    with sqlite3.connect(database) as connection:
        empty = [table for table in SEEDED_TABLES if not connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]]
    assert empty == []
