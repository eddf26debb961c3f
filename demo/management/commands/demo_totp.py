"""manage.py demo_totp: the current TOTP code of each demo staff login (DEBUG only)."""

import time

from allauth.mfa import app_settings as mfa_settings
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.hub import current_demo_totp_codes


class Command(BaseCommand):
    help = "Print the current TOTP codes of the demo hub and AB staff logins. Refuses unless DEBUG is on."

    def handle(self, *args, **options) -> None:
        # The demo secrets are public (they are in the source); printing codes is
        # only acceptable on a developer's machine, never in production.
        if not settings.DEBUG:
            raise CommandError("demo_totp is for the demo only and runs only with DEBUG on.")
        now = time.time()
        period = mfa_settings.TOTP_PERIOD
        for email, code in current_demo_totp_codes(now):
            self.stdout.write(f"{email:<30} {code or 'no TOTP authenticator: run manage.py seed_demo'}")
        self.stdout.write(f"Codes change in {period - int(now) % period} s.")
