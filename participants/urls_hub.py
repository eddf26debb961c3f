"""URLs of the hub pages (included into the participants namespace)."""

urlpatterns: list = []
