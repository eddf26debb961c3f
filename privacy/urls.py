"""The data protection pages, for hub staff, and the privacy notice, for everyone."""

from privacy.notice import urls as notice

urlpatterns = [*notice.urlpatterns]
