"""manage.py import_gias FILE: upsert schools from a GIAS extract (see participants.gias)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from participants.schools.gias import GiasFormatError, import_gias_file


class Command(BaseCommand):
    help = "Create or update schools from a GIAS extract (Windows-1252 CSV), keyed by URN."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the GIAS CSV extract")

    def handle(self, *args, file: Path, **options) -> None:
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            report = import_gias_file(file)
        except GiasFormatError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary())
        for skipped in report.skipped:
            self.stdout.write(str(skipped))
