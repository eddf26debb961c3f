"""The participants app's pages, by feature. hubportal.urls mounts them in the "participants" namespace
(with registration's pages, which have always had their names there)."""

from participants.accounts import urls as accounts
from participants.schools import urls as schools

urlpatterns = [*schools.urlpatterns, *accounts.urlpatterns]
