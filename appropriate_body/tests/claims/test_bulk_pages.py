"""The AB's bulk CSV pages: upload, progress, results, templates, and who may see them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from appropriate_body.models import BulkUpload, Claim
from registration.tests.factories import register

pytestmark = pytest.mark.django_db

CREATE = reverse("appropriate_body:bulk_create")
CLAIMS = "TRN,QTS award date,Induction status,Active prohibition,Induction start date\n"


def post_file(client, kind: str, text: str, name: str = "claims.csv"):
    return client.post(CREATE, {"kind": kind, "file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")})


def pages(upload: BulkUpload) -> list[str]:
    return [reverse(f"appropriate_body:bulk_{page}", kwargs={"bulk": upload.public_id}) for page in ("detail", "progress", "results")]


def test_the_claims_list_links_to_the_bulk_page(ab_client):
    assert CREATE in ab_client.get(reverse("appropriate_body:claim_list")).content.decode()


def test_the_upload_page_offers_both_templates(ab_client):
    page = ab_client.get(CREATE).content.decode()
    for kind in ("claims", "actions"):
        assert reverse("appropriate_body:bulk_template", kwargs={"kind": kind}) in page
    template = ab_client.get(reverse("appropriate_body:bulk_template", kwargs={"kind": "actions"}))
    assert template["Content-Disposition"] == 'attachment; filename="ab-actions.csv"'
    assert template.getvalue().decode("utf-8-sig") == "TRN,Induction period end date,Number of terms,Outcome\r\n"
    assert ab_client.get(reverse("appropriate_body:bulk_template", kwargs={"kind": "other"})).status_code == 404


def test_a_whole_file_problem_is_one_message_on_the_file_field_and_keeps_nothing(ab_client):
    response = post_file(ab_client, "claims", "TRN,Date of birth,Induction programme,Induction period start date\n")
    assert response.status_code == 200
    assert "The selected file must have the template&#x27;s headings" in response.content.decode()
    assert "<title>Error:" in response.content.decode()
    assert not BulkUpload.objects.exists()
    assert "Select what the file does" in ab_client.post(CREATE, {}).content.decode()


def test_a_small_file_is_applied_at_once_and_its_page_shows_every_row(ab_client, school_a, tutor_a, ab_staff):
    good = register(school_a, tutor_a, trn="2500001", first_name="Ada", last_name="Lovelace").claims.get()
    register(school_a, tutor_a, trn="2500002", first_name="Grace", last_name="Hopper")
    response = post_file(ab_client, "claims", CLAIMS + "2500001,2026-07-20,None,no,2026-09-01\n2500002,2026-07-20,Exempt,no,2026-09-01\n")
    upload = BulkUpload.objects.get()
    assert response["Location"] == pages(upload)[0]
    assert (upload.status, upload.uploaded_by, upload.rows_accepted) == (BulkUpload.Status.DONE, ab_staff, 1)
    page = ab_client.get(pages(upload)[0]).content.decode()
    assert "1 of 2 rows done" in page and "1 row was refused" in page
    assert "Grace Hopper" in page and "induction status “exempt”" in page
    good.refresh_from_db()
    assert good.status == Claim.Status.ACCEPTED and good.decided_by == ab_staff
    results = ab_client.get(pages(upload)[2])
    assert results["Content-Disposition"] == 'attachment; filename="ab-claims-results.csv"'
    lines = results.getvalue().decode("utf-8-sig").splitlines()
    assert lines[0] == "Line,TRN,Name,Result,Error message"
    assert lines[2].startswith('3,2500002,Grace Hopper,Refused,"The teacher record shows induction status')


def test_a_fail_row_is_refused_with_where_to_record_it(ab_client):
    post_file(ab_client, "actions", "TRN,Induction period end date,Number of terms,Outcome\n1234567,2026-07-20,6,fail\n", "a.csv")
    [result] = BulkUpload.objects.get().results
    assert (result["outcome"], result["message"]) == ("refused", "Record a fail on the ECT's own page: it needs the date you wrote to them")


def test_progress_polls_while_working_and_refreshes_the_page_when_done(ab_client, ab_staff):
    working = BulkUpload.objects.create(kind="claims", filename="f.csv", uploaded_by=ab_staff, status="processing", rows_total=200, rows_done=50)
    detail = ab_client.get(pages(working)[0]).content.decode()
    assert 'hx-trigger="every 1s"' in detail and "50 of 200 rows" in detail
    poll = ab_client.get(pages(working)[1], HTTP_HX_REQUEST="true")
    assert 'value="25"' in poll.content.decode() and "HX-Refresh" not in poll
    working.status = "done"
    working.save()
    assert ab_client.get(pages(working)[1], HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"


def test_a_purged_upload_hides_the_names(ab_client, ab_staff):
    purged = BulkUpload.objects.create(kind="claims", filename="f.csv", uploaded_by=ab_staff, status="done", purged_at=timezone.now(),
                                       results=[{"line": 2, "trn": "1234567", "name": "", "outcome": "accepted", "message": ""}])
    assert "Removed after 24 hours" in ab_client.get(pages(purged)[0]).content.decode()


@pytest.mark.parametrize("role", ["hub_staff", "tutor_a", "ect", "no_role"])
def test_everyone_but_ab_staff_gets_404(client, cast, role, ab_staff):
    upload = BulkUpload.objects.create(kind="claims", filename="f.csv", uploaded_by=ab_staff)
    client.force_login(cast[role])
    for url in [CREATE, reverse("appropriate_body:bulk_template", kwargs={"kind": "claims"}), *pages(upload)]:
        assert client.get(url).status_code == 404, url
    assert post_file(client, "claims", CLAIMS + "1234567,2026-07-20,None,no,2026-09-01\n").status_code == 404
    assert BulkUpload.objects.count() == 1


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(CREATE).status_code == 302


def test_the_results_pages_only_answer_get(ab_client, ab_staff):
    upload = BulkUpload.objects.create(kind="claims", filename="f.csv", uploaded_by=ab_staff)
    for url in pages(upload):
        assert ab_client.post(url).status_code == 405
    assert ab_client.delete(CREATE).status_code == 405


def test_the_admin_lists_bulk_uploads_read_only_without_their_contents(client, hub_staff, ab_staff):
    upload = BulkUpload.objects.create(kind="claims", filename="september-claims.csv", uploaded_by=ab_staff,
                                       contents="TRN,...\n1234567,...")
    client.force_login(hub_staff)
    listing = client.get("/admin/appropriate_body/bulkupload/")
    assert listing.status_code == 200 and "september-claims.csv" in listing.content.decode()
    page = client.get(f"/admin/appropriate_body/bulkupload/{upload.pk}/change/").content.decode()
    assert "1234567" not in page and 'name="_save"' not in page
    assert client.post(f"/admin/appropriate_body/bulkupload/{upload.pk}/delete/", {"post": "yes"}).status_code == 403
    assert BulkUpload.objects.filter(pk=upload.pk).exists()
