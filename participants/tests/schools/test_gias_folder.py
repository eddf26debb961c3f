"""The daily job: the newest GIAS extract and links file in GIAS_IMPORT_DIR, each imported once."""

from datetime import date

import pytest

from participants.models import School
from registration.models import GiasFileImport, SchoolMerge
from registration.school_merges.imports import import_folder
from registration.school_merges.tasks import import_gias_folder

from .gias_extract import extract_row, write_extract, write_links


@pytest.fixture
def folder(tmp_path):
    write_extract(tmp_path / "edubasealldata20260831.csv", [extract_row(160_001, 1, name="Stale name")])
    write_extract(tmp_path / "edubasealldata20260901.csv", [
        extract_row(160_001, 1, name="Elm School", status="Closed", close_date="31-08-2026"),
        extract_row(160_002, 2, name="Elm Academy"),
    ])
    write_links(tmp_path / "links_edubasealldata20260901.csv", [(160001, 160002, "Elm Academy", "Successor", "01-09-2026")])
    return tmp_path


def test_the_newest_files_are_imported_once(db, folder):
    done = import_folder(folder, today=date(2026, 9, 2))

    assert [line.split(":")[0] for line in done] == ["edubasealldata20260901.csv", "links_edubasealldata20260901.csv"]
    assert School.objects.get(urn=160_001).name == "Elm School"
    assert set(GiasFileImport.objects.values_list("filename", flat=True)) == {
        "edubasealldata20260901.csv", "links_edubasealldata20260901.csv"}
    assert GiasFileImport.objects.get(filename="edubasealldata20260901.csv").summary.startswith("Created 2")

    School.objects.filter(urn=160_001).update(name="Changed here")
    assert import_folder(folder, today=date(2026, 9, 3)) == []
    assert School.objects.get(urn=160_001).name == "Changed here"


def test_a_broken_file_is_not_remembered_so_a_fixed_one_is_tried_again(db, tmp_path):
    (tmp_path / "edubasealldata20260901.csv").write_text("not,a,gias,file\n1,2,3,4\n", encoding="cp1252")
    assert import_folder(tmp_path, today=date(2026, 9, 2)) == []
    assert not GiasFileImport.objects.exists()


def test_the_task_is_off_without_a_folder_and_follows_it_with_one(db, folder, settings):
    settings.GIAS_IMPORT_DIR = ""
    assert import_gias_folder() == []
    settings.GIAS_IMPORT_DIR = str(folder)
    assert len(import_gias_folder()) == 2
    assert not SchoolMerge.objects.exists()  # nothing open at the closed school: nothing to record


def test_a_missing_folder_is_logged_every_run(db, tmp_path, settings, caplog):
    settings.GIAS_IMPORT_DIR = str(tmp_path / "not-mounted")
    assert import_gias_folder() == []
    assert "is not a folder" in caplog.text
