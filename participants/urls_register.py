"""URLs of the register pages (included into the participants namespace)."""

urlpatterns: list = []
