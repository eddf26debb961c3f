"""URLs of the event register (attendance), included into the programmes namespace."""

urlpatterns: list = []
