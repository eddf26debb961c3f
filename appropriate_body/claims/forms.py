"""Forms of AB staff's claim pages: accept (with what the teacher's record shows), reject, and ask
another AB to release the ECT. They parse input; the rules are in appropriate_body.claims.claims."""

from datetime import date

from django import forms

from appropriate_body.claims.claims import RecordCheck
from appropriate_body.inductions.contacts import NOT_AB_STAFF, contact_label, named_contact_choices
from appropriate_body.models import TRSInductionStatus
from hubportal.lib.forms import DateInputsField, DateInputsWidget, RadioItemsMixin
from participants.people.identifiers import validate_date_of_birth

YES_NO = [("yes", "Yes"), ("no", "No")]


class AcceptClaimForm(RadioItemsMixin, forms.Form):
    """What the teacher's record shows, and the induction start date the AB sets (REGN-002)."""

    qts_awarded_on = DateInputsField(
        noun="The QTS award date", example="20 7 2026", required=False, widget=DateInputsWidget(named=False),
        label="QTS award date (optional)", help_text="As the teacher record shows it. Leave it blank if the record shows no QTS.",
    )
    induction_status = forms.ChoiceField(
        label="Induction status on the teacher record", choices=[("", "Select the status")] + TRSInductionStatus.choices,
        error_messages={"required": "Select the induction status the teacher record shows"},
    )
    has_active_prohibition = forms.ChoiceField(
        label="Does the record show an active prohibition from teaching?", choices=YES_NO, widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the record shows an active prohibition"},
    )
    other_appropriate_body = forms.CharField(
        label="Another appropriate body holding their induction (optional)", required=False, max_length=200,
        help_text="Leave blank unless another appropriate body has an open induction period for them.",
    )
    itt_provider_ukprn = forms.RegexField(
        label="UKPRN of the ITT provider that recommended them for QTS (optional)", required=False, regex=r"^\d{8}$",
        error_messages={"invalid": "A UKPRN is 8 numbers, like 10012345"},
    )
    start_date = DateInputsField(
        noun="The induction start date", example="1 9 2026", widget=DateInputsWidget(named=False),
        label="Induction start date", help_text="The school proposed the date shown. A date ahead starts the induction on that day.",
        error_messages={"required": "Enter the induction start date"},
    )

    # REGN-004: left out, the contact is the person accepting (accept_claim's default), so the view
    # preselects them. The view removes the field when the ECT already has a contact (a transfer keeps theirs).
    named_contact = forms.ModelChoiceField(
        label="Named contact for the ECT", queryset=named_contact_choices(), required=False, empty_label=None,
        help_text="Someone at the appropriate body the ECT can raise concerns with, who does not assess or support them.",
        error_messages={"invalid_choice": NOT_AB_STAFF},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "named_contact" in self.fields:
            self.fields["named_contact"].label_from_instance = contact_label

    def record_check(self) -> RecordCheck:
        data = self.cleaned_data
        return RecordCheck(
            qts_awarded_on=data["qts_awarded_on"], induction_status=data["induction_status"],
            has_active_prohibition=data["has_active_prohibition"] == "yes",
            other_appropriate_body=data["other_appropriate_body"], itt_provider_ukprn=data["itt_provider_ukprn"],
        )


class ReadRecordForm(forms.Form):
    """A claim with no date of birth (a move between schools, or one since erased): AB staff give it to read the record."""

    date_of_birth = DateInputsField(
        noun="Date of birth", label="Date of birth",
        help_text="For example, 27 3 1995, as the school gave it. It finds the teacher record and is kept sealed only "
                  "until the claim is recorded in RIAB, at most 30 days.",
        error_messages={"required": "Enter their date of birth"},
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        validate_date_of_birth(value, today=self.today)  # ID-DOB-001
        return value


class RejectClaimForm(forms.Form):
    reason = forms.CharField(
        label="Why is the claim rejected?", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The school's induction tutor reads this.",
        error_messages={"required": "Enter the reason, which the school will see"},
    )


class ReleaseRequestForm(forms.Form):
    appropriate_body_name = forms.CharField(label="Name of the appropriate body holding their induction", max_length=200,
                                            error_messages={"required": "Enter the name of the appropriate body holding the ECT's induction"})
    email = forms.EmailField(label="Their email address", error_messages={
        "required": "Enter their email address, like induction@otherhub.org.uk",
        "invalid": "Enter their email address, like induction@otherhub.org.uk"})
    message = forms.CharField(label="Anything to add (optional)", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
