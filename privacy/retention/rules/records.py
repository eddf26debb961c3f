"""Records about the portal's own work: uploads' reports, emails sent, the history of changes, this job's log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.apps import apps
from django.db import models

from appropriate_body.models import (
    AssessmentNotice,
    AssessmentReminder,
    BulkUpload,
    ConcernNotice,
    LengthRequestNotice,
    RenewalReminder,
    RenewalReminderItem,
    ReportReviewNotice,
)
from hubportal.lib.dates import academic_year_of
from hubportal.lib.outbox import EmailState
from privacy.models import DataRequest, RetentionLog
from privacy.retention.deleting import delete_records, is_history_model
from privacy.retention.schedule import Action, Rule, day_start
from programmes.models import CertificateNotice, EnrolmentUpload, EvaluationNotice, EventNotice
from registration.models import GiasFileImport, RegistrationUpload, SchoolMerge

UPLOADS = (RegistrationUpload, EnrolmentUpload, BulkUpload)
# Notices and reminders: rows whose only job was one email. Invitations, confirmations and release
# requests are outbox rows too, but records in their own right, with rules of their own.
NOTICES = (CertificateNotice, EvaluationNotice, AssessmentReminder, AssessmentNotice, ConcernNotice, ReportReviewNotice,
           LengthRequestNotice, RenewalReminder)
FINISHED_EMAILS = [EmailState.SENT, EmailState.FAILED]


def _uploads_rule(model: type[models.Model]) -> Rule:
    def due(cutoff: date):
        # Only once the hourly purge (DP-002) has forgotten the file: that job owns the first day.
        return model.objects.filter(purged_at__isnull=False, created_at__lt=day_start(cutoff))

    def apply(ids: Sequence[int], today: date) -> None:
        delete_records(model, ids)

    return Rule(
        key=f"uploads.{model._meta.model_name}",
        length_key="uploads",
        kind="Uploaded spreadsheets' reports",
        clock="The upload (its file is purged within 24 hours, DP-002, by the hourly purge jobs)",
        action=Action.DELETE,
        outcome="The upload's row-by-row report is deleted.",
        due=due,
        apply=apply,
    )


def _event_notices_rule() -> Rule:
    def due(cutoff: date):
        # Kept to the end of the academic year after the event's: answers "were we told it changed?" for a year.
        return EventNotice.objects.filter(email_state__in=FINISHED_EMAILS,
                                          invitation__event__ends_at__lt=day_start(date(academic_year_of(cutoff) - 1, 9, 1)))

    def apply(ids: Sequence[int], today: date) -> None:
        delete_records(EventNotice, ids)

    return Rule(
        key="outbox.eventnotice",
        length_key="event_notices",
        kind="Emails about events (changes, places offered, reminders)",
        clock="The end of the academic year after the event's",
        action=Action.DELETE,
        outcome="Deleted: address, message id and any error from the mail server.",
        due=due,
        apply=apply,
    )


def _notices_rule(model: type[models.Model]) -> Rule:
    def due(cutoff: date):
        return model.objects.filter(email_state__in=FINISHED_EMAILS, created_at__lt=day_start(cutoff))

    def apply(ids: Sequence[int], today: date) -> None:
        if model is RenewalReminder:
            RenewalReminderItem.objects.filter(reminder__in=ids).delete()
        delete_records(model, ids)

    return Rule(
        key=f"outbox.{model._meta.model_name}",
        length_key="outbox",
        kind="Emails sent (notices and reminders)",
        clock="The email's creation, once sent or given up",
        action=Action.DELETE,
        outcome="Deleted: address, message id and any error from the mail server.",
        due=due,
        apply=apply,
    )


def _history_rule(history: type[models.Model]) -> Rule:
    def due(cutoff: date):
        return history.objects.filter(history_date__lt=day_start(cutoff))

    def apply(ids: Sequence[int], today: date) -> None:
        history.objects.filter(pk__in=ids).delete()

    return Rule(
        key=f"history.{history._meta.model_name}",
        length_key="history",
        kind="History of changes (who changed what, and the values before)",
        clock="The change",
        action=Action.DELETE,
        outcome="The change's copy of the record is deleted. The record itself follows its own rule.",
        due=due,
        apply=apply,
    )


def old_log_rows(cutoff: date):
    return RetentionLog.objects.filter(run_on__lt=cutoff)


def delete_log_rows(ids: Sequence[int], today: date) -> None:
    RetentionLog.objects.filter(pk__in=ids).delete()


LOG_RULE = Rule(
    key="retention_log",
    length_key="retention_log",
    kind="This schedule's own log",
    clock="The night the batch ran",
    action=Action.DELETE,
    outcome="Deleted. It never names anyone.",
    due=old_log_rows,
    apply=delete_log_rows,
)


def answered_requests(cutoff: date):
    return DataRequest.objects.filter(completed_at__lt=day_start(cutoff))


def delete_requests(ids: Sequence[int], today: date) -> None:
    delete_records(DataRequest, ids)


REQUESTS_RULE = Rule(
    key="data_requests",
    length_key="data_requests",
    kind="Data requests (copies and erasures asked for)",
    clock="The request's answer (it stops naming the person then, or when its copy's download expires)",
    action=Action.DELETE,
    outcome="Deleted, with any copy of the person's data still stored.",
    due=answered_requests,
    apply=delete_requests,
)


def _gias_rule(model: type[models.Model], kind: str) -> Rule:
    def due(cutoff: date):
        field = "created_at" if model is SchoolMerge else "imported_at"
        return model.objects.filter(**{f"{field}__lt": day_start(cutoff)})

    def apply(ids: Sequence[int], today: date) -> None:
        model.objects.filter(pk__in=ids).delete()

    return Rule(
        key=f"gias.{model._meta.model_name}",
        length_key="gias_imports",
        kind=kind,
        clock="The import",
        action=Action.DELETE,
        outcome="Deleted. It names schools and records by number, never a person.",
        due=due,
        apply=apply,
    )


def rules() -> list[Rule]:
    # Every history table the portal has, found in the app registry: a new tracked model is covered the day it is added.
    histories = sorted((m for m in apps.get_models() if is_history_model(m)), key=lambda m: m._meta.label)
    return [
        *(_uploads_rule(model) for model in UPLOADS),
        _event_notices_rule(),
        *(_notices_rule(model) for model in NOTICES),
        *(_history_rule(history) for history in histories),
        REQUESTS_RULE,
        LOG_RULE,
        _gias_rule(SchoolMerge, "Closed schools' moves to their successor (what moved, by number)"),
        _gias_rule(GiasFileImport, "GIAS files imported (their names)"),
    ]
