"""The establishment extract as DfE publishes it: all 140 headings, Windows-1252, dd-MM-yyyy dates."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants.models import School
from participants.schools.gias import import_gias_file

from .gias_extract import EXTRACT_HEADINGS, extract_row, write_extract


@pytest.fixture
def extract(tmp_path):
    rows = [extract_row(140_000 + n, n) for n in range(20)]
    rows.append(extract_row(140_100, 100, name="Old Café School", status="Closed", close_date="31-08-2025"))
    return write_extract(tmp_path / "edubasealldata20250901.csv", rows)


def test_the_full_extract_is_read_its_other_columns_ignored(db, extract):
    assert len(EXTRACT_HEADINGS) == 140
    assert extract.read_bytes().decode("cp1252").splitlines()[0].count(",") == 139

    report = import_gias_file(extract)

    assert (report.created, report.updated, report.skipped) == (21, 0, [])
    school = School.objects.get(urn=140_003)
    assert school.name == "St Mary’s School 3"
    assert school.head_name == "Mrs Zoë Head3"
    assert school.trust == "Café Learning Trust 3"
    assert (school.establishment_type_code, school.establishment_type) == ("2", "Voluntary aided school")
    assert school.opened_on == date(1950, 1, 22)
    closed = School.objects.get(urn=140_100)
    assert (closed.status, closed.closed_on, closed.name) == (School.Status.CLOSED, date(2025, 8, 31), "Old Café School")


def test_a_second_run_reports_every_school_unchanged_and_writes_nothing(db, extract):
    import_gias_file(extract)
    stamps = dict(School.objects.values_list("urn", "updated_at"))

    with CaptureQueriesContext(connection) as queries:
        report = import_gias_file(extract)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 21)
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    assert dict(School.objects.values_list("urn", "updated_at")) == stamps


@pytest.mark.parametrize("size", [10, 200])
def test_the_full_width_import_costs_the_same_queries_for_10_or_200_rows(db, tmp_path, django_assert_max_num_queries, size):
    path = write_extract(tmp_path / "edubasealldata.csv", [extract_row(150_000 + n, n) for n in range(size)])
    with django_assert_max_num_queries(6):
        import_gias_file(path)
    changed = [extract_row(150_000 + n, n, name=f"Renamed {n}") for n in range(size)]
    write_extract(path, changed)
    with django_assert_max_num_queries(6):
        report = import_gias_file(path)
    assert report.updated == size
