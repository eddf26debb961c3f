"""Every kind of page in the demo hub, in Chromium at 320 px wide: axe-clean (the page fixture checks each
page it reaches) and nothing scrolling sideways but a table's own scroll area (WCAG 2.2's reflow, 1.4.10).

Each demo login follows the portal's links from their home page with Django's test client (as the demo
crawl does); every kind of page found (a URL name; each login's home) is then opened in the browser,
signed in as the login that found it.
"""

from collections import deque

import pytest
from django.core.management import call_command
from django.test import Client

from demo.hub import DEMO_LOGINS
from demo.tests.test_crawl import same_site_links, shape
from participants.models import User

pytestmark = [pytest.mark.browser]

NARROWEST = {"width": 320, "height": 800}
# Signing out ends the session; the admin is Django's own; these answer with files, not pages.
SKIPPED_PREFIXES = ("/accounts/logout/", "/admin/")
# What leaves the page wider than the window, outside the tables' own scroll areas.
WIDER_THAN_THE_WINDOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  return [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest(".app-table-scroll"))
    .slice(0, 5).map((el) => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : ""));
}"""


@pytest.fixture
def viewport():
    return NARROWEST


def kinds_of_page(client: Client, taken: set) -> list[str]:
    """One URL for each kind of page (by URL name) this client reaches that no earlier login took."""
    queue, seen, found = deque(["/"]), {"/"}, []
    while queue:
        url = queue.popleft()
        if url.startswith(SKIPPED_PREFIXES):
            continue
        kind = "home" if url == "/" else shape(url)[0]
        if kind in taken and url != "/":
            continue
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        taken.add(kind)
        found.append(url)
        for link in same_site_links(url, response.content.decode()):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return found


def test_every_kind_of_page_reflows_at_320_px(page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", verbosity=0)
    taken: set = set()
    problems = []
    for login in DEMO_LOGINS:
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(email=login.email))
        urls = kinds_of_page(client, taken)
        page.context.clear_cookies()
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                                   "url": live_server.url}])
        for url in urls:
            page.goto(url)
            if wide := page.evaluate(WIDER_THAN_THE_WINDOW):
                problems.append(f"{login.role} {url}: {', '.join(wide)}")
    assert len(taken) > 40, "the crawl reached the demo's pages"
    assert problems == []
