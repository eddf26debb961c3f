from django.core.management.base import BaseCommand

from hubportal.lib.stored_state import DRIFT_SAMPLE, check_stored_state
from hubportal.tasks import STORED_STATES


class Command(BaseCommand):
    help = "Work out every stored state afresh (the nightly check): claims, inductions' to-do, reports awaiting review; correct any that drifted."

    def handle(self, *args, **options):
        for state in STORED_STATES:
            drifted = check_stored_state(state)
            if drifted:
                self.stdout.write(f"{state.name}: corrected {len(drifted)} {state.rows}; the first: {drifted[:DRIFT_SAMPLE]}")
            else:
                self.stdout.write(f"{state.name}: none drifted")
