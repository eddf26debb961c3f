"""URLs of the uploads pages (included into the participants namespace)."""

urlpatterns: list = []
