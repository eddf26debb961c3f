"""The data protection pages, for hub staff (and the privacy notice, for everyone)."""

from privacy.retention import urls as retention_urls

urlpatterns: list = [*retention_urls.urlpatterns]
