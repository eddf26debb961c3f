"""Teacher records from DfE's Teaching Record System: the lookup TEACHER_RECORD_LOOKUP names when TRS_API_URL is set."""

import logging
from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from hubportal.lib.trs import TRSClient, TRSDeactivated, TRSError, TRSNotFound, is_prohibited
from participants.people.records import RecordServiceUnavailable, TeacherRecord

logger = logging.getLogger(__name__)


def trs_client() -> TRSClient:
    """A client as the settings configure it; the caller closes it."""
    if not settings.TRS_API_URL or not settings.TRS_API_KEY:
        raise ImproperlyConfigured("The Teaching Record System needs TRS_API_URL and TRS_API_KEY")
    return TRSClient(settings.TRS_API_URL, settings.TRS_API_KEY, settings.TRS_API_VERSION,
                     timeout=settings.TRS_TIMEOUT_SECONDS, retries=settings.TRS_RETRIES)


class TRSTeacherRecords:
    """A deactivated record counts as no record. Any other failure reaches the caller as
    RecordServiceUnavailable, which must say the check could not be made rather than that the teacher does not exist."""

    source = "the Teaching Record System"

    def find(self, trn: str, date_of_birth: date) -> TeacherRecord | None:
        with trs_client() as client:
            try:
                person = client.person(trn, date_of_birth)
            except (TRSNotFound, TRSDeactivated):
                return None
            except TRSError as exc:
                # Down, refusing our key, or answering nonsense: say the check could not be made.
                logger.warning("Teaching Record System lookup failed: %s", type(exc).__name__)
                raise RecordServiceUnavailable(str(exc)) from exc
        return TeacherRecord(
            trn=person.trn,
            first_name=person.first_name,
            last_name=person.last_name,
            qts_awarded_on=person.qts_awarded_on,
            induction_status=person.induction_status,
            has_active_prohibition=is_prohibited(person, timezone.localdate()),
            itt_provider_ukprn=person.itt_provider_ukprn,
            merged_from=person.merged_from,
        )
