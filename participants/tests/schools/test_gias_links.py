"""GIAS's links file: a closed school with one successor hands its open periods, claims and agreement on."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from appropriate_body.agreements.agreements import accept_agreement, publish_terms
from appropriate_body.models import Claim, ServiceAgreement
from participants.models import ECTAtSchoolPeriod, LeavingReason, MentorAtSchoolPeriod, School
from participants.schools.gias_links import GiasLinksFormatError, direction, read_links_csv, successors
from participants.tests.factories import SchoolFactory, TeacherFactory
from registration.models import SchoolMerge
from registration.school_merges.imports import import_links_file
from registration.school_merges.merges import reverse_merge
from registration.tests.factories import register

from .gias_extract import write_links

TODAY = date(2026, 10, 1)
MOVED_ON = date(2026, 9, 1)


@pytest.fixture
def closed(db):
    return SchoolFactory(urn=120_001, name="Old Oak Community School", status=School.Status.CLOSED, closed_on=date(2026, 8, 31))


@pytest.fixture
def academy(db):
    return SchoolFactory(urn=120_002, name="Old Oak Academy", opened_on=MOVED_ON)


@pytest.fixture
def held(closed, tutor_a, hub_staff):
    """What the closed school still holds: an ECT with a pending claim and a mentor, and this year's agreement."""
    mentor = MentorAtSchoolPeriod.objects.create(teacher=TeacherFactory(), school=closed, started_on=date(2025, 9, 1))
    ect = register(closed, tutor_a, started_on=date(2026, 4, 20), today=date(2026, 4, 1))
    ect.mentor = mentor
    ect.save()
    terms = publish_terms(2026, provider_led_fee=Decimal("150.00"), school_led_fee=Decimal("320.00"))
    agreement = accept_agreement(closed, terms, actor=tutor_a, signatory_name="Helen Head", job_title="Headteacher",
                                 now=datetime(2026, 7, 1, 10, tzinfo=UTC))
    return {"ect": ect, "mentor": mentor, "claim": Claim.objects.get(ect_period=ect), "agreement": agreement}


def links_file(tmp_path, *links):
    return write_links(tmp_path / "links_edubasealldata20260901.csv", list(links))


def test_the_link_types_gias_writes_are_read_from_either_end(tmp_path):
    path = links_file(tmp_path,
                      (120001, 120002, "Old Oak Academy", "Successor", "01-09-2026"),
                      (120002, 120001, "Old Oak Community School", "Predecessor", "01-09-2026"),
                      (130001, 130002, "Beech Academy", "Predecessor - amalgamated", ""),
                      (130003, 130004, "Sixth form", "Sixth Form Centre Link", ""),
                      (130005, 130006, "Split", "Successor - Split School", "01-09-2026"),
                      ("12A", 130006, "Bad", "Successor", ""))
    links, skipped = read_links_csv(path)

    assert len(links) == 5 and [row.line for row in skipped] == [7]
    assert links[0].established_on == date(2026, 9, 1)
    assert [direction(t) for t in ("Successor - merged", "Predecessor - Split School", "Other")] == ["successor", "predecessor", ""]
    assert successors(links) == {120001: {120002: links[0]}, 130002: {130001: links[2]}, 130005: {130006: links[4]}}


def test_a_file_without_the_link_headings_is_refused(tmp_path):
    path = tmp_path / "links.csv"
    path.write_text("URN,Name\n100001,x\n", encoding="cp1252")
    with pytest.raises(GiasLinksFormatError, match="LinkURN"):
        read_links_csv(path)


