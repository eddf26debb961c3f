"""Forms for programmes, cohorts, enrolments and nominations. They parse input; the rules live in
programmes.enrolments, enrolment_csv and nominations."""

from django import forms

from hubportal.lib.forms import RadioItemsMixin, date_field
from participants.models import LeadProvider
from participants.people.identifiers import normalise_trn
from participants.schools.forms import SchoolField
from programmes.cohorts.enrolment_csv import MAX_FILE_BYTES, MAX_ROWS
from programmes.cohorts.enrolments import PersonDetails
from programmes.models import CohortStage, ITTRoute, NPQIntake, NPQOutcome, Programme, StudyMode

BLANK = [("", "None")]


def year_choices(first: int, count: int = 3) -> list[tuple[int, str]]:
    return [(year, f"{year}/{(year + 1) % 100:02d}") for year in range(first, first + count)]


class CohortForm(forms.Form):
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.order_by("strand", "name"), error_messages={"required": "Select the programme"},
    )
    academic_year = forms.TypedChoiceField(coerce=int, error_messages={"required": "Select the academic year"})
    stage = forms.ChoiceField(
        label="Stage (ECTE only)", required=False,
        choices=[("", "Not the ECTE"), (CohortStage.YEAR_1, "Year 1"), (CohortStage.YEAR_2, "Year 2")],
    )
    intake = forms.ChoiceField(
        label="Intake (NPQs only)", required=False, choices=[("", "Not an NPQ"), *NPQIntake.choices],
        help_text="NPQ-C-003: an NPQ cohort starts in the autumn or the spring.",
    )
    lead_provider = forms.ModelChoiceField(
        label="Lead provider (optional)", required=False, queryset=LeadProvider.objects.filter(is_active=True),
        help_text="The lead provider the hub delivers this cohort for.",
    )

    def __init__(self, *args, first_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].choices = year_choices(first_year - 1, 3)
        self.fields["programme"].label_from_instance = lambda p: f"{p.get_strand_display()}: {p.name}"


class TRNField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Teacher reference number (TRN)")
        kwargs.setdefault("help_text", "7 digits, for example 1234567")
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}))
        super().__init__(max_length=20, **kwargs)

    def clean(self, value):
        return normalise_trn(super().clean(value))  # ID-TRN-003; its messages say what is wrong


class PersonForm(forms.Form):
    trn = TRNField(error_messages={"required": "Enter their teacher reference number (TRN)"})
    first_name = forms.CharField(max_length=150, error_messages={"required": "Enter their first name"})
    last_name = forms.CharField(max_length=150, error_messages={"required": "Enter their last name"})
    email = forms.EmailField(
        max_length=254, error_messages={"required": "Enter their email address",
                                        "invalid": "Enter an email address in the correct format, like name@example.com"},
    )

    def details(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            trn=data["trn"], first_name=data["first_name"], last_name=data["last_name"], email=data["email"],
            school_urn=data.get("school_urn"), itt_route=data.get("itt_route", ""), study_mode=data.get("study_mode", ""),
        )


class EnrolForm(PersonForm):
    # One of thousands of schools, typed and searched, never listed; cleaned to its URN for PersonDetails.
    school_urn = SchoolField(
        label="School (optional)", required=False,
        help_text="The school they are enrolled through. Start typing its name or URN.",
    )
    itt_route = forms.ChoiceField(label="ITT route (optional)", choices=[("", "Select a route"), *ITTRoute.choices], required=False)
    study_mode = forms.ChoiceField(label="Study mode (optional)", choices=StudyMode.choices, required=False, widget=forms.RadioSelect)

    def __init__(self, *args, itt: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not itt:
            del self.fields["itt_route"], self.fields["study_mode"]

    def clean_school_urn(self) -> int | None:
        school = self.cleaned_data.get("school_urn")
        return school.urn if school else None


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    # Several of these share a page, so each says what it is for (and its error says what is missing).
    LABELS = {
        "defer": ("Why are they deferring?", "Say why they are deferring"),
        "withdraw": ("Why are they withdrawing?", "Say why they are withdrawing"),
        None: ("Why is the nomination declined?", "Say why the nomination is declined: the school sees it"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label, required = self.LABELS.get(self.prefix, self.LABELS[None])
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome", choices=NPQOutcome.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select passed, failed or voided"},
    )
    completed_on = date_field("Completion date", error_messages={"required": "Enter the completion date"})


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file", help_text=f"Up to {MAX_ROWS:,} rows, smaller than {MAX_FILE_BYTES // (1024 * 1024)} MB.",
        error_messages={"required": "Select a CSV file"},
    )


class NpqCsvUploadForm(CsvUploadForm):
    academic_year = forms.TypedChoiceField(coerce=int, error_messages={"required": "Select the academic year"})

    field_order = ["academic_year", "file"]

    def __init__(self, *args, first_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].choices = year_choices(first_year, 2)


class NominationForm(PersonForm):
    cohort = forms.ModelChoiceField(queryset=None, label="Programme and cohort", error_messages={
        "required": "Select the programme and cohort", "invalid_choice": "Select one of the cohorts listed"})

    field_order = ["cohort", "trn", "first_name", "last_name", "email"]

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["cohort"].label_from_instance = lambda cohort: cohort.name



class DecisionForm(RadioItemsMixin, forms.Form):
    """Hub staff's decision on one nomination: approve, or decline with a reason the school sees."""

    decision = forms.ChoiceField(
        label="Decision", choices=[("approve", "Approve and enrol"), ("decline", "Decline")], widget=forms.RadioSelect,
        error_messages={"required": "Select approve or decline"},
    )
    reason = forms.CharField(
        label="Why is the nomination declined?", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only if you decline. The school sees this reason.",
    )

    # No conditional reveal: GOV.UK Frontend's marks its radios aria-expanded, which ARIA does not allow on a radio.
    choice_hints = {"decision": {"approve": "They are enrolled in the cohort straight away."}}

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("reason", "").strip():
            self.add_error("reason", ReasonForm.LABELS[None][1])
        return data
