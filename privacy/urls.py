"""The data protection pages, for hub staff, and the privacy notice and accessibility statement, for everyone."""

from privacy.accessibility import urls as accessibility
from privacy.notice import urls as notice

urlpatterns = [*notice.urlpatterns, *accessibility.urlpatterns]
