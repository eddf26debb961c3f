"""Importing schools from a GIAS extract: participants.gias and `manage.py import_gias`."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from participants.models import School
from participants.schools.gias import GIAS_ENCODING, GiasFormatError, import_gias_file, import_gias_rows, read_gias_csv

SAMPLE = Path(__file__).resolve().parents[3] / "demo" / "data" / "gias-sample.csv"
SAMPLE_ROWS = 320
SAMPLE_CLOSED = 22


def sample_table() -> tuple[list[str], list[list[str]]]:
    """The sample's header and records, decoded, for tests to edit and write back."""
    records = list(csv.reader(io.StringIO(SAMPLE.read_bytes().decode(GIAS_ENCODING), newline="")))
    return records[0], records[1:]


def write_gias(path: Path, header: list[str], records: list[list[str]], encoding: str = GIAS_ENCODING) -> Path:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows([header, *records])
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def set_value(header: list[str], record: list[str], column: str, value: str) -> list[str]:
    record = list(record)
    record[header.index(column)] = value
    return record


@pytest.fixture
def sample_loaded(db):
    return import_gias_file(SAMPLE)


def test_sample_loads_every_row(sample_loaded):
    assert (sample_loaded.created, sample_loaded.updated, sample_loaded.unchanged) == (SAMPLE_ROWS, 0, 0)
    assert sample_loaded.skipped == []
    assert School.objects.count() == SAMPLE_ROWS
    school = School.objects.get(urn=952981)
    assert school.name == "Hucclecote Primary School"
    assert school.establishment_type_code == "1"  # "01" in the file, unpadded as in ID-GIAS-004
    assert (school.establishment_type, school.type_group, school.phase) == (
        "Community school",
        "Local authority maintained schools",
        "Primary",
    )
    assert (school.la_code, school.local_authority, school.establishment_number) == ("916", "Gloucestershire", "4622")
    assert (school.district_code, school.district) == ("E07000080", "Forest of Dean")
    assert (school.postcode, school.town, school.number_of_pupils) == ("GL20 8BD", "Hucclecote", 534)
    assert school.status == School.Status.OPEN
    assert str(school.opened_on) == "1988-01-01" and school.closed_on is None
    assert school.head_name == "Mrs Alison Lewis"
    assert school.ukprn is None and school.trust == ""
    academy = School.objects.get(urn=982544)
    assert (academy.ukprn, academy.trust_code, academy.trust) == (10041753, "14990", "Forest Learning Trust")
    # ID-GIAS-002: every status in the sample maps to one of the four.
    assert set(School.objects.values_list("status", flat=True)) == set(School.Status.values)


def test_second_run_creates_and_updates_nothing(sample_loaded):
    before = dict(School.objects.values_list("urn", "updated_at"))
    report = import_gias_file(SAMPLE)
    assert (report.created, report.updated, report.unchanged, report.skipped) == (0, 0, SAMPLE_ROWS, [])
    assert dict(School.objects.values_list("urn", "updated_at")) == before


def test_windows_1252_characters_are_decoded(sample_loaded):
    assert School.objects.get(urn=982544).name == "St Catharine\u2019s Randwick Special School"
    assert School.objects.get(urn=983234).head_name == "Dr Zo\u00eb Hughes"
    assert School.objects.filter(name__contains="\u2019").count() > 5
    assert not School.objects.filter(name__contains="\u00e2\u20ac").exists()  # no UTF-8 mojibake


def test_utf8_file_saved_by_excel_is_read_too(db, tmp_path):
    header, records = sample_table()
    path = tmp_path / "utf8.csv"
    path.write_bytes(b"\xef\xbb\xbf" + write_gias(path, header, records[:3], "utf-8").read_bytes())
    import_gias_file(path)
    assert School.objects.get(urn=982544).name == "St Catharine\u2019s Randwick Special School"


def test_closed_schools_are_kept_and_missing_schools_left_alone(sample_loaded, tmp_path):
    closed = School.objects.filter(status=School.Status.CLOSED)
    assert closed.count() == SAMPLE_CLOSED
    assert not closed.filter(closed_on__isnull=True).exists()

    header, records = sample_table()
    dropped, closing = [r for r in records if r[header.index("EstablishmentStatus (name)")] == "Open"][:2]
    closed_now = set_value(header, closing, "EstablishmentStatus (name)", "Closed")
    closed_now = set_value(header, closed_now, "CloseDate", "31-08-2026")
    later = [closed_now if r is closing else r for r in records if r is not dropped]
    report = import_gias_file(write_gias(tmp_path / "later.csv", header, later))

    assert (report.created, report.updated, report.unchanged) == (0, 1, SAMPLE_ROWS - 2)
    school = School.objects.get(urn=int(closing[0]))
    assert school.status == School.Status.CLOSED and str(school.closed_on) == "2026-08-31"
    assert School.objects.get(urn=int(dropped[0])).status == School.Status.OPEN  # not in the file: untouched
    assert School.objects.count() == SAMPLE_ROWS


