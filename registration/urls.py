"""The ECT and mentor journey's pages, by feature, in the participants namespace (hubportal.urls)."""

from registration.guided import urls as guided
from registration.hub import urls as hub
from registration.school import urls as school
from registration.school_merges import urls as school_merges
from registration.uploads import urls as uploads

urlpatterns = [*guided.urlpatterns, *school.urlpatterns, *uploads.urlpatterns, *hub.urlpatterns, *school_merges.urlpatterns]
