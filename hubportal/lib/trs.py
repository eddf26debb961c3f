"""A client for DfE's Teaching Record System (TRS) API: one teacher's record from their TRN and date of birth.

Plain Python over httpx, importing no app: the portal's lookup (participants.people.trs_records) and
the local stand-in's tests use the same client. The portal only reads TRS; DfE's own service writes
induction status.

A date of birth travels in the query string, so neither it nor the key is ever logged here, and the
settings keep httpx's request log (which prints the URL) quiet.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx

logger = logging.getLogger(__name__)

# The alert category "Prohibition from teaching" (ELIG-008).
PROHIBITED_FROM_TEACHING = "b2b19019-b165-47a3-8745-3297ff152581"
INDUCTION_STATUSES = frozenset({"None", "RequiredToComplete", "Exempt", "InProgress", "Passed", "Failed", "FailedInWales"})
# The AppropriateBody role may include these parts and no others.
INCLUDE = "Induction,Alerts,InitialTeacherTraining"
TRN = re.compile(r"^\d{7}$")


class TRSError(Exception):
    """Any answer from TRS that is not the teacher's record."""


class TRSNotFound(TRSError):
    """No record, or a date of birth that does not match: TRS does not say which, and neither do we."""


class TRSDeactivated(TRSError):
    """The record was deactivated (410)."""


class TRSForbidden(TRSError):
    """TRS refused the key (401/403): a configuration problem for hub staff, not the teacher's."""


class TRSUnavailable(TRSError):
    """TRS did not answer usefully after every retry (429, 5xx, timeouts, connection errors)."""


class TRSResponseError(TRSError):
    """TRS answered something this client does not understand (a second redirect, bad JSON)."""


@dataclass(frozen=True)
class TRSAlert:
    category_id: str
    started_on: date | None
    ended_on: date | None


@dataclass(frozen=True)
class TRSPerson:
    trn: str
    first_name: str
    last_name: str
    date_of_birth: date | None
    email: str = ""
    qts_awarded_on: date | None = None
    # TRS's own strings (INDUCTION_STATUSES); None when the record has no induction part.
    induction_status: str | None = None
    induction_started_on: date | None = None
    induction_completed_on: date | None = None
    alerts: tuple[TRSAlert, ...] = field(default_factory=tuple)
    itt_provider_ukprn: str = ""
    # The TRN asked for when TRS answered that it was merged into `trn` (308).
    merged_from: str = ""


def is_prohibited(person: TRSPerson, today: date) -> bool:
    """ELIG-008: a prohibition blocks while it has started and has no end date or ends after today."""
    return any(
        alert.category_id == PROHIBITED_FROM_TEACHING
        and (alert.started_on is None or alert.started_on <= today)
        and (alert.ended_on is None or alert.ended_on > today)
        for alert in person.alerts
    )


