"""The demo hub's personal-data work in progress, so each page has something on it:

- two data requests waiting on hub staff's Data requests page: a copy of the demo ECT's data (their
  own login, so the export can be built and read), and the erasure of a registered teacher with no
  induction here (a plan with nothing kept);
- the dates of birth schools gave at registration, kept sealed on the claims not yet handed over to
  RIAB (as the portal keeps them, at most 30 days), the same dates the TRS stand-in holds: AB staff's
  RIAB page has files to download, and a claim's record can be read again from the stand-in.
"""

from __future__ import annotations

from datetime import date, timedelta

from appropriate_body.models import Claim
from demo.trs import demo_trs_persons
from hubportal.lib.sealed import seal
from participants.models import Teacher, User
from privacy.models import DataRequest
from privacy.requests.requests import open_request


def seed_demo_data_requests(*, today: date, hub_staff: User | None, ect_email: str) -> int:
    """The two open requests; how many were made now (0 when a second run finds them)."""
    made = 0
    wanted = [(DataRequest.Kind.ACCESS, ect_email, today - timedelta(days=4))]
    leaver = (Teacher.objects.filter(induction__isnull=True, user__isnull=True, erased_on__isnull=True)
              .exclude(email="").order_by("trn").first())
    if leaver is not None:
        wanted.append((DataRequest.Kind.ERASURE, leaver.email, today - timedelta(days=25)))
    for kind, email, received_on in wanted:
        if not DataRequest.objects.filter(kind=kind, email=email).exists():
            open_request(kind, email=email, trn="", name="", received_on=received_on, actor=hub_staff)
            made += 1
    return made


def seed_demo_riab_dates_of_birth(*, today: date) -> int:
    """Seal each open or accepted claim's date of birth that is not yet handed over; how many were sealed now."""
    born = {person["trn"]: person["dateOfBirth"] for person in demo_trs_persons(today=today) if person.get("dateOfBirth")}
    claims = list(Claim.objects.filter(date_of_birth_sealed="", riab_recorded_at__isnull=True)
                  .exclude(status__in=[Claim.Status.REJECTED, Claim.Status.WITHDRAWN]).select_related("ect_period__teacher"))
    sealed = [claim for claim in claims if claim.ect_period.teacher.trn in born]
    for claim in sealed:
        claim.date_of_birth_sealed = seal(born[claim.ect_period.teacher.trn])
    # The sealed field is kept out of the claims' history, so a plain bulk update writes no history row.
    Claim.objects.bulk_update(sealed, ["date_of_birth_sealed"], batch_size=500)
    return len(sealed)
