"""The records the hub keeps about its handling of personal data: the retention job's log and figures, data
requests, and the privacy notice's versions with who saw which."""

from .notice import PrivacyNotice, PrivacyNoticeReading
from .requests import DataRequest
from .retention import RetentionFigure, RetentionLog

__all__ = ["DataRequest", "PrivacyNotice", "PrivacyNoticeReading", "RetentionFigure", "RetentionLog"]
