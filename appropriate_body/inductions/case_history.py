"""The whole history of one ECT's induction: every change to its claims, periods, extensions, absences,
reviews, completion, appeal, requests to change its length, named contact and concerns.

DP-006 / issue 6 item 5: who changed what, and when, read back from django-simple-history, one
query per history table however long the history; exported as CSV for the AB's records.
"""

from django.utils import timezone

from appropriate_body.models import (
    Absence,
    Appeal,
    Assessment,
    Claim,
    CompletionDecision,
    Concern,
    ConcernAction,
    Extension,
    Induction,
    InductionPeriod,
    LengthRequest,
    QACheck,
    ReportReview,
    ReturnedSection,
    ReviewOutcome,
)
from hubportal.lib.history import FieldChange, HistoryEntry, change_entries, diffs, diffs_by_object, ordered, who
from participants.models import User

CLAIM_FIELDS = {
    "status": "Claim status", "status_reason": "Reason", "induction_start_date": "Induction start date",
    "qts_awarded_on": "QTS awarded on", "trs_induction_status": "Induction status on the record",
    "has_active_prohibition": "Active prohibition", "other_appropriate_body": "Held by another AB",
}
PERIOD_FIELDS = {
    "started_on": "Start date", "finished_on": "End date", "fte": "FTE", "number_of_terms": "Number of terms",
    "outcome": "Outcome", "fail_confirmation_sent_on": "Date the ECT was written to about the fail",
}
EXTENSION_FIELDS = {"terms": "Terms", "reason": "Reason", "decided_on": "Decided on"}
ASSESSMENT_FIELDS = {
    "status": "Status", "due_on": "Due by", "on_track": "On track", "headteacher_recommendation": "Headteacher's recommendation",
    "tutor_signed_at": "Signed by the induction tutor", "headteacher_signed_at": "Signed by the headteacher", "ect_signed_at": "Signed by the ECT",
}
COMPLETION_FIELDS = {
    "recommendation": "Headteacher's recommendation", "recommendation_received_on": "Recommendation received",
    "representations_received_on": "ECT's comments received", "decision": "Decision", "decided_on": "Decided on",
    "notices_sent_on": "Notices sent",
}
APPEAL_FIELDS = {
    "lodged_on": "Lodged with TRA", "copy_received_on": "TRA's copy received", "response_sent_on": "AB's reply sent",
    "defends": "The AB defends its decision", "oral_hearing_requested": "Oral hearing asked for", "outcome": "TRA's outcome",
    "outcome_received_on": "Outcome received", "outcome_terms": "Extension set by TRA (terms)",
}
INDUCTION_FIELDS = {"named_contact": "Named contact (REGN-004)", "reduction_terms": "Reduction (terms)"}
# ABD-007: the school's request, the ECT's answer and the AB's decision.
LENGTH_REQUEST_FIELDS = {"status": "Status", "ect_answer": "ECT's answer", "decided_terms": "Terms agreed", "refusal_reason": "Reason for refusing"}
# ABD-004: a concern's monitoring and closing; its text is on the concern's own page.
CONCERN_FIELDS = {"status": "Status", "review_on": "Next review", "visit_on": "Visit", "closing_note": "Closing note"}
CONCERN_ACTION_FIELDS = {"due_on": "Due by", "done_on": "Done on"}
ABSENCE_FIELDS = {"kind": "Kind", "started_on": "First day", "finished_on": "Last day", "days": "Days", "ect_opted_to_extend": "ECT chose to extend"}


def _created(records, describe) -> list[HistoryEntry]:
    return [HistoryEntry(r.history_date, who(r), describe(r)) for r in records if r.history_type == "+"]


