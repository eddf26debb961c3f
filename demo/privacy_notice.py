"""The demo hub's privacy notice: version 1 (the starting text hub staff are offered), published by the
demo hub staff login and already seen by every demo person, so signing in as one goes straight to
their home page. Publishing version 2 on the hub staff's page shows everyone the notice again."""

from django.db.models import QuerySet

from participants.models import User
from privacy.models import PrivacyNotice, PrivacyNoticeReading
from privacy.notice.notices import publish_notice
from privacy.notice.starter import starter_text


def seed_demo_privacy_notice(*, hub_staff: User | None, readers: QuerySet[User]) -> int:
    """Version 1 and who has seen it; 1 if it was published now, 0 when a second run finds it."""
    notice = PrivacyNotice.objects.filter(version=1).first()
    published = 0
    if notice is None:
        notice = publish_notice(starter_text(), summary="", actor=hub_staff)
        published = 1
    # Version 1 only: a later version hub staff published in the demo stays unseen until each person reads it.
    PrivacyNoticeReading.objects.bulk_create(
        [PrivacyNoticeReading(user_id=pk, notice=notice, seen_at=notice.published_at) for pk in readers.values_list("pk", flat=True)],
        ignore_conflicts=True,
    )
    return published
