"""URLs of the school_ects pages (included into the participants namespace)."""

urlpatterns: list = []
