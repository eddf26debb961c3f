"""The records the hub keeps about its handling of personal data: the retention job's log, and the
privacy notice's versions with who saw which (never other personal data itself)."""

from .notice import PrivacyNotice, PrivacyNoticeReading
from .retention import RetentionLog

__all__ = ["PrivacyNotice", "PrivacyNoticeReading", "RetentionLog"]
