from django.core.management.base import BaseCommand

from appropriate_body.assessments.awaiting import DRIFT_SAMPLE, check_awaiting_review


class Command(BaseCommand):
    help = "Work out when each report waiting for the AB reached them afresh (the nightly check); correct any that drifted."

    def handle(self, *args, **options):
        drifted = check_awaiting_review()
        if drifted:
            self.stdout.write(f"Corrected {len(drifted)} report(s); the first: {drifted[:DRIFT_SAMPLE]}")
        else:
            self.stdout.write("Every report's stored review state matches its status and reviews.")