class TRSClient:
    """`retries` is how many more times a transient failure is tried after the first request."""

    def __init__(self, base_url: str, api_key: str, api_version: str, *, timeout: float, retries: int,
                 backoff: float = 0.5, max_backoff: float = 10.0, transport: httpx.BaseTransport | None = None):
        if not api_key:
            raise ValueError("A TRS client needs an API key")
        self.retries = max(retries, 0)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {api_key}", "X-Api-Version": api_version, "Accept": "application/json"},
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> TRSClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def person(self, trn: str, date_of_birth: date) -> TRSPerson:
        response = self._get(trn, date_of_birth)
        if response.status_code == 308:
            surviving = _trn_from_location(response.headers.get("Location", ""))
            # A merged record names the one that survived; that one is never merged again.
            response = self._get(surviving, date_of_birth)
            if response.status_code == 308:
                raise TRSResponseError("The teacher record service redirected a merged record a second time")
            return _person_from(response, merged_from=trn)
        return _person_from(response, merged_from="")

    def _get(self, trn: str, date_of_birth: date) -> httpx.Response:
        if not TRN.match(trn):
            # Never put anything but seven digits into the path.
            raise TRSNotFound("No teacher record matches this TRN and date of birth")
        params = {"dateOfBirth": date_of_birth.isoformat(), "include": INCLUDE}
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self._http.get(f"/v3/persons/{trn}", params=params)
            except httpx.TransportError as exc:
                if last:
                    raise TRSUnavailable(f"The teacher record service did not answer ({type(exc).__name__})") from exc
                self._wait(attempt, None, type(exc).__name__)
                continue
            if response.status_code == 429 or response.status_code >= 500:
                if last:
                    raise TRSUnavailable(f"The teacher record service is unavailable (HTTP {response.status_code})")
                self._wait(attempt, response.headers.get("Retry-After"), f"HTTP {response.status_code}")
                continue
            return response
        raise AssertionError("unreachable")

    def _wait(self, attempt: int, retry_after: str | None, reason: str) -> None:
        delay = min(self.backoff * 2**attempt, self.max_backoff)
        if retry_after and retry_after.strip().isdigit():
            # Honoured, but capped: a page must not hang on a long Retry-After.
            delay = min(float(retry_after.strip()), self.max_backoff)
        logger.warning("TRS answered %s; trying again in %.2f s (retry %d of %d)", reason, delay, attempt + 1, self.retries)
        time.sleep(delay)


def _trn_from_location(location: str) -> str:
    trn = httpx.URL(location).path.rstrip("/").rsplit("/", 1)[-1]
    if not TRN.match(trn):
        raise TRSResponseError("The teacher record service said the record was merged but named no TRN")
    return trn


def _person_from(response: httpx.Response, *, merged_from: str) -> TRSPerson:
    status = response.status_code
    if status == 404:
        raise TRSNotFound("No teacher record matches this TRN and date of birth")
    if status == 410:
        raise TRSDeactivated("This teacher record has been deactivated")
    if status in (401, 403):
        raise TRSForbidden(
            f"The teacher record service refused the portal's API key (HTTP {status}): "
            "check TRS_API_KEY, that it has not expired and that its role may read persons"
        )
    if status != 200:
        raise TRSResponseError(f"The teacher record service answered HTTP {status}")
    try:
        return parse_person(response.json(), merged_from=merged_from)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise TRSResponseError("The teacher record service's answer could not be read") from exc


def parse_person(data: dict[str, Any], *, merged_from: str = "") -> TRSPerson:
    qts = data.get("qts") or {}
    induction = data.get("induction") or {}
    return TRSPerson(
        trn=str(data["trn"]),
        first_name=data.get("firstName") or "",
        last_name=data.get("lastName") or "",
        date_of_birth=_date(data.get("dateOfBirth")),
        email=data.get("emailAddress") or "",
        qts_awarded_on=_date(qts.get("awarded")),
        induction_status=induction.get("status"),
        induction_started_on=_date(induction.get("startDate")),
        induction_completed_on=_date(induction.get("completedDate")),
        alerts=tuple(
            TRSAlert(
                category_id=alert["alertType"]["alertCategory"]["alertCategoryId"],
                started_on=_date(alert.get("startDate")),
                ended_on=_date(alert.get("endDate")),
            )
            for alert in data.get("alerts") or []
        ),
        itt_provider_ukprn=_latest_itt_ukprn(data.get("initialTeacherTraining") or []),
        merged_from=merged_from,
    )


def _latest_itt_ukprn(trainings: list[dict[str, Any]]) -> str:
    """The provider of the most recent training that names one (ITT-007 and AB-005 ask who trained them)."""
    with_provider = [t for t in trainings if ((t.get("provider") or {}).get("ukprn") or "").strip()]
    if not with_provider:
        return ""
    latest = max(with_provider, key=lambda t: (_date(t.get("startDate")) or date.min, _date(t.get("endDate")) or date.min))
    return latest["provider"]["ukprn"].strip()


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None