def test_changed_name_is_reported_as_updated(sample_loaded, tmp_path):
    header, records = sample_table()
    records[0] = set_value(header, records[0], "EstablishmentName", "Hucclecote Church of England Primary School")
    report = import_gias_file(write_gias(tmp_path / "renamed.csv", header, records))
    assert (report.created, report.updated, report.unchanged) == (0, 1, SAMPLE_ROWS - 1)
    assert School.objects.get(urn=952981).name == "Hucclecote Church of England Primary School"


def test_bad_rows_are_skipped_with_line_and_reason_and_good_rows_load(db, tmp_path):
    header, records = sample_table()
    good = records[:3]
    bad = [
        set_value(header, records[3], "URN", "12A456"),  # line 5
        set_value(header, records[4], "EstablishmentName", "  "),  # line 6
        set_value(header, records[5], "EstablishmentStatus (name)", "Temporarily shut"),  # line 7
        set_value(header, records[6], "OpenDate", "2016-13-01"),  # line 8
        set_value(header, records[0], "EstablishmentName", "Copy of the first"),  # line 9
        set_value(header, records[7], "URN", ""),  # line 10
        set_value(header, records[8], "URN", "1234567"),  # line 11: an LAESTAB, not a URN
        set_value(header, records[9], "NumberOfPupils", "about 200"),  # line 12
    ]
    report = import_gias_file(write_gias(tmp_path / "bad.csv", header, good + bad))

    assert report.created == 3
    assert sorted(School.objects.values_list("urn", flat=True)) == sorted(int(r[0]) for r in good)
    assert School.objects.get(urn=int(records[0][0])).name == records[0][header.index("EstablishmentName")]
    reasons = {s.line: (s.urn, s.reason) for s in report.skipped}
    assert sorted(reasons) == [5, 6, 7, 8, 9, 10, 11, 12]
    assert reasons[5] == ("12A456", "URN '12A456': The URN must be a number written with the digits 0 to 9, like 100001")
    assert reasons[6][1] == "missing EstablishmentName"
    assert reasons[7][1].startswith("unknown EstablishmentStatus 'Temporarily shut'")
    assert reasons[8][1] == "OpenDate '2016-13-01' is not a date in dd-mm-yyyy form"
    assert reasons[9] == (records[0][0], "duplicate URN (first on line 2)")
    assert reasons[10] == ("", "missing URN")
    assert "5 or 6 digits" in reasons[11][1]
    assert "NumberOfPupils 'about 200'" in reasons[12][1]


def test_line_numbers_count_physical_lines(db, tmp_path):
    header, records = sample_table()
    records[0] = set_value(header, records[0], "Street", "Old School House\nMill Lane")  # record spans lines 2-3
    records[1] = set_value(header, records[1], "URN", "oops")
    report = import_gias_file(write_gias(tmp_path / "multiline.csv", header, records[:2]))
    assert [s.line for s in report.skipped] == [4]


def test_missing_required_columns_are_named(db, tmp_path):
    header, records = sample_table()
    keep = [i for i, name in enumerate(header) if name not in ("EstablishmentName", "Postcode")]
    path = write_gias(tmp_path / "short.csv", [header[i] for i in keep], [[r[i] for i in keep] for r in records])
    with pytest.raises(GiasFormatError) as error:
        read_gias_csv(path)
    assert "EstablishmentName" in str(error.value) and "Postcode" in str(error.value)
    assert not School.objects.exists()


def test_command_prints_counts_and_skipped_rows(db, tmp_path):
    out = io.StringIO()
    call_command("import_gias", str(SAMPLE), stdout=out)
    assert out.getvalue().strip() == "Created 320, updated 0, unchanged 0, skipped 0"

    header, records = sample_table()
    records[12] = set_value(header, records[12], "CloseDate", "31/02/2024")
    out = io.StringIO()
    call_command("import_gias", str(write_gias(tmp_path / "one-bad.csv", header, records)), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Created 0, updated 0, unchanged 319, skipped 1"
    assert lines[1] == f"line 14 (URN {records[12][0]}): CloseDate '31/02/2024' is not a date in dd-mm-yyyy form"


def test_command_fails_on_missing_file_or_columns(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_gias", str(tmp_path / "nowhere.csv"))
    path = write_gias(tmp_path / "urn-only.csv", ["URN"], [["100001"]])
    with pytest.raises(CommandError, match=r"missing required columns \(missing: EstablishmentName"):
        call_command("import_gias", str(path))


# SQLite caps a query at 999 parameters, so Django splits bulk_create of these
# 23-column rows into INSERTs of ~43 rows: 320 new schools take 11 queries there
# (4 on PostgreSQL). One query per row would be hundreds.
MAX_IMPORT_QUERIES = 12


@pytest.mark.parametrize("size", [10, SAMPLE_ROWS])
def test_import_query_count_does_not_grow_with_rows(db, django_assert_max_num_queries, size):
    rows = read_gias_csv(SAMPLE)[:size]
    with django_assert_max_num_queries(MAX_IMPORT_QUERIES):
        assert import_gias_rows(rows).created == size
    for row in rows:
        row.values["EstablishmentName"] += " (renamed)"
    with django_assert_max_num_queries(MAX_IMPORT_QUERIES):
        assert import_gias_rows(rows).updated == size
    with django_assert_max_num_queries(4):
        assert import_gias_rows(rows).unchanged == size
