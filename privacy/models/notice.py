from django.conf import settings
from django.db import models
from django.utils import timezone


class PrivacyNotice(models.Model):
    """One published version of the hub's privacy notice; a new text is a new version, never an edit.

    Retention: kept for as long as the portal runs. The versions are the evidence of what people were told.
    """

    version = models.PositiveIntegerField(unique=True)
    # Plain text: paragraphs separated by a blank line, a line starting "## " a sub-heading.
    text = models.TextField()
    summary = models.TextField("summary of changes", blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-version"]

    def __str__(self):
        return f"Privacy notice version {self.version}"


class PrivacyNoticeReading(models.Model):
    """A person saw a version of the privacy notice, and when (the first time only).

    Retention: goes with the person's account (deleted with it).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="privacy_notice_readings")
    notice = models.ForeignKey(PrivacyNotice, on_delete=models.PROTECT, related_name="readings")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "notice"], name="privacy_notice_seen_once")]

    def __str__(self):
        return f"{self.user} saw version {self.notice.version} on {self.seen_at:%Y-%m-%d}"
