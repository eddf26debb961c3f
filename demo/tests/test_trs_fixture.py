"""The TRS stand-in's demo fixture: the hub's teachers as TRS would hold them, and the special cases."""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from appropriate_body.tests.factories import claimed
from demo.trs import UNREGISTERED_TRN_START, date_of_birth, demo_trs_persons
from hubportal.lib.trs import is_prohibited, parse_person
from participants.tests.factories import TeacherFactory

TODAY = date(2026, 12, 5)


@pytest.fixture
def persons(school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff, year=2026)
    TeacherFactory(trn="1200001", first_name="Marcus", last_name="Mensah")
    return period.induction.teacher, {p["trn"]: p for p in demo_trs_persons(today=TODAY)}


def test_an_ect_in_induction_has_qts_before_it_and_is_in_progress(persons):
    ect, by_trn = persons
    record = parse_person(by_trn[ect.trn])

    assert (record.first_name, record.last_name) == (ect.first_name, ect.last_name)
    assert record.qts_awarded_on == date(2026, 7, 20)
    assert (record.induction_status, record.induction_started_on) == ("InProgress", date(2026, 9, 1))
    assert record.date_of_birth == date_of_birth(ect.trn, 2026)


def test_a_teacher_without_an_induction_here_passed_one_long_ago(persons):
    _, by_trn = persons
    record = parse_person(by_trn["1200001"])

    assert record.induction_status == "Passed" and record.qts_awarded_on.year <= TODAY.year - 3


def test_dates_of_birth_are_the_same_on_every_build(persons):
    _, by_trn = persons
    again = {p["trn"]: p for p in demo_trs_persons(today=TODAY)}

    assert {t: p.get("dateOfBirth") for t, p in by_trn.items()} == {t: p.get("dateOfBirth") for t, p in again.items()}


def test_special_cases_are_beside_the_hub_teachers(persons):
    _, by_trn = persons
    trn = {case: str(UNREGISTERED_TRN_START + n) for n, case in enumerate(
        ["ready"] * 5 + ["no_qts", "prohibited", "prohibition_ended", "passed", "exempt", "failed_in_wales", "merged", "deactivated"])}

    assert parse_person(by_trn[trn["no_qts"]]).qts_awarded_on is None
    assert is_prohibited(parse_person(by_trn[trn["prohibited"]]), TODAY)
    assert not is_prohibited(parse_person(by_trn[trn["prohibition_ended"]]), TODAY)
    assert by_trn[trn["merged"]]["mergedInto"] == str(UNREGISTERED_TRN_START + 4)
    assert by_trn[trn["deactivated"]]["deactivated"] is True
    assert parse_person(by_trn[trn["exempt"]]).induction_status == "Exempt"


def test_command_writes_the_fixture(db, settings, tmp_path):
    settings.DEBUG = True
    path = tmp_path / "trs.json"

    call_command("trs_standin", write_fixture=path)

    assert len(json.loads(path.read_text())["persons"]) == 13


def test_command_refuses_without_debug(db, settings, tmp_path):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("trs_standin", write_fixture=tmp_path / "trs.json")
