"""Forms for progress reviews and assessments. Nothing here decides completeness: the domain does,
when the tutor submits (appropriate_body.assessments.submission_errors), so a draft can be saved half-done."""

from django import forms

from appropriate_body.models import AssessmentKind, Recommendation, Standard
from appropriate_body.models.assessments import MEETING_KINDS
from hubportal.lib.forms import DateInputsField, DateInputsWidget, RadioItemsMixin

ON_TRACK_CHOICES = [("yes", "On track"), ("no", "Not on track")]


def _on_track(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _choice(value: bool | None) -> str | None:
    return {True: "yes", False: "no"}.get(value)


class AssessmentForm(RadioItemsMixin, forms.Form):
    # Not required here so a draft saves without it; submitting asks for it (submission_errors), and
    # the domain refuses a date ahead or before the period (meeting_date_errors).
    meeting_on = DateInputsField(
        noun="The date of the assessment meeting", example="10 7 2028", required=False, widget=DateInputsWidget(named=False),
        label="Date of the assessment meeting",
        help_text="The meeting where the report was discussed with the ECT. The signed report is due to the appropriate body "
                  "within 10 working days of the final assessment meeting.",
    )
    on_track = forms.ChoiceField(label="Is the ECT on track to complete induction?", choices=ON_TRACK_CHOICES,
                                 widget=forms.RadioSelect, required=False)
    # Shown under the question rather than revealed by "Not on track": GOV.UK Frontend marks a revealing radio
    # aria-expanded, which ARIA does not allow on a radio (axe-core's aria-allowed-attr).
    support_plan = forms.CharField(label="Support plan, if the ECT is not on track", required=False, widget=forms.Textarea(attrs={"rows": 5}),
                                   help_text="The support, objectives and how progress will be checked. Leave it empty if the ECT is on track.")
    evidence_summary = forms.CharField(label="Summary of the evidence", required=False, widget=forms.Textarea(attrs={"rows": 5}),
                                       help_text="From existing work: the ECT should not have to create new evidence.")
    targets = forms.CharField(label="Development targets agreed with the ECT", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="Against the Teachers' Standards.")
    headteacher_recommendation = forms.ChoiceField(label="The headteacher's recommendation", required=False, widget=forms.RadioSelect,
                                                   choices=Recommendation.choices)
    days_absent_since_last = forms.IntegerField(label="Days absent since the last assessment", required=False, min_value=0,
                                                max_value=999, help_text="Enter 0 if none.")

    def __init__(self, *args, assessment, **kwargs):
        initial = {
            "meeting_on": assessment.meeting_on, "on_track": _choice(assessment.on_track), "support_plan": assessment.support_plan,
            "evidence_summary": assessment.evidence_summary, "targets": assessment.targets,
            "headteacher_recommendation": assessment.headteacher_recommendation,
            "days_absent_since_last": assessment.days_absent_since_last,
        }
        judged = {j.standard: j for j in assessment.judgements.all()}
        for standard in Standard:
            judgement = judged.get(standard.value)
            initial[f"{standard.value}_on_track"] = _choice(judgement.on_track) if judgement else None
            initial[f"{standard.value}_note"] = judgement.note if judgement else ""
        super().__init__(*args, initial=initial, **kwargs)
        if assessment.kind != AssessmentKind.FINAL_ASSESSMENT:
            del self.fields["headteacher_recommendation"]
        if assessment.kind != AssessmentKind.INTERIM_ASSESSMENT:
            del self.fields["days_absent_since_last"]
        if assessment.kind not in MEETING_KINDS:
            del self.fields["meeting_on"]  # FA-001: progress reviews and interim assessments have no meeting
        for standard in Standard:
            self.fields[f"{standard.value}_on_track"] = forms.ChoiceField(
                label=standard.label, choices=ON_TRACK_CHOICES, widget=forms.RadioSelect, required=False)
            self.fields[f"{standard.value}_note"] = forms.CharField(
                label=f"Note on {standard.value}", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def standards(self) -> list[dict]:
        return [{"code": s.value, "field": self[f"{s.value}_on_track"], "items": self.radio_items(f"{s.value}_on_track"),
                 "note": self[f"{s.value}_note"]} for s in Standard]

    def record(self) -> dict:
        data = self.cleaned_data
        record = {name: data[name] for name in ("support_plan", "evidence_summary", "targets") if name in data}
        record["on_track"] = _on_track(data.get("on_track", ""))
        if "headteacher_recommendation" in self.fields:
            record["headteacher_recommendation"] = data.get("headteacher_recommendation", "")
        if "days_absent_since_last" in self.fields:
            record["days_absent_since_last"] = data.get("days_absent_since_last")
        if "meeting_on" in self.fields:
            record["meeting_on"] = data.get("meeting_on")
        return record

    def judgements(self) -> dict[str, tuple[bool | None, str]]:
        data = self.cleaned_data
        return {s.value: (_on_track(data.get(f"{s.value}_on_track", "")), data.get(f"{s.value}_note", "")) for s in Standard}

    def put_domain_errors(self, errors: dict) -> None:
        """Errors about a standard go on its radios (the domain names them TS1…P2)."""
        for key, messages in errors.items():
            name = f"{key}_on_track" if key in Standard.values else key
            self.add_error(name if name in self.fields else None, messages)


class EvidenceForm(forms.Form):
    file = forms.FileField(label="Upload a file", help_text="PDF, Word document (DOCX), JPG or PNG, smaller than 10 MB.",
                           error_messages={"required": "Select a file to upload"})


class CommentsForm(forms.Form):
    comments = forms.CharField(label="Your comments (optional)", required=False, widget=forms.Textarea(attrs={"rows": 5}),
                               help_text="Leave this empty if you have no comments.")
