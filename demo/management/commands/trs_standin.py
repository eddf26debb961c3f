"""manage.py trs_standin: serve the local Teaching Record System stand-in (DEBUG only)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from demo.trs import CASES, UNREGISTERED, UNREGISTERED_TRN_START, demo_trs_persons
from participants.people.trs_standin import TRSStandIn, load_fixture, make_standin_server


class Command(BaseCommand):
    help = ("Serve DfE's TRS person API locally from a fixture (default: the demo hub's teachers in the database), "
            "or write that fixture with --write-fixture. Refuses unless DEBUG is on.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--fixture", type=Path, help="serve the persons in this JSON file instead of the demo hub's")
        parser.add_argument("--write-fixture", type=Path, metavar="FILE", help="write the demo hub's fixture to FILE and stop")
        parser.add_argument("--key", default="", help="the bearer key it accepts (default: TRS_API_KEY)")

    def handle(self, *args, host: str, port: int, fixture: Path | None, write_fixture: Path | None, key: str, **options) -> None:
        # A stand-in answering as TRS would make made-up records look real: never beside production data.
        if not settings.DEBUG:
            raise CommandError("trs_standin is for development and the demo, and runs only with DEBUG on.")
        if write_fixture:
            persons = demo_trs_persons(today=timezone.localdate())
            write_fixture.write_text(json.dumps({"persons": persons}, indent=1), encoding="utf-8")
            self.stdout.write(f"Wrote {len(persons)} teacher records to {write_fixture}.")
            return
        key = key or settings.TRS_API_KEY
        if not key:
            raise CommandError("Give the key the stand-in accepts: --key, or TRS_API_KEY.")
        try:
            persons = load_fixture(fixture) if fixture else demo_trs_persons(today=timezone.localdate())
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Cannot read the fixture {fixture}: {exc}") from exc
        server = make_standin_server(TRSStandIn(persons, api_key=key), host, port)
        self.stdout.write(f"TRS stand-in serving {len(persons)} teacher records at http://{host}:{server.server_port}/v3/persons/<trn>")
        self._list_unregistered(persons)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()

    def _list_unregistered(self, persons: list[dict]) -> None:
        # Made-up people, so their dates of birth may be printed: a tutor types them to register one.
        trns = {str(UNREGISTERED_TRN_START + offset): case for offset, (_, _, case) in enumerate(UNREGISTERED)}
        shown = [p for p in persons if p["trn"] in trns]
        if not shown:
            return
        self.stdout.write("Teachers the demo hub has not registered yet (TRN, date of birth, what their record shows):")
        for person in shown:
            case = CASES[trns[person["trn"]]]
            if person.get("mergedInto"):
                self.stdout.write(f"  {person['trn']}  (merged into {person['mergedInto']}: use that one's date of birth)")
            else:
                self.stdout.write(f"  {person['trn']}  {person['dateOfBirth']}  {person['firstName']} {person['lastName']}: {case}")
