"""The data protection pages, for hub staff (and the privacy notice, for everyone)."""

urlpatterns: list = []
