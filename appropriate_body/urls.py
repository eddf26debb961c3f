"""The Appropriate Body's pages, by feature, mounted in the "appropriate_body" namespace by hubportal.urls."""

from appropriate_body.agreements import urls as agreements
from appropriate_body.assessments import urls as assessments
from appropriate_body.claims import urls as claims
from appropriate_body.inductions import urls as inductions
from appropriate_body.quality import urls as quality
from appropriate_body.quality import urls_concerns, urls_fidelity, urls_qa
from appropriate_body.quality import urls_requests as length_requests
from appropriate_body.riab import urls as riab

urlpatterns = [*inductions.urlpatterns, *claims.urlpatterns, *agreements.urlpatterns, *assessments.urlpatterns, *riab.urlpatterns,
               *length_requests.urlpatterns, *quality.urlpatterns, *urls_fidelity.urlpatterns, *urls_concerns.urlpatterns,
               *urls_qa.urlpatterns]
