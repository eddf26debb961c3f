"""The data protection pages, for hub staff (and the privacy notice, for everyone)."""

from privacy.access import urls as access_urls
from privacy.requests import urls as request_urls
from privacy.retention import urls as retention_urls

urlpatterns: list = [*retention_urls.urlpatterns, *request_urls.urlpatterns, *access_urls.urlpatterns]
