"""The Appropriate Body's pages, by feature, mounted in the "appropriate_body" namespace by hubportal.urls."""

from appropriate_body.agreements import urls as agreements
from appropriate_body.assessments import urls as assessments
from appropriate_body.claims import urls as claims
from appropriate_body.concerns import urls as concerns
from appropriate_body.fidelity import urls as fidelity
from appropriate_body.inductions import urls as inductions
from appropriate_body.length_requests import urls as length_requests
from appropriate_body.qa import urls as qa
from appropriate_body.reviews import urls as reviews
from appropriate_body.riab import urls as riab

urlpatterns = [*inductions.urlpatterns, *claims.urlpatterns, *agreements.urlpatterns, *assessments.urlpatterns, *riab.urlpatterns,
               *length_requests.urlpatterns, *reviews.urlpatterns, *fidelity.urlpatterns, *concerns.urlpatterns, *qa.urlpatterns]