def test_a_closed_school_with_one_successor_moves_its_open_periods_claim_and_agreement(tmp_path, closed, academy, held):
    path = links_file(tmp_path, (120001, 120002, "Old Oak Academy", "Successor - amalgamated", "01-09-2026"))

    report = import_links_file(path, today=TODAY)

    [merge] = report.merges
    assert report.lines() == [f"Moved 1 ECT periods, 1 mentor periods, 1 claims, 1 agreements from {closed} to {academy}"]
    old_ect, old_mentor = (type(p).objects.get(pk=p.pk) for p in (held["ect"], held["mentor"]))
    # The time at the closed school stays true: it ends the day before the successor's first.
    assert (old_ect.finished_on, old_ect.leaving_reason) == (date(2026, 8, 31), LeavingReason.MOVED_SCHOOL)
    assert old_mentor.finished_on == date(2026, 8, 31)
    new_ect = ECTAtSchoolPeriod.objects.get(school=academy)
    new_mentor = MentorAtSchoolPeriod.objects.get(school=academy)
    assert (new_ect.teacher_id, new_ect.started_on, new_ect.finished_on) == (old_ect.teacher_id, MOVED_ON, None)
    assert (new_ect.working_pattern, new_ect.training_programme) == (old_ect.working_pattern, old_ect.training_programme)
    assert new_ect.mentor == new_mentor and new_mentor.teacher_id == old_mentor.teacher_id
    assert Claim.objects.get(pk=held["claim"].pk).ect_period == new_ect
    assert ServiceAgreement.objects.get(pk=held["agreement"].pk).school == academy
    assert merge.moved == {"ect_periods": [[old_ect.pk, new_ect.pk]], "repointed_ect_periods": [],
                           "mentor_periods": [[old_mentor.pk, new_mentor.pk, True]], "repointed_mentor_periods": [],
                           "claims": [[held["claim"].pk, old_ect.pk, new_ect.pk]], "agreements": [held["agreement"].pk],
                           "transfers": [], "answered_transfers": []}
    assert (merge.from_school, merge.to_school, merge.link_type, merge.created_by) == (closed, academy, "Successor - amalgamated", None)
    assert new_ect.history.first().history_change_reason.startswith("Old Oak Community School closed")

    again = import_links_file(path, today=TODAY)

    assert again.merges == [] and SchoolMerge.objects.count() == 1


def test_the_successors_predecessor_row_alone_is_enough(tmp_path, closed, academy, held):
    path = links_file(tmp_path, (120002, 120001, "Old Oak Community School", "Predecessor", ""))
    [merge] = import_links_file(path, today=TODAY).merges
    assert merge.moved_on == date(2026, 9, 1)  # the day after GIAS's close date


def test_a_period_not_started_by_the_move_is_re_pointed_and_reversing_points_it_back(tmp_path, closed, academy, tutor_a, hub_staff):
    mentor = MentorAtSchoolPeriod.objects.create(teacher=TeacherFactory(), school=closed, started_on=date(2026, 9, 7))
    ect = register(closed, tutor_a, started_on=date(2026, 9, 7), today=date(2026, 8, 1))
    ect.mentor = mentor
    ect.save()

    [merge] = import_links_file(links_file(tmp_path, (120001, 120002, "Old Oak Academy", "Successor", "01-09-2026")),
                                today=TODAY).merges

    # It never ran at the closed school, so no day there is made up for it.
    assert merge.moved == {"ect_periods": [], "repointed_ect_periods": [ect.pk], "mentor_periods": [],
                           "repointed_mentor_periods": [mentor.pk], "claims": [], "agreements": [],
                           "transfers": [], "answered_transfers": []}
    ect.refresh_from_db()
    assert (ect.school, ect.started_on, ect.finished_on, ect.mentor_id) == (academy, date(2026, 9, 7), None, mentor.pk)
    assert Claim.objects.get(ect_period=ect).status == Claim.Status.PENDING

    reverse_merge(merge, actor=hub_staff)

    ect.refresh_from_db()
    mentor.refresh_from_db()
    assert (ect.school, mentor.school) == (closed, closed)


def test_a_school_with_several_successors_is_left_for_hub_staff(tmp_path, closed, academy, held):
    SchoolFactory(urn=120_003, name="Old Oak Juniors")
    path = links_file(tmp_path, (120001, 120002, "Old Oak Academy", "Successor - Split School", "01-09-2026"),
                      (120001, 120003, "Old Oak Juniors", "Successor - Split School", "01-09-2026"))

    report = import_links_file(path, today=TODAY)

    assert report.merges == [] and report.several_successors == [(closed, [120002, 120003])]
    assert "Old Oak Community School (120001) has 2 successors (120002, 120003): nothing moved" in report.lines()[0]
    assert ECTAtSchoolPeriod.objects.get(pk=held["ect"].pk).finished_on is None
    assert not SchoolMerge.objects.exists()


