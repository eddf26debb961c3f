"""What the portal asks of PostgreSQL on every connection (settings POSTGRES_JIT and POSTGRES_WORK_MEM): JIT off,
and work_mem enough for its counts and sorts. Read back from the server, so a setting the server refused shows."""

import pytest
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("DATABASE_URL does not name PostgreSQL")


def show(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


def test_each_connection_runs_with_jit_off_and_the_portals_work_mem(settings):
    assert (settings.POSTGRES_JIT, settings.POSTGRES_WORK_MEM) == ("off", "16MB")
    assert show("jit") == "off"
    assert show("work_mem") == "16MB"
