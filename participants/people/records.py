"""Finding a teacher's record from their TRN and date of birth.

The registration flow calls `teacher_record_lookup().find(...)` and nothing else,
so a client for DfE's Teaching Record System can replace the manual lookup by
changing the TEACHER_RECORD_LOOKUP setting, without touching the flow.
"""

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class TeacherRecord:
    trn: str
    # Empty when the lookup cannot know the name (the manual lookup): the flow then asks for it.
    first_name: str = ""
    last_name: str = ""
    qts_awarded_on: date | None = None
    # TRS induction status (None, RequiredToComplete, InProgress, Passed, ...) when known; see ELIG-007.
    induction_status: str | None = None
    # What an AB's claim check also needs (appropriate_body.claims.RecordCheck); None: not known.
    has_active_prohibition: bool | None = None
    itt_provider_ukprn: str = ""
    # The TRN typed, when the record was merged into `trn`.
    merged_from: str = ""


class RecordServiceUnavailable(Exception):
    """The record service could not answer (down, refusing the portal's key): the check was not made,
    which is not the same as the teacher not existing."""


class TeacherRecordLookup(Protocol):
    # Where the records come from, for the page to say ("" when nothing checks them).
    source: str

    def find(self, trn: str, date_of_birth: date) -> TeacherRecord | None:
        """The record matching both identifiers (ID-TRN-005), or None when they do not match one.

        A lookup that could not ask (a service down or refusing its key) raises rather than answer None.
        """


class ManualTeacherRecords:
    """No teacher record service: trust what the induction tutor typed.

    Every TRN and date of birth 'match'; the name comes from the tutor on the next page.
    """

    source = ""

    def find(self, trn: str, date_of_birth: date) -> TeacherRecord | None:
        return TeacherRecord(trn=trn)


def teacher_record_lookup() -> TeacherRecordLookup:
    return import_string(settings.TEACHER_RECORD_LOOKUP)()
