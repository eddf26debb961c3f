"""Test databases on PostgreSQL: migrated once per run, however many processes the run has.

Under pytest-xdist each process (gw0, gw1...) has a test database of its own. Migrating each from
nothing costs every process the same half a minute of Django's migration planning, on the same cores;
instead the first process to get there migrates one template database, and each process's database is
created as PostgreSQL's copy of it (CREATE DATABASE ... TEMPLATE, as Django's own parallel runner
clones its test database). pytest-django then runs `migrate` on the copy as usual, which finds nothing
left to apply, so the copy is checked as any test database is.

The template is kept after the run, as --reuse-db keeps its databases: the next run, known by another
run id, replaces it rather than trusting migrations it did not see applied.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.db import connection

REPO_ROOT = Path(__file__).resolve().parents[1]


def database_url_named(name: str) -> str:
    """DATABASE_URL with its database swapped for another on the same server."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + name))


def template_name(test_name: str, worker: str) -> str:
    """test_hubportal_gw0 -> test_hubportal_template: one template for all of a run's processes."""
    return f"{test_name.removesuffix('_' + worker)}_template"


def copy_from_template(*, worker: str, run_id: str) -> None:
    """Make this process's test database a copy of the run's template, migrating the template first if no
    process of this run has yet. The processes take turns on an advisory lock, so one migrates and the
    others wait for it."""
    test_settings = connection.settings_dict.setdefault("TEST", {})
    template = template_name(test_settings["NAME"], worker)
    quoted = connection.ops.quote_name(template)
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [template])
        try:
            cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [template])
            found = cursor.fetchone()
            if found is None or found[0] != run_id:
                cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
                cursor.execute(f"CREATE DATABASE {quoted}")
                _migrate(template)
                # Marked only once migrated: a run stopped halfway leaves a template the next run replaces.
                cursor.execute(f"COMMENT ON DATABASE {quoted} IS %s", [run_id])
        finally:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [template])
    test_settings["TEMPLATE"] = template


def _migrate(name: str) -> None:
    # A process of its own, so this one's connection never points at the template: PostgreSQL copies
    # a database only while no one is connected to it.
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "--verbosity", "0"],
        cwd=REPO_ROOT, env={**os.environ, "DATABASE_URL": database_url_named(name)}, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"migrating the template test database {name} failed:\n{result.stdout}{result.stderr}")