def case_history(induction: Induction) -> list[HistoryEntry]:
    """Newest first. Claims come from every registration of the teacher, at any school."""
    claims = ordered(Claim.history.filter(ect_period__teacher_id=induction.teacher_id))
    periods = ordered(InductionPeriod.history.filter(induction_id=induction.pk))
    extensions = ordered(Extension.history.filter(induction_id=induction.pk))
    absences = ordered(Absence.history.filter(induction_id=induction.pk))
    entries = _created(claims, lambda r: "Claim opened by the school's registration")
    entries += _created(periods, lambda r: "Induction period opened" if not r.other_appropriate_body
                        else f"Induction period with {r.other_appropriate_body} recorded")
    entries += _created(extensions, lambda r: f"Extension of {r.terms} terms recorded: {r.reason}")
    entries += _created(absences, lambda r: f"Absence recorded: {r.get_kind_display()}, {r.days} days")
    entries += change_entries(diffs_by_object(claims, CLAIM_FIELDS), Claim, CLAIM_FIELDS, "Claim changed")
    entries += change_entries(diffs_by_object(periods, PERIOD_FIELDS), InductionPeriod, PERIOD_FIELDS, "Induction period changed")
    entries += change_entries(diffs_by_object(extensions, EXTENSION_FIELDS), Extension, EXTENSION_FIELDS, "Extension changed")
    entries += change_entries(diffs_by_object(absences, ABSENCE_FIELDS), Absence, ABSENCE_FIELDS, "Absence changed")
    entries += _assessment_entries(ordered(Assessment.history.filter(induction_id=induction.pk)))
    entries += _report_review_entries(induction)
    completions = ordered(CompletionDecision.history.filter(induction_id=induction.pk))
    entries += _created(completions, lambda r: f"Completion recorded: induction completed on {r.completed_on:%-d %B %Y}")
    entries += change_entries(diffs_by_object(completions, COMPLETION_FIELDS), CompletionDecision, COMPLETION_FIELDS, "Completion and decision")
    appeals = ordered(Appeal.history.filter(completion__induction_id=induction.pk))
    entries += _created(appeals, lambda r: f"Appeal recorded: TRA's copy received on {r.copy_received_on:%-d %B %Y}")
    entries += change_entries(diffs_by_object(appeals, APPEAL_FIELDS), Appeal, APPEAL_FIELDS, "Appeal")
    requests = ordered(LengthRequest.history.filter(induction_id=induction.pk))
    entries += _created(requests, lambda r: f"{r.get_kind_display()} of {r.terms} terms asked for by the school")
    entries += change_entries(diffs_by_object(requests, LENGTH_REQUEST_FIELDS), LengthRequest, LENGTH_REQUEST_FIELDS,
                              "Request to change the length")
    entries += _induction_entries(ordered(Induction.history.filter(id=induction.pk)))
    concerns = ordered(Concern.history.filter(induction_id=induction.pk))
    entries += _created(concerns, lambda r: f"Concern raised by {r.get_raised_as_display().lower()}")
    entries += change_entries(diffs_by_object(concerns, CONCERN_FIELDS), Concern, CONCERN_FIELDS, "Concern")
    actions = ordered(ConcernAction.history.filter(concern__induction_id=induction.pk))
    entries += _created(actions, lambda r: f"Concern action agreed: {r.what} ({r.who}, due {r.due_on:%-d %B %Y})")
    entries += change_entries(diffs_by_object(actions, CONCERN_ACTION_FIELDS), ConcernAction, CONCERN_ACTION_FIELDS, "Concern action")
    # The AB's QA checks of this ECT (appropriate_body.qa): what was looked at and found.
    entries += _created(ordered(QACheck.history.filter(induction_id=induction.pk)),
                        lambda r: f"QA check: {r.get_finding_display().lower()}. Looked at: {r.looked_at}")
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _induction_entries(records: list) -> list[HistoryEntry]:
    """The induction's own changes (its named contact, a reduction), contacts named rather than numbered."""
    pairs = diffs(records, INDUCTION_FIELDS)
    ids = {value for _, changes in pairs for c in changes if c.field == "named_contact" for value in (c.old, c.new) if value}
    names = {(User, user.pk): user.get_full_name() or user.email for user in User.objects.filter(pk__in=ids)} if ids else {}
    return change_entries(pairs, Induction, INDUCTION_FIELDS, "Induction changed", names)


def _assessment_entries(records: list) -> list[HistoryEntry]:
    """Reviews and assessments are many rows; each change is named by its kind and term."""
    entries = []
    for record, changes in diffs_by_object(records, ASSESSMENT_FIELDS):
        summary = f"{record.get_kind_display()} (term {record.term_number})"
        entries += change_entries([(record, changes)], Assessment, ASSESSMENT_FIELDS, summary)
    return entries


def _report_review_entries(induction: Induction) -> list[HistoryEntry]:
    """The AB's checks (SG24 5.11): "Returned by the AB" with its comments, "Resubmitted by the school", "Accepted by the AB".
    Three queries however many checks: the reports' names, the checks' history and the comments."""
    reports = {a.pk: f"{a.get_kind_display()} (term {a.term_number})" for a in Assessment.objects.filter(induction_id=induction.pk)}
    records = ordered(ReportReview.history.filter(assessment_id__in=reports))
    if not records:
        return []
    comments: dict[int, list[FieldChange]] = {}
    for section in ReturnedSection.objects.filter(review_id__in={r.id for r in records}).order_by("pk"):
        comments.setdefault(section.review_id, []).append(FieldChange(section.get_section_display(), "", section.comment))
    entries, resubmitted = [], set()
    for record in records:
        report = reports[record.assessment_id]
        if record.history_type == "+":
            if record.outcome == ReviewOutcome.ACCEPTED:
                entries.append(HistoryEntry(record.history_date, who(record), f"Accepted by the AB: {report}"))
            else:
                entries.append(HistoryEntry(record.history_date, who(record), f"Returned by the AB: {report}",
                                            tuple(comments.get(record.id, ()))))
        elif record.resubmitted_at is not None and record.id not in resubmitted:
            resubmitted.add(record.id)
            entries.append(HistoryEntry(record.history_date, who(record), f"Resubmitted by the school: {report}"))
    return entries


def history_rows(entries: list[HistoryEntry]) -> list[list[str]]:
    """One CSV row per field changed (an entry with no field changes is one row)."""
    rows = []
    for entry in entries:
        when = timezone.localtime(entry.when).strftime("%Y-%m-%d %H:%M:%S")
        for change in entry.changes or (None,):
            rows.append([when, entry.who, entry.summary, change.label if change else "", change.old if change else "", change.new if change else ""])
    return rows
