"""The programmes app's pages, by feature, mounted in the "programmes" namespace by hubportal.urls.

Order matters once: certificates' "programmes/certificates/" comes before the cohorts'
"programmes/<slug:programme>/".
"""

from programmes.attendance import urls as attendance
from programmes.certificates import urls as certificates
from programmes.cohorts import urls as cohorts
from programmes.evaluations import urls as evaluations
from programmes.events import urls as events
from programmes.insight import urls as insight
from programmes.offer import urls as offer

urlpatterns = [
    *events.urlpatterns,
    *attendance.urlpatterns,
    *certificates.urlpatterns,
    *cohorts.urlpatterns,
    *offer.urlpatterns,
    *insight.urlpatterns,
    *evaluations.urlpatterns,
]
