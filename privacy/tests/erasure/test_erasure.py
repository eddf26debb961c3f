"""Erasing a person, searched for afterwards in every table the app registry knows (history tables
included) and every stored file: only what the retained-record rule keeps may still name them."""

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

from appropriate_body.models import Claim
from privacy.erasure.erase import DELETE, KEPT, REVOKE, erase_person, plan
from privacy.people import find_person
from programmes.insight import figures as insight
from programmes.models import Certificate

from .world import someone

pytestmark = pytest.mark.django_db
TEXT = (models.CharField, models.TextField, models.JSONField)


def mentions(needles: list[str]) -> set[tuple[str, str]]:
    """(model, field) wherever any needle appears, in every model of every app."""
    found = set()
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, TEXT)]
        if not fields:
            continue
        for row in model.objects.values_list(*[f.attname for f in fields]):
            for field, value in zip(fields, row, strict=True):
                if value and any(needle in str(value).lower() for needle in needles):
                    found.add((model._meta.label, field.name))
    return found


def stored_files_mentioning(needles: list[str], folder: str = "") -> list[str]:
    found = []
    directories, files = default_storage.listdir(folder)
    for name in files:
        path = f"{folder}/{name}" if folder else name
        with default_storage.open(path) as handle:
            text = handle.read().decode("latin-1").lower()
        if any(needle in text for needle in needles):
            found.append(path)
    for directory in directories:
        found += stored_files_mentioning(needles, f"{folder}/{directory}" if folder else directory)
    return found


@pytest.fixture
def people(cast, school_a, files_in_memory):
    tutor = cast["tutor_a"]
    return (someone("Perpetua", "Quennell", "4818181", school=school_a, actor=tutor),
            someone("Ottoline", "Marchbanks", "4929292", school=school_a, actor=tutor))


@pytest.mark.parametrize("certificates", [REVOKE, DELETE])
def test_after_erasure_nothing_anywhere_names_a_person_with_no_statutory_record(
    people, certificates, hub_staff, django_capture_on_commit_callbacks,
):
    perpetua, ottoline = people
    assert mentions(perpetua.needles) and stored_files_mentioning(perpetua.needles)
    neighbour_before = mentions(ottoline.needles)

    with django_capture_on_commit_callbacks(execute=True):
        items = erase_person(find_person(email=perpetua.email), certificates=certificates, actor=hub_staff,
                             today=timezone.localdate())

    assert mentions(perpetua.needles) == set()
    assert stored_files_mentioning(perpetua.needles) == []
    assert [item for item in items if item.action == KEPT] == []
    # The neighbour is untouched, and so is their certificate's file.
    assert mentions(ottoline.needles) == neighbour_before
    assert stored_files_mentioning(ottoline.needles)
    revoked = Certificate.objects.filter(revoked_at__isnull=False)
    assert revoked.count() == (1 if certificates == REVOKE else 0)


def test_a_statutory_induction_keeps_the_trn_and_name_and_the_plan_says_why(cast, school_a, hub_staff, files_in_memory):
    ada = someone("Ada", "Fairweather", "4717171", school=school_a, actor=cast["tutor_a"], with_induction=True,
                  ab_staff=cast["ab_staff"])
    person = find_person(trn=ada.trn)

    planned = plan(person)
    kept = {item.kind for item in planned if item.action == KEPT}
    assert {"Induction record", "Time as an ECT at a school", "Teacher record"} <= kept
    assert all("6 years" in item.detail or "TRN and name" in item.detail for item in planned if item.action == KEPT)
    assert mentions(ada.needles)  # a plan changes nothing
    # The date of birth kept sealed for RIAB goes, though the claim stays with the induction record.
    assert "Date of birth kept for RIAB" in {item.kind for item in planned if item.action != KEPT}

    erase_person(person, certificates=REVOKE, actor=hub_staff, today=timezone.localdate())

    # Only the teacher record's TRN and name stay, as the induction record's own (and the enrolments' copy of that
    # name for their order, which the database keeps equal to the teacher record's).
    assert mentions(ada.needles) == {("participants.Teacher", "trn"), ("participants.Teacher", "last_name"),
                                     ("programmes.Enrolment", "teacher_last_name")}
    assert list(Claim.objects.filter(ect_period__teacher__trn=ada.trn).values_list("date_of_birth_sealed", flat=True)) == [""]


def test_the_hubs_figures_do_not_change_when_a_person_is_erased(people, hub_staff):
    perpetua, _ = people
    year = insight.Year(insight_year := 2026)
    now = timezone.now()
    before = {key: insight.table_rows(make()) for key, make in insight.hub_tables(year, now=now).items()}

    erase_person(find_person(email=perpetua.email), certificates=REVOKE, actor=hub_staff, today=timezone.localdate())

    after = {key: insight.table_rows(make()) for key, make in insight.hub_tables(year, now=now).items()}
    assert after == before, insight_year
