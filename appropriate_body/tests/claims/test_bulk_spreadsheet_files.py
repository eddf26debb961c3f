"""The AB's bulk CSV as UK Excel saves it (issue 14, items 4 and 7): DD/MM/YYYY dates, labels for
statuses and outcomes, and a TRN Excel rewrote as a number refused rather than matched to someone else."""

from datetime import date

import pytest

from appropriate_body.claims.claims import accept_claim
from appropriate_body.models import Claim, InductionPeriod
from appropriate_body.tests.claims.test_bulk import ACTIONS, CLAIMS, GOOD, TODAY, by_line, claim_for, upload

pytestmark = pytest.mark.django_db


def test_claims_with_uk_dates_and_the_induction_status_as_its_label_are_accepted(school_a, tutor_a, ab_staff):
    claim = claim_for(school_a, tutor_a, "2100001")
    done = upload("claims", CLAIMS + "2100001,20/07/2026,Required to complete,No,01/09/2026\n", ab_staff)
    assert by_line(done)[2]["outcome"] == "accepted", by_line(done)[2]["message"]
    claim.refresh_from_db()
    assert claim.status != Claim.Status.PENDING
    assert InductionPeriod.objects.get().started_on == date(2026, 9, 1)


def test_releases_and_passes_with_uk_dates_and_outcome_labels(school_a, tutor_a, ab_staff):
    for trn in ("2200001", "2200002"):
        accept_claim(claim_for(school_a, tutor_a, trn), GOOD, start_date=date(2026, 9, 1), actor=ab_staff, today=TODAY)
    done = upload("actions", ACTIONS + "2200001,30/04/2027,2.5,Released\n2200002,20/07/2028,6,Passed\n", ab_staff,
                  today=date(2028, 7, 25))
    assert [by_line(done)[line]["outcome"] for line in (2, 3)] == ["released", "passed"]


def test_a_trn_excel_rewrote_as_a_number_is_refused_and_another_teachers_claim_is_left_alone(school_a, tutor_a, ab_staff):
    # 2.10E+06's digits, padded, are 0021006: another teacher's TRN with a pending claim.
    other = claim_for(school_a, tutor_a, "0021006")
    done = upload("claims", CLAIMS + "2.10E+06,2026-07-20,None,no,2026-09-01\n", ab_staff)
    result = by_line(done)[2]
    assert result["outcome"] == "refused"
    assert result["message"].startswith("The TRN 2.10E+06 was changed by the spreadsheet into a number")
    other.refresh_from_db()
    assert other.status == Claim.Status.PENDING and not InductionPeriod.objects.exists()


def test_a_row_cut_short_is_refused_by_its_line(school_a, tutor_a, ab_staff):
    claim = claim_for(school_a, tutor_a, "2100002")
    done = upload("claims", CLAIMS + "2100002,2026-07-20,None\n", ab_staff)
    assert by_line(done)[2]["message"].startswith("This row stops before the Active prohibition column")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING
