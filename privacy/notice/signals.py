"""Signing in reads the privacy notice's current version afresh (one query a sign-in): whoever signs in
is checked against the notice as it stands even after the cache was emptied, and their pages find the
number cached rather than ask the database."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from privacy.notice.notices import refresh_current_version


@receiver(user_logged_in, dispatch_uid="privacy-notice-version-at-sign-in")
def learn_current_version(sender, **kwargs) -> None:
    refresh_current_version()
