"""Every demo login, signed in, follows the portal's own links breadth-first from their home page:
nothing they can reach answers with a server error.

The access walk (hubportal/tests/test_access_walk.py) calls every URL pattern once with sample
values; this crawl reaches pages as people do, through links, with the demo hub's real data (two NPQ
intakes in a year, hundreds of ECTs, events in every state). Pages of one shape (a URL name, the words
in its path and its query parameters' names) are followed a few times each, and each Django admin
page once, so the crawl covers every kind of page without walking all 400 ECTs; a cap per login keeps
the whole crawl, seed included, under a minute.
"""

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from demo.hub import DEMO_LOGINS
from participants.models import User

# Pages of the same shape followed per login (the admin's: one), and pages per login in all.
PER_SHAPE = 3
PER_LOGIN = 600
# A word in a URL (a programme's slug, "year-1", "spring") rather than an id or a token.
WORD = re.compile(r"[a-z]+(-[a-z0-9]+)*")
# Signing out ends the crawl's session.
SKIPPED_PREFIXES = ("/accounts/logout/",)


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def same_site_links(page_url: str, html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        url, _ = urldefrag(urljoin(f"http://testserver{page_url}", href))
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc == "testserver":
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def shape(url: str) -> tuple:
    """A page's kind: its URL name, the words in its path (a programme, a stage; not ids or tokens)
    and the names of its query parameters."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return parts.path, ()
    words = tuple(sorted(str(value) for value in match.kwargs.values() if WORD.fullmatch(str(value))))
    if match.namespace == "admin":
        # The admin's sorting and filters make a query for every column: its pages are one shape each.
        return match.view_name, words
    keys = tuple(sorted({pair.split("=", 1)[0] for pair in parts.query.split("&") if pair}))
    return match.view_name, words, keys


def crawl(client) -> tuple[list[str], list[str]]:
    """(every URL fetched, "status URL (from page)" for each server error)."""
    queue, seen, fetched, failures = deque([("/", "")]), {"/"}, [], []
    per_shape: Counter = Counter()
    while queue and len(fetched) < PER_LOGIN:
        url, came_from = queue.popleft()
        kind = shape(url)
        if url.startswith(SKIPPED_PREFIXES) or per_shape[kind] >= (1 if url.startswith("/admin/") else PER_SHAPE):
            continue
        per_shape[kind] += 1
        response = client.get(url)
        fetched.append(url)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {url} (linked from {came_from or 'nowhere'})")
            continue
        # A download (CSV, PDF, calendar) is fetched but not read for links.
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        for link in same_site_links(url, b"".join(response).decode() if response.streaming else response.content.decode()):
            if link not in seen:
                seen.add(link)
                queue.append((link, url))
    return fetched, failures


@pytest.fixture(scope="module")
def build_demo(seed):
    # The demo hub as `manage.py seed_demo` builds it (demo/tests/conftest.py).
    return seed


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=lambda login: login.role)
def test_every_page_a_demo_login_reaches_answers_without_a_server_error(demo, client, login):
    client.raise_request_exception = False
    client.force_login(User.objects.get(email=login.email))
    fetched, failures = crawl(client)
    assert len(fetched) > 1, f"{login.email} reached no page from their home page"
    assert not failures, "\n".join(failures)
