"""A local stand-in for DfE's Teaching Record System: the same HTTP API and JSON, from a fixture file.

`make run` and the tests start it so the portal's real client (hubportal.lib.trs) talks HTTP to
something that answers as TRS does: 200 with the parts asked for, 308 to the surviving TRN for a
merged record, 404 for no record *and* for a date of birth that does not match, 410 for a
deactivated record, 401 without the right key, 403 for what the AppropriateBody role may not ask.

The fixture is JSON, `{"persons": [...]}`, each person in TRS's own shape (`trn`, `firstName`,
`lastName`, `dateOfBirth`, `emailAddress`, `qts`, `induction`, `alerts`, `initialTeacherTraining`)
plus `mergedInto` (a TRN) or `deactivated: true`. Standard library only: it runs without Django.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

logger = logging.getLogger(__name__)

PERSON_PATH = re.compile(r"^/v3/persons/(\d{7})/?$")
# The parts the AppropriateBody role may include; the person's own fields come always.
INCLUDABLE = {"Induction": "induction", "Alerts": "alerts", "InitialTeacherTraining": "initialTeacherTraining"}
ALWAYS = ("trn", "firstName", "lastName", "middleName", "dateOfBirth", "emailAddress", "qts", "eyts")
VERSION = re.compile(r"^\d{8}$")

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def load_fixture(path: Path) -> list[dict[str, Any]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    persons = data["persons"] if isinstance(data, dict) else data
    for person in persons:
        if not re.fullmatch(r"\d{7}", str(person.get("trn", ""))):
            raise ValueError(f"Every person in {path} needs a seven-digit trn; one has {person.get('trn')!r}")
    return persons


class TRSStandIn:
    """The WSGI application."""

    def __init__(self, persons: Iterable[dict[str, Any]], *, api_key: str):
        if not api_key:
            raise ValueError("The stand-in checks a key like TRS does: give it one")
        self.persons = {str(p["trn"]): p for p in persons}
        self.api_key = api_key

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        status, headers, body = self.answer(environ)
        start_response(status, [("Content-Type", "application/json; charset=utf-8"), *headers])
        return [json.dumps(body).encode()] if body is not None else [b""]

    def answer(self, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], Any]:
        if environ.get("HTTP_AUTHORIZATION", "") != f"Bearer {self.api_key}":
            return "401 Unauthorized", [("WWW-Authenticate", "Bearer")], None
        if not VERSION.match(environ.get("HTTP_X_API_VERSION", "")):
            return "400 Bad Request", [], _problem(400, "X-Api-Version must name a version such as 20260120")
        match = PERSON_PATH.match(environ.get("PATH_INFO", ""))
        if match is None:
            return "404 Not Found", [], _problem(404, "Not found")
        if environ.get("REQUEST_METHOD") != "GET":
            return "405 Method Not Allowed", [("Allow", "GET")], None
        query = parse_qs(environ.get("QUERY_STRING", ""))
        date_of_birth = query.get("dateOfBirth", [""])[0]
        include = [part for value in query.get("include", []) for part in value.split(",") if part]
        # The AppropriateBody role must give the date of birth and may include only these parts.
        if not date_of_birth or any(part not in INCLUDABLE for part in include):
            return "403 Forbidden", [], _problem(403, "Forbidden")

        person = self.persons.get(match.group(1))
        if person is not None and person.get("mergedInto"):
            query_string = environ.get("QUERY_STRING", "")
            location = f"/v3/persons/{person['mergedInto']}" + (f"?{query_string}" if query_string else "")
            return "308 Permanent Redirect", [("Location", location)], None
        if person is not None and person.get("deactivated"):
            return "410 Gone", [], _problem(410, "Person was deactivated")
        # The same answer for no record and a wrong date of birth: nobody learns which TRNs exist.
        if person is None or person.get("dateOfBirth") != date_of_birth:
            return "404 Not Found", [], _problem(404, "Person not found")
        body = {key: person.get(key) for key in ALWAYS if key in person}
        for part in include:
            body[INCLUDABLE[part]] = person.get(INCLUDABLE[part]) or ([] if part != "Induction" else None)
        return "200 OK", [], body


def _problem(status: int, title: str) -> dict[str, Any]:
    return {"title": title, "status": status}


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        # The request line carries a date of birth: log the path alone.
        logger.info("%s %s -> %s", self.command, self.path.split("?", 1)[0], args[1] if len(args) > 1 else "")


def make_standin_server(app: TRSStandIn, host: str = "127.0.0.1", port: int = 8765) -> WSGIServer:
    """A threaded server for `app` (port 0: any free one); call serve_forever() and shutdown() on it."""
    return make_server(host, port, app, server_class=_ThreadingServer, handler_class=_QuietHandler)
