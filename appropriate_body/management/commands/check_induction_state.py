from django.core.management.base import BaseCommand

from appropriate_body.inductions.state import DRIFT_SAMPLE, check_induction_state


class Command(BaseCommand):
    help = "Work out the to-do state stored on every induction period afresh (the nightly check); correct any that drifted."

    def handle(self, *args, **options):
        drifted = check_induction_state()
        if drifted:
            self.stdout.write(f"Corrected {len(drifted)} induction period(s); the first: {drifted[:DRIFT_SAMPLE]}")
        else:
            self.stdout.write("Every induction period's to-do state matches its registration and induction.")
