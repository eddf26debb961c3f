"""Nothing personal is kept by a browser or a shared cache: every answer to someone signed in, and every
file (CSV, XLSX, PDF, ZIP, calendar) to anyone, says `Cache-Control: no-store`."""

import pytest
from django.utils.cache import get_max_age

from hubportal.tests.test_access_walk import portal_patterns, route_to_path, url_kwargs  # noqa: F401 - the walk's samples

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    directives = {part.strip().lower() for part in response.get("Cache-Control", "").split(",")}
    return "no-store" in directives and get_max_age(response) in (None, 0)


def is_file(response) -> bool:
    content_type = response.get("Content-Type", "")
    return "Content-Disposition" in response or not content_type.startswith("text/html")


@pytest.mark.parametrize("role", ["hub_staff", "tutor_a", "ect", "anonymous"])
def test_every_page_and_file_says_no_store(as_user, cast, url_kwargs, role):  # noqa: F811
    by_parameter, by_name = url_kwargs
    client = as_user(cast[role])
    kept, seen = [], 0
    for name, route in portal_patterns():
        response = client.get(route_to_path(route, by_name.get(name, {}), by_parameter))
        if response.status_code != 200:
            continue
        seen += 1
        if (role != "anonymous" or is_file(response)) and not no_store(response):
            kept.append(f"{name}: {response.get('Content-Type')} Cache-Control={response.get('Cache-Control')!r}")
    assert seen > 3
    assert kept == []


def test_exports_say_no_store(as_user, hub_staff):
    client = as_user(hub_staff)
    for path in ("/registrations/export.csv", "/registrations/export.xlsx"):
        response = client.get(path)
        assert response.status_code == 200 and no_store(response), path


def test_a_public_page_says_no_store_once_signed_in(as_user, tutor_a):
    # /cpd/ is public; once someone is signed in it carries their name in the header.
    response = as_user(tutor_a).get("/cpd/")
    assert response.status_code == 200 and no_store(response)
