from django.core.management.base import BaseCommand

from appropriate_body.claims.state import DRIFT_SAMPLE, check_claim_state


class Command(BaseCommand):
    help = "Work out the claim state stored on every ECT period afresh (the nightly check); correct any that drifted."

    def handle(self, *args, **options):
        drifted = check_claim_state()
        if drifted:
            self.stdout.write(f"Corrected {len(drifted)} ECT period(s); the first: {drifted[:DRIFT_SAMPLE]}")
        else:
            self.stdout.write("Every ECT period's claim state matches its claims.")
