"""The records the hub keeps about its handling of personal data (never the personal data itself)."""

from .retention import RetentionLog

__all__ = ["RetentionLog"]
