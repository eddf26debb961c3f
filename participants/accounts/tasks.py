"""Accounts' scheduled job: old invitations cleared away (invitations left unsent: hubportal.tasks.sweep)."""

from celery import shared_task

from participants.accounts.invitations import expire_old_invitations


@shared_task(name="participants.tasks.expire_invitations")
def expire_invitations() -> int:
    return expire_old_invitations()
