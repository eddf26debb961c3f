"""The data protection pages, for hub staff, and the privacy notice and accessibility statement, for everyone."""

from privacy.access import urls as access_urls
from privacy.accessibility import urls as accessibility_urls
from privacy.erasure import urls as erasure_urls
from privacy.notice import urls as notice_urls
from privacy.requests import urls as request_urls
from privacy.retention import urls as retention_urls

urlpatterns: list = [
    *notice_urls.urlpatterns, *accessibility_urls.urlpatterns, *retention_urls.urlpatterns,
    *request_urls.urlpatterns, *access_urls.urlpatterns, *erasure_urls.urlpatterns,
]
