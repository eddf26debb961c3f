"""One form per page of the guided ECT registration.

Each page checks its own answers with the domain's functions and messages
(identifiers.py, check_ect_fields, check_mentor_fields), so the tutor hears about a
problem on the page that asked, in the same words register_ect would use at the end.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from hubportal.lib.forms import DateInputsField, RadioItemsMixin, email_field, name_field, put_errors
from participants.models import LeadProvider, TrainingProgramme, WorkingPattern
from participants.people.forms import normalised_trn, trn_field
from participants.people.identifiers import normalise_trn, validate_date_of_birth
from registration.guided.flow import MENTOR_LATER, MENTOR_NEW, Answers
from registration.mentors import check_mentor_against_records
from registration.teachers import EMAIL_IN_USE, ECTDetails, KnownTeachers, MentorDetails, check_ect_fields, check_mentor_fields

YES_NO = [("yes", "Yes"), ("no", "No")]


def ect_field_errors(*, today: date, lead_provider_ids=(), **answers) -> dict[str, str]:
    """check_ect_fields on one page's answers, the other fields filled with answers that pass."""
    values = {
        "trn": "0000000", "first_name": "-", "last_name": "-", "email": "name@example.org", "started_on": today,
        "working_pattern": WorkingPattern.FULL_TIME, "training_programme": TrainingProgramme.SCHOOL_LED,
    }
    values.update(answers)
    return check_ect_fields(ECTDetails(**values), today=today, lead_provider_ids=lead_provider_ids)


