"""manage.py import_gias [FILE] [--links LINKS]: upsert schools from a GIAS extract (participants.schools.gias),
then follow the links file's successor links (registration.school_merges)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from participants.schools.gias import GiasFormatError, import_gias_file
from participants.schools.gias_links import GiasLinksFormatError
from registration.school_merges.imports import import_links_file


class Command(BaseCommand):
    help = ("Create or update schools from a GIAS extract (Windows-1252 CSV), keyed by URN; with --links, move what "
            "each closed school with one successor still holds to that successor.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, nargs="?", help="the GIAS establishment extract (edubasealldataYYYYMMDD.csv)")
        parser.add_argument("--links", type=Path, help="the GIAS links file (links_edubasealldataYYYYMMDD.csv)")

    def handle(self, *args, file: Path | None, links: Path | None, **options) -> None:
        if file is None and links is None:
            raise CommandError("Give a GIAS extract, a links file (--links), or both")
        for path in (file, links):
            if path is not None and not path.is_file():
                raise CommandError(f"No such file: {path}")
        try:
            if file is not None:
                report = import_gias_file(file)
                self.stdout.write(report.summary())
                for skipped in report.skipped:
                    self.stdout.write(str(skipped))
            if links is not None:
                links_report = import_links_file(links, today=timezone.localdate())
                self.stdout.write(links_report.summary())
                for line in links_report.lines():
                    self.stdout.write(line)
        except (GiasFormatError, GiasLinksFormatError) as exc:
            raise CommandError(str(exc)) from exc