def test_an_open_school_or_an_unknown_successor_moves_nothing(tmp_path, closed, academy, held):
    path = links_file(tmp_path, (120002, 199999, "Somewhere new", "Successor", ""), (120001, 199998, "Unknown", "Successor", ""))
    report = import_links_file(path, today=TODAY)
    assert report.merges == [] and report.successor_unknown == [(closed, 199998)]


def test_reversing_a_move_puts_everything_back_and_the_import_leaves_it(tmp_path, closed, academy, held, hub_staff):
    path = links_file(tmp_path, (120001, 120002, "Old Oak Academy", "Successor", "01-09-2026"))
    [merge] = import_links_file(path, today=TODAY).merges

    reverse_merge(merge, actor=hub_staff)

    ect, mentor = ECTAtSchoolPeriod.objects.get(pk=held["ect"].pk), MentorAtSchoolPeriod.objects.get(pk=held["mentor"].pk)
    assert (ect.school, ect.finished_on, ect.leaving_reason, ect.mentor) == (closed, None, "", mentor)
    assert mentor.finished_on is None
    assert not ECTAtSchoolPeriod.objects.filter(school=academy).exists()
    assert not MentorAtSchoolPeriod.objects.filter(school=academy).exists()
    assert Claim.objects.get(pk=held["claim"].pk).ect_period == ect
    assert ServiceAgreement.objects.get(pk=held["agreement"].pk).school == closed
    merge.refresh_from_db()
    assert merge.reversed_by == hub_staff and merge.reversed_at
    assert ect.history.first().history_user == hub_staff
    with pytest.raises(ValidationError, match="already been reversed"):
        reverse_merge(merge, actor=hub_staff)

    report = import_links_file(path, today=TODAY)

    assert report.merges == [] and report.left_reversed == [(closed, academy)]
    assert ECTAtSchoolPeriod.objects.get(pk=ect.pk).finished_on is None


def test_a_move_the_successor_built_on_is_not_reversed(tmp_path, closed, academy, held, hub_staff):
    [merge] = import_links_file(links_file(tmp_path, (120001, 120002, "Old Oak Academy", "Successor", "01-09-2026")),
                                today=TODAY).merges
    ECTAtSchoolPeriod.objects.filter(school=academy).update(finished_on=date(2026, 9, 30))

    with pytest.raises(ValidationError, match="has ended since the move"):
        reverse_merge(merge, actor=hub_staff)

    assert SchoolMerge.objects.get(pk=merge.pk).reversed_at is None
    assert Claim.objects.get(pk=held["claim"].pk).ect_period.school == academy  # the whole reversal rolled back


def test_the_command_reads_the_links_file(tmp_path, closed, academy, held, capsys):
    path = links_file(tmp_path, (120001, 120002, "Old Oak Academy", "Successor", "01-09-2026"))
    call_command("import_gias", "--links", str(path))
    out = capsys.readouterr().out
    assert "Links: 1 schools moved to their successor" in out and "Moved 1 ECT periods" in out


@pytest.mark.parametrize("size", [10, 200])
def test_long_closed_schools_holding_nothing_cost_the_same_few_queries_and_no_words(
        db, tmp_path, django_assert_max_num_queries, size):
    links = []
    for n in range(size):
        SchoolFactory(urn=180_000 + n, status=School.Status.CLOSED)
        SchoolFactory(urn=181_000 + n)
        links.append((180_000 + n, 181_000 + n, "Academy", "Successor", "01-09-2015"))
    SchoolFactory(urn=182_000, status=School.Status.CLOSED)
    links += [(182_000, 181_000, "A", "Successor - Split School", ""), (182_000, 181_001, "B", "Successor - Split School", "")]

    with django_assert_max_num_queries(6):
        report = import_links_file(links_file(tmp_path, *links), today=TODAY)

    assert report.merges == [] and report.several_successors == [] and report.lines() == []
