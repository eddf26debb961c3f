from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from privacy.retention.figures import forecast
from privacy.retention.job import apply_retention


class Command(BaseCommand):
    help = "Apply the retention schedule now (the nightly job), or with --dry-run say what it would do."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what is due; change nothing.")
        parser.add_argument("--today", type=date.fromisoformat, help="Run as if on this day (YYYY-MM-DD).")

    def handle(self, *args, dry_run: bool, today: date | None, **options):
        today = today or timezone.localdate()
        if dry_run:
            for line in forecast(today):
                if line.due_now:
                    self.stdout.write(f"{line.rule.key}: would be {line.rule.action.label.lower()}: {line.due_now}")
            return
        for key, count in apply_retention(today).items():
            if count:
                self.stdout.write(f"{key}: {count}")
