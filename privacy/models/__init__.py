"""The records the hub keeps about its handling of personal data."""

from .requests import DataRequest
from .retention import RetentionLog

__all__ = ["DataRequest", "RetentionLog"]