class StepForm(RadioItemsMixin, forms.Form):
    """Radios are drawn by includes/forms/radios.html from `radios` (form_fields.RadioItemsMixin)."""

    def __init__(self, *args, today: date, answers: Answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.today, self.answers = today, answers


class FindForm(StepForm):
    trn = trn_field(help_text="Their TRN has 7 digits, for example 1234567. It is on their teacher record and payslips.")
    date_of_birth = DateInputsField(
        noun="Date of birth", label="Date of birth",
        help_text="For example, 27 3 1995. We use it only to find their teacher record and do not keep it.",
        error_messages={"required": "Enter their date of birth"},
    )

    def clean_trn(self):
        # ID-TRN-003: lenient input, padded to 7 digits.
        return normalise_trn(self.cleaned_data["trn"])

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        validate_date_of_birth(value, today=self.today)  # ID-DOB-001
        return value


class NameForm(StepForm):
    first_name = name_field("First name")
    last_name = name_field("Last name")
    # Only when the teacher record lookup returned a name.
    is_right = forms.ChoiceField(
        label="Is this the teacher you want to register?", widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No, check the TRN and date of birth again")],
        error_messages={"required": "Select yes if this is the teacher you want to register",
                        "invalid_choice": "Select yes if this is the teacher you want to register"},
    )
    uses_other_name = forms.ChoiceField(
        label="Do they use a different name at school?", widget=forms.RadioSelect, choices=YES_NO,
        help_text="For example, a married name or a shortened first name that is not on their teacher record.",
        error_messages={"required": "Select yes if they use a different name at school",
                        "invalid_choice": "Select yes if they use a different name at school"},
    )
    corrected_name = forms.CharField(label="The name they use at school", required=False, max_length=200)
    conditionals = {"uses_other_name": {"yes": ["corrected_name"]}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.answers.has_record_name:
            del self.fields["first_name"], self.fields["last_name"]
        else:
            del self.fields["is_right"]

    def clean(self):
        data = super().clean()
        if "first_name" in self.fields:
            put_errors(self, ect_field_errors(today=self.today, first_name=data.get("first_name", ""),
                                              last_name=data.get("last_name", "")))
        if data.get("uses_other_name") == "yes" and not data.get("corrected_name", "").strip():
            self.add_error("corrected_name", "Enter the name they use at school")
        return data


class EmailForm(StepForm):
    email = email_field(help_text="We send them an email to set up their account on the portal.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The label is the page's question and heading (GOV.UK's "label as page heading").
        self.fields["email"].label = f"What is {self.answers.display_name}'s email address?"

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if message := ect_field_errors(today=self.today, email=email).get("email"):
            raise ValidationError(message)
        known = KnownTeachers([self.answers.trn], [email], today=self.today)
        if known.email_clash(email, self.answers.trn):
            raise ValidationError(EMAIL_IN_USE)
        return email.lower()


class StartDateForm(StepForm):
    started_on = DateInputsField(
        noun="Start date", label="Start date", help_text="For example, 1 9 2026.",
        error_messages={"required": "Enter the date they start at your school as an ECT"},
    )

    def clean_started_on(self):
        value = self.cleaned_data["started_on"]
        # IND-005 and "no more than a year ahead", in register_ect's words.
        if message := ect_field_errors(today=self.today, started_on=value).get("started_on"):
            raise ValidationError(message)
        return value


class WorkingPatternForm(StepForm):
    working_pattern = forms.ChoiceField(
        label="Do they work full time or part time?", widget=forms.RadioSelect, choices=WorkingPattern.choices,
        error_messages={"required": "Select full time or part time", "invalid_choice": "Select full time or part time"},
    )
    fte = forms.CharField(
        label="Full-time equivalent (FTE)", required=False, max_length=10,
        help_text="A number more than 0 and less than 1, for example 0.6 for three days a week.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    conditionals = {"working_pattern": {WorkingPattern.PART_TIME: ["fte"]}}

    def clean(self):
        data = super().clean()
        if data.get("working_pattern") != WorkingPattern.PART_TIME:
            data["fte"] = None
            return data
        raw = (data.get("fte") or "").strip()
        fte = None
        if raw:
            try:
                fte = Decimal(raw)
            except InvalidOperation:
                fte = None
            if fte is None or not fte.is_finite():
                self.add_error("fte", "FTE must be a number, for example 0.6")
                return data
        put_errors(self, ect_field_errors(today=self.today, working_pattern=WorkingPattern.PART_TIME, fte=fte))
        data["fte"] = fte
        return data


class ProgrammeForm(StepForm):
    # IND-007 / E25-002: two training programmes from September 2025; never FIP, CIP or DIY (E25-005).
    training_programme = forms.ChoiceField(
        label="Which training programme will they follow?", widget=forms.RadioSelect,
        choices=TrainingProgramme.choices,
        # IND-007: a legacy value posted by hand is refused in the same words.
        error_messages={"required": "Select provider-led or school-led", "invalid_choice": "Select provider-led or school-led"},
    )
    lead_provider = forms.ModelChoiceField(
        label="Lead provider", queryset=LeadProvider.objects.none(), required=False, empty_label="Select a lead provider",
        error_messages={"invalid_choice": "Select the lead provider"},
    )
    choice_hints = {"training_programme": {
        TrainingProgramme.PROVIDER_LED: "A DfE-funded lead provider and delivery partner run the training.",
        TrainingProgramme.SCHOOL_LED: "Your school designs and delivers training based on the initial teacher training "
                                      "and early career framework. The appropriate body checks it covers the framework.",
    }}
    conditionals = {"training_programme": {TrainingProgramme.PROVIDER_LED: ["lead_provider"]}}

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_provider"].queryset = providers

    def clean(self):
        data = super().clean()
        programme = data.get("training_programme")
        if programme:
            provider = data.get("lead_provider")
            ids = [provider.pk] if provider else []
            put_errors(self, ect_field_errors(today=self.today, training_programme=programme,
                                              lead_provider_id=provider.pk if provider else None, lead_provider_ids=ids))
        return data


class MentorForm(StepForm):
    mentor = forms.ChoiceField(
        label="Who will mentor them?", widget=forms.RadioSelect,
        error_messages={"required": "Select a mentor, add a new one, or say you will assign one later",
                        "invalid_choice": "Select a mentor who is at this school"},
    )
    mentor_trn = trn_field("Mentor's teacher reference number (TRN)")
    mentor_first_name = name_field("Mentor's first name")
    mentor_last_name = name_field("Mentor's last name")
    mentor_email = email_field("Mentor's email address")
    conditionals = {"mentor": {MENTOR_NEW: ["mentor_trn", "mentor_first_name", "mentor_last_name", "mentor_email"]}}
    choice_hints = {"mentor": {MENTOR_NEW: "They get an email to set up their account and join mentor training.",
                               MENTOR_LATER: "Until you do, the ECT shows as needing action."}}

    def __init__(self, *args, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentors = {str(period.public_id): period for period in mentors}
        self.fields["mentor"].choices = [(key, period.teacher.full_name) for key, period in self.mentors.items()] + [
            (MENTOR_NEW, "Add a new mentor"),
            (MENTOR_LATER, "I'll assign a mentor later"),
        ]

    def clean(self):
        data = super().clean()
        if data.get("mentor") != MENTOR_NEW:
            return data
        trn = normalised_trn(self, "mentor_trn")  # ID-TRN-003
        details = MentorDetails(trn=trn, first_name=data.get("mentor_first_name", "").strip(),
                                last_name=data.get("mentor_last_name", "").strip(), email=data.get("mentor_email", "").strip())
        # ROLE-006 (self-mentoring) and the mentor's own email, in register_ect's words.
        errors = check_mentor_fields(details, ect_trn=self.answers.trn, ect_email=self.answers.email)
        if trn and not errors:
            errors = check_mentor_against_records(details, KnownTeachers([trn], [details.email], today=self.today))
        put_errors(self, errors, {key: f"mentor_{key}" for key in ("trn", "first_name", "last_name", "email")})
        data["new_mentor"] = {"trn": trn, "first_name": details.first_name, "last_name": details.last_name,
                              "email": details.email.lower()}
        return data
