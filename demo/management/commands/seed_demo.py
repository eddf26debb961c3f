"""manage.py seed_demo: build the demo hub (see participants.demo) and print its logins."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.hub import DEFAULT_GIAS_PATH, DemoReport, seed_demo
from demo.people import DEMO_PASSWORD
from participants.models import Role
from participants.schools.gias import GiasFormatError


class Command(BaseCommand):
    help = "Create the demo hub (schools from a GIAS extract, staff, tutors, participants). Safe to re-run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--gias", type=Path, default=DEFAULT_GIAS_PATH, help="GIAS extract to load schools from (default: the sample)"
        )
        parser.add_argument("--if-empty", action="store_true", help="do nothing if any school exists already")
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="seed even though DEBUG is off (a staging copy; never production: the demo passwords are public)",
        )

    def handle(self, *args, gias: Path, if_empty: bool, allow_without_debug: bool, **options) -> None:
        if not settings.DEBUG and not allow_without_debug:
            # The demo logins' passwords and TOTP secrets are public: never create them by accident.
            raise CommandError("seed_demo runs only with DEBUG on (or --allow-without-debug on a staging copy).")
        if not gias.is_file():
            raise CommandError(f"No such file: {gias}")
        try:
            report = seed_demo(gias_path=gias, if_empty=if_empty)
        except GiasFormatError as exc:
            raise CommandError(str(exc)) from exc
        if report is None:
            self.stdout.write("Schools exist already: seed_demo --if-empty left the database as it was.")
            return
        self._print_report(report)

    def _print_report(self, report: DemoReport) -> None:
        self.stdout.write(f"Schools: {report.gias.summary()}")
        for skipped in report.gias.skipped:
            self.stdout.write(f"  {skipped}")
        self.stdout.write(
            f"People: {report.users_created} created, {report.roles_granted} roles granted, "
            f"{report.totp_activated} TOTP authenticators set up."
        )
        self.stdout.write(f"Registrations: {report.ects_created} ECTs and {report.mentors_created} mentors created.")
        self.stdout.write(f"Events: {report.events_created} conferences and events created, with their invitations.")
        self.stdout.write(
            f"Certificates: {report.certificates_created} issued for the held conferences "
            "(the demo logins' ready to download; the worker renders the rest within minutes)."
        )
        self.stdout.write(f"Inductions: {report.inductions_created} created for the accepted claims, at every stage.")
        self.stdout.write(f"Moves: {report.moves_created} ECT asked for by another school, waiting for the demo tutor's answer.")
        self.stdout.write(
            f"Golden thread: {report.golden_thread_enrolments} ITT, NPQ and CPD enrolments, {report.evaluations_created} evaluations."
        )
        self.stdout.write("")
        self.stdout.write("Demo logins:")
        self.stdout.write(f"  {'role':<24} {'email':<30} password")
        for login in report.logins:
            line = f"  {Role(login.role).label:<24} {login.email:<30} {DEMO_PASSWORD:<20}"
            if login.totp_secret:
                line += f" TOTP secret: {login.totp_secret}"
            self.stdout.write(line.rstrip())
        self.stdout.write("")
        self.stdout.write(
            "Hub and AB staff also need a TOTP code: add the secret to an authenticator app, "
            "or run `manage.py demo_totp` (DEBUG only) for the current codes."
        )
